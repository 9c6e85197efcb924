-- habil schema v13: CPF accrochage — every XML file sent to the Caisse des
-- Dépôts (its idFlux, hash and size), every holder's passage with its stable
-- idTechnique and where it stands (pending, ok, ko, closed), and the history
-- of each send with the CDC's answer.

CREATE TABLE accrochage_flux (
    id_flux    TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    sent_on    TEXT NOT NULL CHECK (sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    file       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    passages   INTEGER NOT NULL,
    ack_on     TEXT NOT NULL DEFAULT '',
    ack_id     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE accrochage_passage (
    id_technique       TEXT PRIMARY KEY,
    certificate_number TEXT NOT NULL UNIQUE REFERENCES certificate(number) ON DELETE RESTRICT,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'ok', 'ko', 'closed')),
    id_flux            TEXT NOT NULL REFERENCES accrochage_flux(id_flux) ON DELETE RESTRICT,
    sent_on            TEXT NOT NULL,
    ack_on             TEXT NOT NULL DEFAULT '',
    message            TEXT NOT NULL DEFAULT '',
    closed_on          TEXT NOT NULL DEFAULT '',
    closed_reason      TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per send of a passage in a file, with the answer to that send.
CREATE TABLE accrochage_send (
    id_technique TEXT NOT NULL REFERENCES accrochage_passage(id_technique) ON DELETE CASCADE,
    id_flux      TEXT NOT NULL REFERENCES accrochage_flux(id_flux) ON DELETE RESTRICT,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'ko')),
    ack_on       TEXT NOT NULL DEFAULT '',
    message      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (id_technique, id_flux)
) STRICT;
CREATE INDEX accrochage_send_flux ON accrochage_send(id_flux);
