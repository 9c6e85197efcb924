-- habil schema v1: certifier identity, change journal, certifications.
-- Dates are TEXT 'YYYY-MM-DD'; instants are RFC 3339 UTC text; money is INTEGER cents.

CREATE TABLE certifier (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    name         TEXT NOT NULL,
    siret        TEXT NOT NULL CHECK (length(siret) = 14),
    nda          TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    signatory    TEXT NOT NULL DEFAULT '',
    cdc_client   TEXT NOT NULL DEFAULT '',
    cdc_contract TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    command   TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX journal_entity ON journal(entity, entity_id);

CREATE TABLE certification (
    code           TEXT PRIMARY KEY CHECK (code GLOB 'RNCP[0-9]*' OR code GLOB 'RS[0-9]*'),
    title          TEXT NOT NULL,
    level          INTEGER NOT NULL DEFAULT 0 CHECK (level = 0 OR level BETWEEN 3 AND 8),
    end_date       TEXT NOT NULL DEFAULT '' CHECK (end_date = '' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    delivery_limit TEXT NOT NULL DEFAULT '' CHECK (delivery_limit = '' OR delivery_limit GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    active         INTEGER CHECK (active IN (0, 1)),
    source         TEXT NOT NULL DEFAULT 'manual',
    source_date    TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

CREATE TABLE certification_bloc (
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    label         TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (certification, code)
) STRICT;

CREATE TABLE certification_access (
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
    access        TEXT NOT NULL CHECK (access IN ('FI','CA','FC','CQ','CL','VAE')),
    PRIMARY KEY (certification, access)
) STRICT;

-- Promotion statistics as published by France Compétences (XML export only).
CREATE TABLE certification_stat (
    certification  TEXT NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    certified      INTEGER,
    certified_vae  INTEGER,
    insertion_6m   INTEGER,
    target_job_24m INTEGER,
    PRIMARY KEY (certification, year)
) STRICT;

-- Partners listed on the public fiche (kept to reconcile with our register).
CREATE TABLE certification_published_partner (
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
    siret         TEXT NOT NULL,
    name          TEXT NOT NULL,
    habilitation  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT '',
    active_since  TEXT NOT NULL DEFAULT '',
    status_change TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (certification, siret, habilitation)
) STRICT;
