-- habil schema v17: the network's life (issue 17) — improvement actions and
-- the improvement committee (conseil de perfectionnement), royalty
-- statements and payments, partner applications with their scored grid,
-- trainings of the partners and the documents they must acknowledge.

-- An improvement action from any source, followed to closure (Qualiopi
-- indicator 32). origin names what it was made from ("audit 3 ITEM",
-- "session-event 7"), unique so that one finding makes one action.
CREATE TABLE improvement_action (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL CHECK (source IN ('audit', 'jury', 'complaint', 'survey', 'partner', 'other')),
    text          TEXT NOT NULL CHECK (text <> ''),
    partner_siret TEXT REFERENCES partner(siret) ON DELETE RESTRICT,
    certification TEXT NOT NULL DEFAULT '',
    opened_on     TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    due           TEXT NOT NULL DEFAULT '' CHECK (due = '' OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    closed_on     TEXT NOT NULL DEFAULT '' CHECK (closed_on = '' OR closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    outcome       TEXT NOT NULL DEFAULT '',
    origin        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX improvement_action_origin ON improvement_action(origin) WHERE origin <> '';

CREATE TABLE committee_meeting (
    id            INTEGER PRIMARY KEY,
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE RESTRICT,
    date          TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX committee_meeting_cert ON committee_meeting(certification, date);

CREATE TABLE committee_member (
    meeting_id INTEGER NOT NULL REFERENCES committee_meeting(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, position)
) STRICT;

CREATE TABLE committee_decision (
    meeting_id INTEGER NOT NULL REFERENCES committee_meeting(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
) STRICT;

-- A recorded royalty statement: the total a partner owes for a calendar
-- year, a new version each time it changes; lines holds the detail (JSON).
CREATE TABLE royalty_statement (
    id            INTEGER PRIMARY KEY,
    partner_siret TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    period        INTEGER NOT NULL CHECK (period BETWEEN 1900 AND 2199),
    version       INTEGER NOT NULL CHECK (version >= 1),
    total_cents   INTEGER NOT NULL CHECK (total_cents >= 0),
    lines         TEXT NOT NULL DEFAULT '[]',
    recorded_on   TEXT NOT NULL CHECK (recorded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL,
    UNIQUE (partner_siret, period, version)
) STRICT;

CREATE TABLE royalty_payment (
    id            INTEGER PRIMARY KEY,
    partner_siret TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    period        INTEGER NOT NULL CHECK (period BETWEEN 1900 AND 2199),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    date          TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX royalty_payment_partner ON royalty_payment(partner_siret, period);

-- An application to become a partner, its scored grid and the decision.
CREATE TABLE application (
    id              INTEGER PRIMARY KEY,
    partner_siret   TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    certification   TEXT NOT NULL REFERENCES certification(code) ON DELETE RESTRICT,
    scope           TEXT NOT NULL CHECK (scope IN ('train', 'assess', 'both')),
    opened_on       TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    assessed_on     TEXT NOT NULL DEFAULT '' CHECK (assessed_on = '' OR assessed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    assessed_from   TEXT NOT NULL DEFAULT '',
    decision        TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'accept', 'refuse')),
    decided_on      TEXT NOT NULL DEFAULT '' CHECK (decided_on = '' OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reason          TEXT NOT NULL DEFAULT '',
    convention_id   INTEGER REFERENCES convention(id) ON DELETE RESTRICT,
    habilitation_id INTEGER REFERENCES habilitation(id) ON DELETE RESTRICT,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX application_partner ON application(partner_siret);

CREATE TABLE application_score (
    application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    criterion      TEXT NOT NULL,
    score          INTEGER NOT NULL CHECK (score >= 0),
    max_score      INTEGER NOT NULL CHECK (max_score > 0),
    evidence       TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, position)
) STRICT;

-- Professionalisation: trainings of the partners' trainers and evaluators.
CREATE TABLE network_training (
    id         INTEGER PRIMARY KEY,
    date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    topic      TEXT NOT NULL CHECK (topic <> ''),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE network_training_partner (
    training_id   INTEGER NOT NULL REFERENCES network_training(id) ON DELETE CASCADE,
    partner_siret TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    PRIMARY KEY (training_id, partner_siret)
) STRICT;
CREATE INDEX network_training_partner_siret ON network_training_partner(partner_siret);

CREATE TABLE network_training_attendee (
    training_id   INTEGER NOT NULL REFERENCES network_training(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    partner_siret TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (training_id, position)
) STRICT;

-- The documents partners must use, by version (stored by SHA-256), and
-- their acknowledgements.
CREATE TABLE network_document (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    version      TEXT NOT NULL,
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    file_name    TEXT NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    published_on TEXT NOT NULL CHECK (published_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at   TEXT NOT NULL,
    UNIQUE (name, version)
) STRICT;

CREATE TABLE network_document_ack (
    document_id   INTEGER NOT NULL REFERENCES network_document(id) ON DELETE CASCADE,
    partner_siret TEXT NOT NULL REFERENCES partner(siret) ON DELETE RESTRICT,
    date          TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (document_id, partner_siret)
) STRICT;
