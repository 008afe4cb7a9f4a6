-- Goals (phases 1 and 4), their action plans (phase 4) and the weekly tracker (phase 5).
-- Nothing with history is ever deleted: goals and actions are archived instead.

CREATE SEQUENCE goals_id_seq START 1;
CREATE TABLE goals (
    id           INTEGER PRIMARY KEY DEFAULT nextval('goals_id_seq'),
    person_id    INTEGER NOT NULL,
    title        VARCHAR NOT NULL,
    why          VARCHAR,
    horizon      VARCHAR NOT NULL CHECK (horizon IN ('short', 'long')),
    measure      VARCHAR,                      -- measure of success: how I and others will notice
    target_date  DATE,
    status       VARCHAR NOT NULL CHECK (status IN ('draft', 'active', 'on_hold', 'achieved', 'dropped')),
    competencies VARCHAR[] NOT NULL DEFAULT [],
    behaviours   VARCHAR[] NOT NULL DEFAULT [],
    origin       VARCHAR NOT NULL DEFAULT 'scratch',   -- scratch, profile, or template:<situation>
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    archived_at  TIMESTAMP
);
CREATE INDEX goals_person ON goals (person_id);

-- Every progress estimate is kept, so that progress over time is a chart.
CREATE TABLE goal_progress (
    goal_id     INTEGER NOT NULL,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    percent     TINYINT NOT NULL CHECK (percent BETWEEN 0 AND 100)
);
CREATE INDEX goal_progress_goal ON goal_progress (goal_id);

CREATE SEQUENCE actions_id_seq START 1;
CREATE TABLE actions (
    id             INTEGER PRIMARY KEY DEFAULT nextval('actions_id_seq'),
    goal_id        INTEGER NOT NULL,
    person_id      INTEGER NOT NULL,
    title          VARCHAR NOT NULL,           -- what I will do: the behaviour or strategy
    cadence        VARCHAR NOT NULL CHECK (cadence IN ('once', 'weekly', 'weekdays')),
    times_per_week TINYINT CHECK (times_per_week BETWEEN 1 AND 7),
    weekdays       TINYINT[] NOT NULL DEFAULT [],   -- ISO weekday numbers 1 (Mon) .. 7 (Sun)
    start_date     DATE NOT NULL,
    due_date       DATE,
    obstacles      VARCHAR,                    -- likely obstacles and how I will meet them
    support        VARCHAR,                    -- resources and support: people, training, reading
    status         VARCHAR NOT NULL CHECK (status IN ('active', 'done', 'dropped')),
    closed_on      DATE,                       -- when it became done or dropped: no targets after
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    archived_at    TIMESTAMP
);
CREATE INDEX actions_person ON actions (person_id);

-- One row per action and ISO week: the days it was done (ISO weekday numbers).
CREATE TABLE checkins (
    action_id  INTEGER NOT NULL,
    person_id  INTEGER NOT NULL,
    week_start DATE NOT NULL,                  -- the Monday
    days       TINYINT[] NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (action_id, week_start)
);
CREATE INDEX checkins_person_week ON checkins (person_id, week_start);

CREATE TABLE reflections (
    person_id      INTEGER NOT NULL,
    week_start     DATE NOT NULL,
    went_well      VARCHAR,
    learned        VARCHAR,
    do_differently VARCHAR,
    energy         TINYINT CHECK (energy BETWEEN 1 AND 5),
    stress         TINYINT CHECK (stress BETWEEN 1 AND 5),
    for_coach      VARCHAR,                    -- what I want to bring to my coach
    updated_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (person_id, week_start)
);
