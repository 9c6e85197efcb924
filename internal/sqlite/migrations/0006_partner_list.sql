-- habil schema v6: 'partner list' filters and sorts in SQL.
-- name_fold and search_fold are the partner's name, and name and e-mail,
-- without case or accents (habil_fold is domain.Fold, registered by habil
-- on every connection). They are computed, never written, so every writer
-- keeps them right.
ALTER TABLE partner ADD COLUMN name_fold TEXT GENERATED ALWAYS AS (habil_fold(name)) VIRTUAL;
ALTER TABLE partner ADD COLUMN search_fold TEXT GENERATED ALWAYS AS (habil_fold(name) || ' | ' || habil_fold(email)) VIRTUAL;
-- One covering index: the list in name order, filtered by status, role or
-- Qualiopi end, is read from it without touching the table. (One index
-- rather than one per filter: each costs every partner write.)
CREATE INDEX partner_list ON partner(name_fold, siret, status, role, qualiopi_until);
