"""Self-assessment rounds: a dated draft that resumes, rated behaviour by behaviour, then
submitted once and kept as history.

A draft is saved answer by answer, so that a leader who closes the browser finds it again.
A submitted round is never changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb

from coaching import access
from coaching.access import fetch_owned
from coaching.db import Database
from coaching.errors import ValidationError
from coaching.framework import SCALE_LEVELS, Behaviour, Framework
from coaching.people import Identity

MAX_COMMENT_CHARS = 4_000
EARLIEST_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Round:
    id: int
    person_id: int
    framework_id: str
    framework_version: str
    assessed_on: dt.date
    status: str  # "draft" or "submitted"
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class RoundAnswers:
    """A round with everything answered so far."""

    round: Round
    ratings: dict[str, int | None] = field(default_factory=dict)  # behaviour id -> score, None = not observed
    comments: dict[str, str] = field(default_factory=dict)  # competency id -> comment
    targets: dict[str, int] = field(default_factory=dict)  # competency id -> target level


class IncompleteRound(ValidationError):
    key = "assessment.error_incomplete"


_ROUND_COLUMNS = "id, person_id, framework_id, framework_version, assessed_on, status, submitted_at"
_SELECT_ROUND = "SELECT " + _ROUND_COLUMNS + " FROM assessment_rounds "
_RETURNING_ROUND = " RETURNING " + _ROUND_COLUMNS


def _round(row: tuple) -> Round:
    return Round(*row)


def _owned_round(cursor: duckdb.DuckDBPyConnection, asking: Identity, round_id: int) -> Round:
    return fetch_owned(cursor, asking, _SELECT_ROUND + "WHERE id = ?", round_id, _round)


def _owned_draft(cursor: duckdb.DuckDBPyConnection, asking: Identity, round_id: int) -> Round:
    found = _owned_round(cursor, asking, round_id)
    if found.status != "draft":
        raise ValidationError("assessment.error_already_submitted")
    return found


# -- validation ---------------------------------------------------------------------------


def check_score(score: object) -> int | None:
    """A score is one of 1-5, or None for "not observed"."""
    if score is None:
        return None
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCALE_LEVELS:
        raise ValidationError("assessment.error_score", score=str(score)[:20])
    return score


def check_comment(comment: str) -> str:
    if not isinstance(comment, str):
        raise ValidationError("assessment.error_comment_type")
    comment = comment.replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValidationError("assessment.error_comment_length", limit=MAX_COMMENT_CHARS, length=len(comment))
    return comment


def check_date(day: object, today: dt.date) -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError("assessment.error_date")
    if day > today or day < EARLIEST_DATE:
        raise ValidationError("assessment.error_date")
    return day


def _check_behaviour(framework: Framework, behaviour_id: str) -> None:
    if behaviour_id not in framework.behaviour_ids:
        raise ValidationError("assessment.error_unknown_behaviour", behaviour=str(behaviour_id)[:60])


def _check_competency(framework: Framework, competency_id: str) -> None:
    if competency_id not in framework.competency_ids:
        raise ValidationError("assessment.error_unknown_competency", competency=str(competency_id)[:60])


def missing_behaviours(framework: Framework, ratings: Mapping[str, int | None]) -> list[Behaviour]:
    """The behaviours neither rated nor marked "not observed", in framework order."""
    return [b for b in framework.behaviours if b.id not in ratings]


# -- drafts -------------------------------------------------------------------------------


def current_draft(db: Database, asking: Identity) -> Round | None:
    with db.read() as cursor:
        row = cursor.execute(
            _SELECT_ROUND + "WHERE person_id = ? AND status = 'draft' "
            "ORDER BY id DESC LIMIT 1",
            [asking.person_id],
        ).fetchone()
    return _round(row) if row else None


def start_draft(db: Database, asking: Identity, framework: Framework, today: dt.date) -> Round:
    """The leader's open draft, or a new one dated today. There is at most one draft."""
    with db.write() as cursor:
        row = cursor.execute(
            _SELECT_ROUND + "WHERE person_id = ? AND status = 'draft'",
            [asking.person_id],
        ).fetchone()
        if row is None:
            row = cursor.execute(
                "INSERT INTO assessment_rounds (person_id, framework_id, framework_version, assessed_on, status) "
                "VALUES (?, ?, ?, ?, 'draft')" + _RETURNING_ROUND,
                [asking.person_id, framework.id, framework.version, today],
            ).fetchone()
    return _round(row)


def answers(db: Database, asking: Identity, round_id: int) -> RoundAnswers:
    with db.read() as cursor:
        found = _owned_round(cursor, asking, round_id)
        ratings = dict(cursor.execute("SELECT behaviour_id, score FROM ratings WHERE round_id = ?", [round_id]).fetchall())
        notes = cursor.execute(
            "SELECT competency_id, comment, target FROM competency_notes WHERE round_id = ?", [round_id]
        ).fetchall()
    return RoundAnswers(
        round=found,
        ratings=ratings,
        comments={cid: comment for cid, comment, _ in notes if comment},
        targets={cid: target for cid, _, target in notes if target is not None},
    )


def rate(db: Database, asking: Identity, framework: Framework, round_id: int, behaviour_id: str, score: int | None) -> None:
    """Record one answer in a draft: a score 1-5, or None for "not observed"."""
    _check_behaviour(framework, behaviour_id)
    score = check_score(score)
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        cursor.execute(
            "INSERT INTO ratings (round_id, behaviour_id, score) VALUES (?, ?, ?) "
            "ON CONFLICT (round_id, behaviour_id) DO UPDATE SET score = excluded.score",
            [round_id, behaviour_id, score],
        )


def unrate(db: Database, asking: Identity, round_id: int, behaviour_id: str) -> None:
    """Take an answer back, so that the behaviour counts as not yet answered."""
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        cursor.execute("DELETE FROM ratings WHERE round_id = ? AND behaviour_id = ?", [round_id, behaviour_id])


def set_comment(db: Database, asking: Identity, framework: Framework, round_id: int, competency_id: str, comment: str) -> None:
    _check_competency(framework, competency_id)
    comment = check_comment(comment)
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        cursor.execute(
            "INSERT INTO competency_notes (round_id, competency_id, comment) VALUES (?, ?, ?) "
            "ON CONFLICT (round_id, competency_id) DO UPDATE SET comment = excluded.comment",
            [round_id, competency_id, comment or None],
        )


def set_target(db: Database, asking: Identity, framework: Framework, round_id: int, competency_id: str, target: int | None) -> None:
    _check_competency(framework, competency_id)
    target = check_score(target)
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        cursor.execute(
            "INSERT INTO competency_notes (round_id, competency_id, target) VALUES (?, ?, ?) "
            "ON CONFLICT (round_id, competency_id) DO UPDATE SET target = excluded.target",
            [round_id, competency_id, target],
        )


def set_date(db: Database, asking: Identity, round_id: int, assessed_on: dt.date, today: dt.date) -> None:
    assessed_on = check_date(assessed_on, today)
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        cursor.execute("UPDATE assessment_rounds SET assessed_on = ? WHERE id = ?", [assessed_on, round_id])


def discard_draft(db: Database, asking: Identity, round_id: int) -> None:
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        cursor.execute("DELETE FROM ratings WHERE round_id = ?", [round_id])
        cursor.execute("DELETE FROM competency_notes WHERE round_id = ?", [round_id])
        cursor.execute("DELETE FROM assessment_rounds WHERE id = ?", [round_id])  # a draft has no scores yet


def submit(db: Database, asking: Identity, framework: Framework, round_id: int) -> Round:
    """Close a draft. Every behaviour must be rated or marked "not observed".

    The status check and the update are one transaction, so a double click submits once and
    the second click is told the round is already in."""
    with db.write() as cursor:
        _owned_draft(cursor, asking, round_id)
        answered = {row[0] for row in cursor.execute("SELECT behaviour_id FROM ratings WHERE round_id = ?", [round_id]).fetchall()}
        missing = [b for b in framework.behaviours if b.id not in answered]
        if missing:
            raise IncompleteRound(count=len(missing), missing=[b.id for b in missing])
        row = cursor.execute(
            "UPDATE assessment_rounds SET status = 'submitted', submitted_at = current_timestamp "
            "WHERE id = ? AND status = 'draft'" + _RETURNING_ROUND,
            [round_id],
        ).fetchone()
        store_scores(cursor, framework, [round_id])
    return _round(row)


def store_scores(cursor: duckdb.DuckDBPyConnection, framework: Framework, round_ids: list[int]) -> None:
    """Keep the competency means of these rounds, as the framework they were taken with
    groups their behaviours; a competency with only "not observed" gets a NULL mean."""
    behaviours = framework.behaviours
    cursor.execute(
        """
        INSERT INTO round_scores (round_id, competency_id, mean, rated)
        WITH mapping AS (SELECT unnest(?::VARCHAR[]) AS behaviour_id, unnest(?::VARCHAR[]) AS competency_id)
        SELECT r.round_id, m.competency_id, avg(r.score), count(r.score)
        FROM ratings r JOIN mapping m USING (behaviour_id)
        WHERE r.round_id IN (SELECT unnest(?::INTEGER[]))
        GROUP BY ALL
        """,
        [[b.id for b in behaviours], [b.competency_id for b in behaviours], list(round_ids)],
    )


def fill_missing_scores(db: Database, framework: Framework) -> int:
    """Store the competency means of submitted rounds taken with this framework that have
    none yet (rounds from before the means were stored, and rounds whose means an earlier
    migration could not know); returns how many rounds were filled. Rounds taken with another
    framework are left alone: only their own framework knows how to group their behaviours."""
    with db.write() as cursor:
        missing = [row[0] for row in cursor.execute(
            "SELECT id FROM assessment_rounds a WHERE status = 'submitted' AND framework_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM round_scores s WHERE s.round_id = a.id)",
            [framework.id],
        ).fetchall()]
        if missing:
            store_scores(cursor, framework, missing)
    return len(missing)


def record_round(
    db: Database,
    asking: Identity,
    framework: Framework,
    assessed_on: dt.date,
    ratings: Mapping[str, int | None],
    targets: Mapping[str, int] | None = None,
    comments: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> Round:
    """Store a whole submitted round in one transaction (imports, the demo): all or nothing."""
    assessed_on = check_date(assessed_on, today or dt.date.today())
    for behaviour_id, score in ratings.items():
        _check_behaviour(framework, behaviour_id)
        check_score(score)
    missing = missing_behaviours(framework, ratings)
    if missing:
        raise IncompleteRound(count=len(missing), missing=[b.id for b in missing])
    targets, comments = dict(targets or {}), {k: check_comment(v) for k, v in (comments or {}).items()}
    for competency_id in {*targets, *comments}:
        _check_competency(framework, competency_id)
    for target in targets.values():
        check_score(target)
    with db.write() as cursor:
        return insert_round(cursor, asking.person_id, framework, assessed_on, ratings, targets, comments)


def insert_round(
    cursor: duckdb.DuckDBPyConnection,
    person_id: int,
    framework: Framework,
    assessed_on: dt.date,
    ratings: Mapping[str, int | None],
    targets: Mapping[str, int],
    comments: Mapping[str, str],
) -> Round:
    """Insert a submitted round inside the caller's transaction; the input is already checked."""
    row = cursor.execute(
        "INSERT INTO assessment_rounds (person_id, framework_id, framework_version, assessed_on, status, submitted_at) "
        "VALUES (?, ?, ?, ?, 'submitted', current_timestamp)" + _RETURNING_ROUND,
        [person_id, framework.id, framework.version, assessed_on],
    ).fetchone()
    cursor.executemany(
        "INSERT INTO ratings (round_id, behaviour_id, score) VALUES (?, ?, ?)",
        [[row[0], behaviour_id, score] for behaviour_id, score in ratings.items()],
    )
    notes = [[row[0], cid, comments.get(cid) or None, targets.get(cid)] for cid in sorted({*targets, *comments})]
    if notes:
        cursor.executemany("INSERT INTO competency_notes (round_id, competency_id, comment, target) VALUES (?, ?, ?, ?)", notes)
    store_scores(cursor, framework, [row[0]])
    return _round(row)


def submitted_rounds(db: Database, asking: Identity, of: int | None = None) -> list[Round]:
    """The submitted rounds of the asking leader (or of leader `of`, if the asking person may
    see their profile), oldest first."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "profile")
        rows = cursor.execute(
            _SELECT_ROUND + "WHERE person_id = ? AND status = 'submitted' "
            "ORDER BY assessed_on, id",
            [leader],
        ).fetchall()
    return [_round(row) for row in rows]


def latest_comments(db: Database, asking: Identity, of: int | None = None) -> tuple[Round | None, dict[str, str]]:
    """The latest submitted round of the asking leader (or of leader `of`, for whoever may
    see their comments) and its comments per competency."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "comments")
        row = cursor.execute(
            _SELECT_ROUND + "WHERE person_id = ? AND status = 'submitted' ORDER BY assessed_on DESC, id DESC LIMIT 1", [leader]
        ).fetchone()
    if row is None:
        return None, {}
    return _round(row), comments(db, asking, row[0])


def comments(db: Database, asking: Identity, round_id: int) -> dict[str, str]:
    """The comments of a submitted round, per competency, for whoever may see its leader's
    comments (the leader; their coach, if shared)."""
    with db.read() as cursor:
        found = access.fetch_visible(cursor, asking, _SELECT_ROUND + "WHERE id = ?", round_id, _round, "comments")
        rows = cursor.execute(
            "SELECT competency_id, comment FROM competency_notes WHERE round_id = ? AND comment IS NOT NULL AND comment <> ''",
            [round_id],
        ).fetchall()
    access.shown(db, asking, found.person_id, "comments")
    return dict(rows)
