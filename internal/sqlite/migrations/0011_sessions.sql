-- habil schema v11: certification sessions — candidates (one person across
-- sessions), their enrolments with results, the certificates and bloc
-- attestations delivered, and the session log (incidents, evidence files,
-- appeals).

-- A candidate is one person: birth name + first name + birth date, compared
-- without accents or case (key). Only the identity the CDC declaration and
-- France Compétences need is kept; never a social security number.
CREATE TABLE candidate (
    id                INTEGER PRIMARY KEY,
    key               TEXT NOT NULL UNIQUE,
    birth_name        TEXT NOT NULL,
    usage_name        TEXT NOT NULL DEFAULT '',
    first_name        TEXT NOT NULL,
    first_name2       TEXT NOT NULL DEFAULT '',
    first_name3       TEXT NOT NULL DEFAULT '',
    birth_date        TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    sex               TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'M', 'F')),
    birth_insee       TEXT NOT NULL DEFAULT '',
    birth_town        TEXT NOT NULL DEFAULT '',
    birth_postal_code TEXT NOT NULL DEFAULT '',
    birth_country     TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

-- A session is organised by a partner or by the certifier itself
-- (partner_siret is then the certifier's SIRET, hence no foreign key).
CREATE TABLE session (
    id            INTEGER PRIMARY KEY,
    certification TEXT NOT NULL REFERENCES certification(code) ON DELETE RESTRICT,
    partner_siret TEXT NOT NULL,
    date          TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date      TEXT NOT NULL DEFAULT '' CHECK (end_date = '' OR end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    place         TEXT NOT NULL DEFAULT '',
    postal_code   TEXT NOT NULL DEFAULT '',
    mode          TEXT NOT NULL DEFAULT '' CHECK (mode IN ('', 'onsite', 'remote', 'mixed')),
    jury          TEXT NOT NULL DEFAULT '[]', -- JSON array of "NAME, ROLE"
    jury_date     TEXT NOT NULL DEFAULT '' CHECK (jury_date = '' OR jury_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    delivered_on  TEXT NOT NULL DEFAULT '' CHECK (delivered_on = '' OR delivered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX session_certification ON session(certification, date);
CREATE INDEX session_partner ON session(partner_siret, date);

CREATE TABLE enrollment (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    candidate_id    INTEGER NOT NULL REFERENCES candidate(id) ON DELETE RESTRICT,
    position        INTEGER NOT NULL DEFAULT 0,
    access          TEXT NOT NULL,
    vae_type        TEXT NOT NULL DEFAULT '' CHECK (vae_type IN ('', 'conge_vae', 'vae_classique')),
    blocs           TEXT NOT NULL DEFAULT '', -- targeted bloc codes, space-separated ('' = whole certification)
    cpf_file        TEXT NOT NULL DEFAULT '',
    registered_on   TEXT NOT NULL DEFAULT '',
    trained_by      TEXT NOT NULL DEFAULT '', -- SIRET of the partner that trained the candidate ('' = the organiser)
    accommodation   TEXT NOT NULL DEFAULT '', -- exam accommodations (aménagements) for a disabled candidate
    result          TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'admitted', 'failed', 'absent')),
    blocs_validated TEXT NOT NULL DEFAULT '', -- space-separated
    mention         TEXT NOT NULL DEFAULT '',
    score           TEXT NOT NULL DEFAULT '', -- decimal with a dot, as entered
    UNIQUE (session_id, candidate_id)
) STRICT;
CREATE INDEX enrollment_candidate ON enrollment(candidate_id);

-- Certificates (parchemins) and bloc attestations. Numbers are unique and
-- never reused: certificate_counter keeps the last sequence per
-- certification and year.
CREATE TABLE certificate (
    number        TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('certificate', 'attestation')),
    enrollment_id INTEGER NOT NULL REFERENCES enrollment(id) ON DELETE RESTRICT,
    certification TEXT NOT NULL,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    blocs         TEXT NOT NULL DEFAULT '', -- blocs attested (attestation)
    jury_date     TEXT NOT NULL,
    issued_on     TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    duplicates    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (certification, year, seq),
    UNIQUE (enrollment_id, kind)
) STRICT;
CREATE TABLE certificate_counter (
    certification TEXT NOT NULL,
    year          INTEGER NOT NULL,
    last          INTEGER NOT NULL,
    PRIMARY KEY (certification, year)
) STRICT;

-- The session's log: incidents (anomalies), evidence files (stored by
-- path with SHA-256, size and date) and appeals against a jury decision.
CREATE TABLE session_event (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('incident', 'evidence', 'appeal')),
    date          TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    enrollment_id INTEGER REFERENCES enrollment(id) ON DELETE RESTRICT,
    outcome       TEXT NOT NULL DEFAULT '',
    outcome_date  TEXT NOT NULL DEFAULT '',
    path          TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX session_event_session ON session_event(session_id, id);
