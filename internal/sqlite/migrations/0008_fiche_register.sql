-- habil schema v8: what the France Compétences export says of a fiche and
-- the next features need (issue 9): its certifiers (co-certification), its
-- registration type, the fiches that replace it, whether it may be
-- validated bloc by bloc, and the jury composition, prerequisites and bloc
-- evaluation modalities as published (the recorded values follow them until
-- the certifier edits them).

ALTER TABLE certification ADD COLUMN registration_type TEXT NOT NULL DEFAULT '';
-- NULL: not published; 0/1: bloc-by-bloc validation not allowed / allowed.
ALTER TABLE certification ADD COLUMN partial_validation INTEGER CHECK (partial_validation IN (0, 1));
ALTER TABLE certification ADD COLUMN published_jury_composition TEXT NOT NULL DEFAULT '';
ALTER TABLE certification ADD COLUMN published_prerequisites TEXT NOT NULL DEFAULT '';
ALTER TABLE certification_bloc ADD COLUMN published_evaluation TEXT NOT NULL DEFAULT '';

-- Certifiers listed on the fiche (CERTIFICATEURS), in the export's order.
CREATE TABLE certification_certifier (
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    siret         TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (certification, position)
) STRICT;

-- Fiches that replace it (NOUVELLES_CERTIFICATIONS).
CREATE TABLE certification_successor (
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
    successor     TEXT NOT NULL,
    PRIMARY KEY (certification, successor)
) STRICT;
