"""The competency profile: scores per competency per round, strengths, development areas
and change between rounds.

A competency score is the mean of its rated behaviours; "not observed" is left out, and a
competency with no rated behaviour has no score (None), never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coaching import access
from coaching.assessments import Round, comments, submitted_rounds
from coaching.db import Database
from coaching.framework import Framework
from coaching.people import Identity

Scores = dict[str, float | None]  # competency id -> mean score, None when nothing was rated


@dataclass(frozen=True)
class RoundProfile:
    round: Round
    scores: Scores
    targets: dict[str, int]


def profiles(db: Database, asking: Identity, framework: Framework, of: int | None = None) -> list[RoundProfile]:
    """Every submitted round of the asking leader (or of leader `of`, for whoever may see
    their profile) with its scores and targets, oldest first.

    The means were stored when each round was submitted (assessments.store_scores), so this
    reads them and the targets in one query. Competencies the current framework no longer
    has are left out; ones it added show as missing for older rounds."""
    rounds = submitted_rounds(db, asking, of)
    if not rounds:
        return []
    access.shown(db, asking, rounds[0].person_id, "profile")
    round_ids = [r.id for r in rounds]
    with db.read() as cursor:
        found = cursor.execute(
            """
            SELECT 'score', round_id, competency_id, mean FROM round_scores
            WHERE round_id IN (SELECT unnest($rounds::INTEGER[]))
            UNION ALL
            SELECT 'target', round_id, competency_id, target FROM competency_notes
            WHERE round_id IN (SELECT unnest($rounds::INTEGER[])) AND target IS NOT NULL
            """,
            {"rounds": round_ids},
        ).fetchall()
    scores: dict[int, Scores] = {rid: dict.fromkeys(framework.competency_ids) for rid in round_ids}
    targets: dict[int, dict[str, int]] = {rid: {} for rid in round_ids}
    for kind, round_id, competency_id, value in found:
        if competency_id not in scores[round_id] or value is None:
            continue
        if kind == "score":
            scores[round_id][competency_id] = float(value)
        else:
            targets[round_id][competency_id] = int(value)
    return [RoundProfile(r, scores[r.id], targets[r.id]) for r in rounds]


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
    return comments(db, asking, round_id)
