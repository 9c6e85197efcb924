-- habil schema v3: conventions de partenariat, their versions (avenants) and numbering.

-- The last number given per year of creation: numbers are never reused,
-- even if a convention row were ever removed.
CREATE TABLE convention_counter (
    year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
    last INTEGER NOT NULL CHECK (last >= 0)
) STRICT;

CREATE TABLE convention (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE CHECK (number GLOB 'CONV-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'),
    partner_siret      TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    certification      TEXT NOT NULL REFERENCES certification(code) ON DELETE RESTRICT,
    habilitation_id    INTEGER REFERENCES habilitation(id) ON DELETE SET NULL,
    status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'signed', 'ended', 'terminated')),
    created_on         TEXT NOT NULL CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    sent_on            TEXT NOT NULL DEFAULT '',
    signed_on          TEXT NOT NULL DEFAULT '',
    ended_on           TEXT NOT NULL DEFAULT '',
    end_reason         TEXT NOT NULL DEFAULT '',
    terminated_on      TEXT NOT NULL DEFAULT '',
    termination_reason TEXT NOT NULL DEFAULT '',
    renews_id          INTEGER REFERENCES convention(id) ON DELETE RESTRICT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX convention_partner ON convention(partner_siret, certification);
CREATE INDEX convention_certification ON convention(certification);
CREATE INDEX convention_renews ON convention(renews_id);

-- Version 1 holds the terms of the convention as drawn up; version N+1 the
-- terms after avenant n° N. The current terms are the highest version.
CREATE TABLE convention_version (
    convention_id     INTEGER NOT NULL REFERENCES convention(id) ON DELETE CASCADE,
    version           INTEGER NOT NULL CHECK (version >= 1),
    date              TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reason            TEXT NOT NULL DEFAULT '',
    scope             TEXT NOT NULL CHECK (scope IN ('train', 'assess', 'both')),
    blocs             TEXT NOT NULL DEFAULT '',   -- comma-separated bloc codes; '' = whole certification
    access            TEXT NOT NULL DEFAULT '',   -- comma-separated route codes; '' = every open route
    date_from         TEXT NOT NULL CHECK (date_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    date_to           TEXT NOT NULL CHECK (date_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date_to >= date_from),
    fee_per_candidate INTEGER NOT NULL DEFAULT 0 CHECK (fee_per_candidate >= 0),  -- cents; 0 = none
    fee_per_exam      INTEGER NOT NULL DEFAULT 0 CHECK (fee_per_exam >= 0),
    flat_fee          INTEGER NOT NULL DEFAULT 0 CHECK (flat_fee >= 0),            -- per year
    created_at        TEXT NOT NULL,
    PRIMARY KEY (convention_id, version)
) STRICT;
