-- habil schema v7: what the 2025 decree (R6113-16 to R6113-16-6) makes a
-- convention d'habilitation state, and what was signed.

-- Parameters the certifier sets per certification and that every partner
-- must respect (R6113-16-3). NULL / '' = not recorded: the convention then
-- says they are "fixés par le certificateur".
ALTER TABLE certification ADD COLUMN min_training_hours INTEGER CHECK (min_training_hours IS NULL OR min_training_hours >= 0);
ALTER TABLE certification ADD COLUMN internship_min_hours INTEGER CHECK (internship_min_hours IS NULL OR internship_min_hours >= 0);
ALTER TABLE certification ADD COLUMN internship_max_hours INTEGER CHECK (internship_max_hours IS NULL OR internship_max_hours >= 0);
ALTER TABLE certification ADD COLUMN min_in_person_pct INTEGER CHECK (min_in_person_pct IS NULL OR min_in_person_pct BETWEEN 0 AND 100);
ALTER TABLE certification ADD COLUMN max_trainees_per_trainer INTEGER CHECK (max_trainees_per_trainer IS NULL OR max_trainees_per_trainer >= 1);
ALTER TABLE certification ADD COLUMN prerequisites TEXT NOT NULL DEFAULT '';
ALTER TABLE certification ADD COLUMN jury_composition TEXT NOT NULL DEFAULT '';
-- 'jury': delivered after a jury's deliberation; 'score': obtained by a score
-- (a test), no jury.
ALTER TABLE certification ADD COLUMN award TEXT NOT NULL DEFAULT 'jury' CHECK (award IN ('jury', 'score'));

-- Evaluation modalities of each bloc (référentiel d'évaluation).
ALTER TABLE certification_bloc ADD COLUMN evaluation TEXT NOT NULL DEFAULT '';

-- The certifier's own number of a convention signed before habil.
ALTER TABLE convention ADD COLUMN reference TEXT NOT NULL DEFAULT '';
-- At signature: the SHA-256 of the PDF habil printed for the version signed,
-- and of the template text it was printed with.
ALTER TABLE convention ADD COLUMN signed_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE convention ADD COLUMN signed_pdf_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE convention ADD COLUMN signed_template_sha256 TEXT NOT NULL DEFAULT '';

-- Signed scans attached to a convention ('convention attach').
CREATE TABLE convention_attachment (
    id            INTEGER PRIMARY KEY,
    convention_id INTEGER NOT NULL REFERENCES convention(id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    size          INTEGER NOT NULL CHECK (size >= 0),
    attached_on   TEXT NOT NULL CHECK (attached_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL,
    UNIQUE (convention_id, sha256)
) STRICT;
