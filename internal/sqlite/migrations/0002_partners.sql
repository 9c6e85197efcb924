-- habil schema v2: partners, their status history and habilitations.

CREATE TABLE partner (
    siret              TEXT PRIMARY KEY CHECK (length(siret) = 14),
    name               TEXT NOT NULL,
    nda                TEXT NOT NULL DEFAULT '',
    role               TEXT NOT NULL DEFAULT 'partner' CHECK (role IN ('partner', 'co-certifier')),
    status             TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'active', 'suspended', 'withdrawn')),
    address            TEXT NOT NULL DEFAULT '',
    representative     TEXT NOT NULL DEFAULT '',
    email              TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    website            TEXT NOT NULL DEFAULT '',
    qualiopi_body      TEXT NOT NULL DEFAULT '',
    qualiopi_number    TEXT NOT NULL DEFAULT '',
    qualiopi_categories TEXT NOT NULL DEFAULT '',   -- comma-separated
    qualiopi_until     TEXT NOT NULL DEFAULT '' CHECK (qualiopi_until = '' OR qualiopi_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    uai                TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE TABLE partner_status_history (
    id          INTEGER PRIMARY KEY,
    siret       TEXT NOT NULL REFERENCES partner(siret) ON DELETE CASCADE,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reason      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX partner_status_history_siret ON partner_status_history(siret);

CREATE TABLE habilitation (
    id            INTEGER PRIMARY KEY,
    partner_siret TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE RESTRICT,
    scope         TEXT NOT NULL CHECK (scope IN ('train', 'assess', 'both')),
    blocs         TEXT NOT NULL DEFAULT '',   -- comma-separated bloc codes; '' = whole certification
    access        TEXT NOT NULL DEFAULT '',   -- comma-separated route codes; '' = every open route
    date_from     TEXT NOT NULL CHECK (date_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    date_to       TEXT NOT NULL DEFAULT '' CHECK (date_to = '' OR date_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX habilitation_partner ON habilitation(partner_siret, certification);
CREATE INDEX habilitation_certification ON habilitation(certification);
