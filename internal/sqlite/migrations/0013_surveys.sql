-- habil schema v14: insertion surveys of certificate holders (one answer per
-- holder and wave, 6 and 24 months after the jury decision) and the
-- statistics sent to France Compétences ('report france-competences --sent').

CREATE TABLE survey_answer (
    id                 INTEGER PRIMARY KEY,
    enrollment_id      INTEGER NOT NULL REFERENCES enrollment(id) ON DELETE CASCADE,
    certificate_number TEXT NOT NULL DEFAULT '',
    wave               TEXT NOT NULL CHECK (wave IN ('6m', '24m')),
    answered_on        TEXT NOT NULL CHECK (answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    situation          TEXT NOT NULL CHECK (situation IN ('emploi', 'recherche', 'etudes', 'incapacite', 'etranger', 'inactif')),
    target_job         INTEGER CHECK (target_job IN (0, 1)),
    contract           TEXT NOT NULL DEFAULT '' CHECK (contract IN ('', 'CDI', 'CDD', 'interim', 'independant', 'alternance', 'autre')),
    salary_cents       INTEGER CHECK (salary_cents >= 0),
    cadre              INTEGER CHECK (cadre IN (0, 1)),
    job_title          TEXT NOT NULL DEFAULT '',
    used               INTEGER CHECK (used IN (0, 1)),            -- RS: uses the certified skills at work
    frequency          TEXT NOT NULL DEFAULT '' CHECK (frequency IN ('', 'quotidienne', 'hebdomadaire', 'mensuelle', 'occasionnelle')),
    recognised         INTEGER CHECK (recognised IN (0, 1)),      -- RS: recognised by the employer
    recorded_at        TEXT NOT NULL,
    UNIQUE (enrollment_id, wave)
) STRICT;

CREATE TABLE fc_statistics_sent (
    id            INTEGER PRIMARY KEY,
    certification TEXT NOT NULL,
    sent_on       TEXT NOT NULL CHECK (sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at   TEXT NOT NULL,
    UNIQUE (certification, sent_on)
) STRICT;
