-- Each submitted round's competency means, stored when the round is submitted, with the
-- framework the round was taken with. The profile and (later) cohort summaries read these
-- instead of averaging every rating on every view.

CREATE TABLE round_scores (
    round_id      INTEGER NOT NULL,
    competency_id VARCHAR NOT NULL,
    mean          DOUBLE,                 -- NULL: nothing rated ("not observed" only)
    rated         INTEGER NOT NULL,       -- how many behaviours had a score
    PRIMARY KEY (round_id, competency_id)
);

-- Rounds submitted before this migration and taken with framework koers 2026.1 are filled
-- here, with that framework's behaviour -> competency mapping spelled out. Rounds taken with
-- another framework are filled at start with their own (assessments.fill_missing_scores).
-- (Until migration 5 this filled every round with this mapping; 5 repairs what it did.)
INSERT INTO round_scores (round_id, competency_id, mean, rated)
WITH mapping (behaviour_id, competency_id) AS (VALUES
    ('verbal_written_communication', 'communication'),
    ('active_listening', 'communication'),
    ('reading_nonverbal_signals', 'communication'),
    ('self_awareness', 'emotional_intelligence'),
    ('empathy', 'emotional_intelligence'),
    ('handling_emotions', 'emotional_intelligence'),
    ('critical_thinking', 'decision_making'),
    ('problem_solving', 'decision_making'),
    ('informed_decisions', 'decision_making'),
    ('long_term_vision', 'strategic_thinking'),
    ('market_trends', 'strategic_thinking'),
    ('strategy_alignment', 'strategic_thinking'),
    ('influencing_persuading', 'influence'),
    ('building_consensus', 'influence'),
    ('negotiating', 'influence'),
    ('building_teams', 'collaboration'),
    ('leading_high_performing_teams', 'collaboration'),
    ('collaboration_conflict', 'collaboration'),
    ('leading_change', 'change_management'),
    ('adaptability', 'change_management'),
    ('resilience', 'change_management'),
    ('coaching_team_members', 'coaching_mentoring'),
    ('innovative_thinking', 'innovation'),
    ('encouraging_creativity', 'innovation'),
    ('innovation_culture', 'innovation')
)
SELECT r.round_id, m.competency_id, avg(r.score), count(r.score)
FROM ratings r
JOIN mapping m USING (behaviour_id)
JOIN assessment_rounds a ON a.id = r.round_id AND a.status = 'submitted'
    AND a.framework_id = 'koers' AND a.framework_version = '2026.1'
GROUP BY ALL;
