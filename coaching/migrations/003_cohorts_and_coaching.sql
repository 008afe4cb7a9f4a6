-- Cohorts (an HR pilot's groups of leaders) and coaching relationships (which coach works
-- with which leader). The coach workspace and HR screens build on these.

CREATE SEQUENCE cohorts_id_seq START 1;
CREATE TABLE cohorts (
    id         INTEGER PRIMARY KEY DEFAULT nextval('cohorts_id_seq'),
    name       VARCHAR NOT NULL,
    starts_on  DATE,
    ends_on    DATE,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE cohort_members (
    cohort_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (cohort_id, person_id)
);
CREATE INDEX cohort_members_person ON cohort_members (person_id);

CREATE TABLE coaching_relationships (
    coach_id   INTEGER NOT NULL,
    leader_id  INTEGER NOT NULL,
    started_on DATE NOT NULL,
    ended_on   DATE,
    PRIMARY KEY (coach_id, leader_id)
);
CREATE INDEX coaching_relationships_leader ON coaching_relationships (leader_id);
