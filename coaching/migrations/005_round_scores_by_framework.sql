-- Migration 4 filled round_scores for every earlier round with the mapping of the default
-- framework (koers 2026.1). For a round taken with another framework, or another version of
-- it, those means are wrong or missing. Remove them: at start Koers stores them again with
-- the framework the round was taken with (assessments.fill_missing_scores). Rounds submitted
-- after migration 4 were stored with their own framework and are kept.
DELETE FROM round_scores
WHERE round_id IN (
    SELECT a.id FROM assessment_rounds a
    WHERE a.status = 'submitted'
      AND NOT (a.framework_id = 'koers' AND a.framework_version = '2026.1')
      AND a.submitted_at <= (SELECT applied_at FROM schema_migrations WHERE version = 4)
);
