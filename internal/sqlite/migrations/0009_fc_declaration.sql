-- habil schema v9: the changes the certifier declared on its France
-- Compétences space ('habil partner declared SIRET --date D'), so that check
-- stops reporting a change as undeclared (FC_DECLARATION_LATE) while the
-- open-data export has not caught up yet.

CREATE TABLE fc_declaration (
    id            INTEGER PRIMARY KEY,
    siret         TEXT NOT NULL REFERENCES partner(siret),
    certification TEXT NOT NULL DEFAULT '',      -- '' = every certification of the partner
    declared_on   TEXT NOT NULL CHECK (declared_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_at   TEXT NOT NULL                  -- RFC 3339 instant it was recorded
) STRICT;

CREATE INDEX fc_declaration_siret ON fc_declaration(siret, declared_on);
