-- habil schema v4: results of 'habil partner reconcile' (our partner register
-- against the France Compétences register), kept so that 'habil check' can
-- report the last one.

CREATE TABLE reconcile_run (
    id             INTEGER PRIMARY KEY,
    run_at         TEXT NOT NULL,                 -- RFC 3339 instant of the run
    as_of          TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), -- --at of the run
    source         TEXT NOT NULL,                 -- file compared, or 'stored' (published partners kept by certification import)
    shape          TEXT NOT NULL,                 -- xml, xml-zip, csv-zip, csv-dir, stored
    source_date    TEXT NOT NULL DEFAULT '',      -- date of the export, when known
    has_status     INTEGER NOT NULL CHECK (has_status IN (0, 1)), -- 0: the source carries no habilitation status (CSV)
    certifications TEXT NOT NULL DEFAULT '',      -- comma-separated codes compared
    published      INTEGER NOT NULL DEFAULT 0     -- organisation rows listed for them
) STRICT;

CREATE TABLE reconcile_finding (
    run_id        INTEGER NOT NULL REFERENCES reconcile_run(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    code          TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    subject       TEXT NOT NULL,
    message       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    certification TEXT NOT NULL DEFAULT '',
    siret         TEXT NOT NULL DEFAULT '',
    since         TEXT NOT NULL DEFAULT '' CHECK (since = '' OR since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    PRIMARY KEY (run_id, position)
) STRICT;
