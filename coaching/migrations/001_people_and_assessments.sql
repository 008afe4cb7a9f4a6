-- People and their roles, and self-assessment rounds.
-- Few foreign keys on purpose: DuckDB cannot alter a table that a foreign key references,
-- so referential rules are kept in the service layer and schema changes stay possible.

CREATE SEQUENCE people_id_seq START 1;
CREATE TABLE people (
    id           INTEGER PRIMARY KEY DEFAULT nextval('people_id_seq'),
    email        VARCHAR UNIQUE,                -- NULL for the local leader of personal mode
    display_name VARCHAR NOT NULL,
    role         VARCHAR NOT NULL CHECK (role IN ('leader', 'coach', 'hr', 'admin')),
    language     VARCHAR NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'nl')),
    kind         VARCHAR NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'local', 'demo')),
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE rounds_id_seq START 1;
CREATE TABLE assessment_rounds (
    id                INTEGER PRIMARY KEY DEFAULT nextval('rounds_id_seq'),
    person_id         INTEGER NOT NULL,
    framework_id      VARCHAR NOT NULL,
    framework_version VARCHAR NOT NULL,
    assessed_on       DATE NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN ('draft', 'submitted')),
    created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    submitted_at      TIMESTAMP
);
CREATE INDEX assessment_rounds_person ON assessment_rounds (person_id, status, assessed_on);

-- One row per answered behaviour; score NULL means "not observed".
CREATE TABLE ratings (
    round_id     INTEGER NOT NULL,
    behaviour_id VARCHAR NOT NULL,
    score        TINYINT CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (round_id, behaviour_id)
);

-- Per round and competency: the leader's comment and target level ("in a year").
CREATE TABLE competency_notes (
    round_id      INTEGER NOT NULL,
    competency_id VARCHAR NOT NULL,
    comment       VARCHAR,
    target        TINYINT CHECK (target BETWEEN 1 AND 5),
    PRIMARY KEY (round_id, competency_id)
);
