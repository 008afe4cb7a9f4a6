"""The competency profile: scores per competency per round, strengths, development areas
and change between rounds.

A competency score is the mean of its rated behaviours; "not observed" is left out, and a
competency with no rated behaviour has no score (None), never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coaching.assessments import Round, answers, submitted_rounds
from coaching.db import Database
from coaching.framework import Framework
from coaching.people import Identity

Scores = dict[str, float | None]  # competency id -> mean score, None when nothing was rated


@dataclass(frozen=True)
class RoundProfile:
    round: Round
    scores: Scores
    targets: dict[str, int]


def competency_scores(framework: Framework, ratings: Mapping[str, int | None]) -> Scores:
    """Mean of the rated behaviours per competency, from one round's answers."""
    scores: Scores = {}
    for competency in framework.competencies:
        rated = [ratings[b.id] for b in competency.behaviours if ratings.get(b.id) is not None]
        scores[competency.id] = sum(rated) / len(rated) if rated else None
    return scores


def profiles(db: Database, asking: Identity, framework: Framework) -> list[RoundProfile]:
    """Every submitted round of the asking leader with its scores and targets, oldest first.

    One query per table for all rounds: the mean is taken in DuckDB over the current
    framework's behaviour -> competency mapping, so behaviours a framework has dropped no
    longer count."""
    rounds = submitted_rounds(db, asking)
    if not rounds:
        return []
    round_ids = [r.id for r in rounds]
    behaviours = framework.behaviours
    with db.read() as cursor:
        means = cursor.execute(
            """
            WITH mapping AS (SELECT unnest(?::VARCHAR[]) AS behaviour_id, unnest(?::VARCHAR[]) AS competency_id)
            SELECT r.round_id, m.competency_id, avg(r.score)
            FROM ratings r JOIN mapping m USING (behaviour_id)
            WHERE r.round_id IN (SELECT unnest(?::INTEGER[]))
            GROUP BY ALL
            """,
            [[b.id for b in behaviours], [b.competency_id for b in behaviours], round_ids],
        ).fetchall()
        targets = cursor.execute(
            "SELECT round_id, competency_id, target FROM competency_notes "
            "WHERE round_id IN (SELECT unnest(?::INTEGER[])) AND target IS NOT NULL",
            [round_ids],
        ).fetchall()
    by_round: dict[int, Scores] = {rid: dict.fromkeys(framework.competency_ids) for rid in round_ids}
    for round_id, competency_id, mean in means:
        by_round[round_id][competency_id] = float(mean) if mean is not None else None
    targets_by_round: dict[int, dict[str, int]] = {rid: {} for rid in round_ids}
    for round_id, competency_id, target in targets:
        if competency_id in framework.competency_ids:
            targets_by_round[round_id][competency_id] = int(target)
    return [RoundProfile(r, by_round[r.id], targets_by_round[r.id]) for r in rounds]


def strengths(scores: Scores, count: int = 3) -> list[tuple[str, float]]:
    """The highest-scoring competencies, best first (ties keep framework order)."""
    rated = [(cid, s) for cid, s in scores.items() if s is not None]
    return sorted(rated, key=lambda item: -item[1])[:count]


def development_areas(scores: Scores, targets: Mapping[str, int], count: int = 3) -> list[tuple[str, float]]:
    """The largest gaps between target and score, largest first.

    Competencies without a target count against the top of the scale's middle (the gap to 4:
    "consistently, under pressure too"), so that a leader who set no targets still sees
    where to grow. A competency at or above its target is no development area."""
    gaps = []
    for cid, score in scores.items():
        if score is None:
            continue
        gap = targets.get(cid, 4) - score
        if gap > 0:
            gaps.append((cid, gap))
    return sorted(gaps, key=lambda item: -item[1])[:count]


def changes(current: Scores, previous: Scores) -> dict[str, float | None]:
    """Change per competency from the previous round; None where either side has no score."""
    return {
        cid: (score - previous[cid]) if score is not None and previous.get(cid) is not None else None
        for cid, score in current.items()
    }


def round_comments(db: Database, asking: Identity, round_id: int) -> dict[str, str]:
    """The leader's comments of one of their rounds, per competency (access checked there)."""
    return answers(db, asking, round_id).comments
