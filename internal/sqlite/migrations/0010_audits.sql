-- habil schema v10: the control of the network — recorded audits with their
-- checklist results and non-conformities, and the website checks of
-- 'audit web' with their evidence.

CREATE TABLE audit (
    id                INTEGER PRIMARY KEY,
    partner_siret     TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    date              TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    auditor           TEXT NOT NULL,
    checklist_version TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_partner ON audit(partner_siret, date);

-- One row per checklist item of an audit; a non-compliant row is a finding
-- (non-conformity) with its severity, corrective action and deadline.
CREATE TABLE audit_item (
    id           INTEGER PRIMARY KEY,
    audit_id     INTEGER NOT NULL REFERENCES audit(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    point        TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('compliant', 'noncompliant', 'na')),
    observations TEXT NOT NULL DEFAULT '',
    severity     TEXT NOT NULL DEFAULT '' CHECK (severity IN ('', 'minor', 'major')),
    action       TEXT NOT NULL DEFAULT '',
    deadline     TEXT NOT NULL DEFAULT '' CHECK (deadline = '' OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    closed_on    TEXT NOT NULL DEFAULT '' CHECK (closed_on = '' OR closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    closure      TEXT NOT NULL DEFAULT '',
    UNIQUE (audit_id, code),
    CHECK (status = 'noncompliant' OR severity = '')
) STRICT;

CREATE TABLE web_check (
    id            INTEGER PRIMARY KEY,
    partner_siret TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    url           TEXT NOT NULL,
    checked_on    TEXT NOT NULL CHECK (checked_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    fetched_at    TEXT NOT NULL,
    http_status   INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX web_check_partner ON web_check(partner_siret, checked_on);

CREATE TABLE web_finding (
    web_check_id INTEGER NOT NULL REFERENCES web_check(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    code         TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message      TEXT NOT NULL,
    PRIMARY KEY (web_check_id, position)
) STRICT;

-- The observations deadline of a suspension as a precaution (R6113-16-6).
ALTER TABLE partner_status_history ADD COLUMN observations_until TEXT NOT NULL DEFAULT ''
    CHECK (observations_until = '' OR observations_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
