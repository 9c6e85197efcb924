-- habil schema v6: 'partner list' filters and sorts in SQL.
-- name_fold and search_fold are the partner's name, and name and e-mail,
-- without case or accents (habil_fold is domain.Fold, registered by habil
-- on every connection). They are computed, never written, so every writer
-- keeps them right.
ALTER TABLE partner ADD COLUMN name_fold TEXT GENERATED ALWAYS AS (habil_fold(name)) VIRTUAL;
ALTER TABLE partner ADD COLUMN search_fold TEXT GENERATED ALWAYS AS (habil_fold(name) || ' | ' || habil_fold(email)) VIRTUAL;
CREATE INDEX partner_name_fold ON partner(name_fold, siret);
CREATE INDEX partner_status ON partner(status);
CREATE INDEX partner_qualiopi_until ON partner(qualiopi_until);
