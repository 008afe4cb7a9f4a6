-- Team mode: a person holds a set of roles, can be deactivated (their data stays) and is
-- matched by e-mail case-insensitively and uniquely; a coach is paired with a leader for a
-- period, and a pair may meet again later; the leader decides what their coach sees; every
-- view of a leader's content by someone else is logged for the leader to read.

-- DuckDB cannot add a UNIQUE column or drop a constrained one in place: people are copied
-- into a new table. E-mail addresses are kept trimmed and in lower case; should two people
-- share one but for its case, the later one keeps it with a #duplicate-<id> suffix and is
-- deactivated, so that nobody signs in as the wrong person and nothing is lost.
CREATE TABLE people_next (
    id           INTEGER PRIMARY KEY DEFAULT nextval('people_id_seq'),
    email        VARCHAR UNIQUE,               -- lower case; NULL for the local and demo leaders
    display_name VARCHAR NOT NULL,
    language     VARCHAR NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'nl')),
    kind         VARCHAR NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'local', 'demo')),
    active       BOOLEAN NOT NULL DEFAULT true,
    demo_of      INTEGER,                      -- team mode: the person whose private demo leader this is
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
INSERT INTO people_next (id, email, display_name, language, kind, active, created_at)
SELECT id,
       CASE WHEN email IS NULL OR number = 1 THEN lower(trim(email))
            ELSE lower(trim(email)) || '#duplicate-' || id END,
       display_name, language, kind, email IS NULL OR number = 1, created_at
FROM (SELECT *, row_number() OVER (PARTITION BY lower(trim(email)) ORDER BY id) AS number FROM people);

CREATE TABLE person_roles (
    person_id INTEGER NOT NULL,
    role      VARCHAR NOT NULL CHECK (role IN ('leader', 'coach', 'hr', 'admin')),
    PRIMARY KEY (person_id, role)
);
INSERT INTO person_roles (person_id, role) SELECT id, role FROM people;

DROP TABLE people;
ALTER TABLE people_next RENAME TO people;

-- A coach and a leader, for a period (no end: ongoing). One pair may have several periods.
CREATE SEQUENCE pairings_id_seq START 1;
CREATE TABLE pairings (
    id         INTEGER PRIMARY KEY DEFAULT nextval('pairings_id_seq'),
    coach_id   INTEGER NOT NULL,
    leader_id  INTEGER NOT NULL,
    starts_on  DATE NOT NULL,
    ends_on    DATE,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    CHECK (coach_id <> leader_id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
INSERT INTO pairings (coach_id, leader_id, starts_on, ends_on)
SELECT coach_id, leader_id, started_on, ended_on FROM coaching_relationships ORDER BY started_on, coach_id, leader_id;
DROP TABLE coaching_relationships;
CREATE INDEX pairings_leader ON pairings (leader_id);
CREATE INDEX pairings_coach ON pairings (coach_id);

-- What a leader shares with their coach, per kind. No row: the default (coaching.access).
CREATE TABLE sharing (
    leader_id  INTEGER NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('profile', 'goals', 'completion', 'reflections', 'comments')),
    shared     BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (leader_id, kind)
);

-- Who was shown a leader's content, or changed what concerns them, and when.
CREATE SEQUENCE access_log_id_seq START 1;
CREATE TABLE access_log (
    id          BIGINT PRIMARY KEY DEFAULT nextval('access_log_id_seq'),
    seen_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    leader_id   INTEGER NOT NULL,
    viewer_id   INTEGER,                       -- NULL: the command line
    viewer_name VARCHAR NOT NULL,              -- as they were called then
    what        VARCHAR NOT NULL               -- a catalog key: what was seen or changed
);
CREATE INDEX access_log_leader ON access_log (leader_id, seen_at);
