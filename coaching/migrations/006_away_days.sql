-- Days a leader is away (holiday, illness; Loop Habit Tracker's "skip"): they count neither
-- for nor against a week's target, a streak or a habit's strength. One row per person and
-- ISO week, as check-ins are kept.
CREATE TABLE away_days (
    person_id  INTEGER NOT NULL,
    week_start DATE NOT NULL,                  -- the Monday
    days       TINYINT[] NOT NULL,             -- ISO weekday numbers 1 (Mon) .. 7 (Sun)
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (person_id, week_start)
);
