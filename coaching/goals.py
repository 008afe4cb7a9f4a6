"""Goals (phases 1 and 4): what the leader wants to reach, tied to competencies, with a
measure of success, a target date, a status and a kept history of progress estimates.

A goal without a measure of success or a target date stays a draft. A goal with history
(actions, check-ins or progress) is archived, never deleted."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from coaching import access
from coaching.access import fetch_owned, fetch_visible
from coaching.db import Database
from coaching.errors import ValidationError
from coaching.framework import Framework, Text
from coaching.people import Identity
from coaching.validation import MAX_TEXT_CHARS, MAX_TITLE_CHARS, check_date, clean_text

STATUSES = ("draft", "active", "on_hold", "achieved", "dropped")
HORIZONS = ("short", "long")
TEMPLATES_PATH = Path(__file__).resolve().parents[1] / "data" / "templates" / "situations.toml"


@dataclass(frozen=True)
class GoalInput:
    """What a leader fills in for a goal."""

    title: str
    why: str = ""
    horizon: str = "short"
    measure: str = ""
    target_date: dt.date | None = None
    competencies: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    status: str = "active"


@dataclass(frozen=True)
class Goal:
    id: int
    person_id: int
    title: str
    why: str
    horizon: str
    measure: str
    target_date: dt.date | None
    status: str
    competencies: tuple[str, ...]
    behaviours: tuple[str, ...]
    origin: str
    created_at: dt.datetime
    archived_at: dt.datetime | None
    revision: int  # counts the changes: a calendar event's SEQUENCE
    updated_at: dt.datetime  # the last change, in UTC: its LAST-MODIFIED
    progress: int | None = None  # the latest estimate, percent

    @property
    def missing_for_active(self) -> list[str]:
        return missing_for_active(self.measure, self.target_date)


def missing_for_active(measure: str | None, target_date: dt.date | None) -> list[str]:
    """What a goal still needs before it can leave the draft status (catalog keys)."""
    missing = []
    if not (measure or "").strip():
        missing.append("goals.field_measure")
    if target_date is None:
        missing.append("goals.field_target_date")
    return missing


# -- validation ---------------------------------------------------------------------------


def check_goal(framework: Framework, goal: GoalInput) -> GoalInput:
    """The goal as it will be stored; ValidationError for what cannot be (an active goal needs
    a measure and a target date, a draft does not)."""
    title = clean_text(goal.title, MAX_TITLE_CHARS, "goals.field_title", required=True)
    why = clean_text(goal.why, MAX_TEXT_CHARS, "goals.field_why")
    measure = clean_text(goal.measure, MAX_TEXT_CHARS, "goals.field_measure")
    if goal.horizon not in HORIZONS:
        raise ValidationError("goals.error_horizon")
    if goal.status not in STATUSES:
        raise ValidationError("goals.error_status")
    target_date = check_date(goal.target_date, "goals.field_target_date")
    unknown = [c for c in goal.competencies if c not in framework.competency_ids]
    unknown += [b for b in goal.behaviours if b not in framework.behaviour_ids]
    if unknown:
        raise ValidationError("goals.error_unknown_competency", names=", ".join(map(str, unknown))[:100])
    # A goal saved as active that is not complete is refused, not quietly made a draft: the
    # leader chose "active" and must hear what it still needs.
    status = goal.status
    missing = missing_for_active(measure, target_date)
    if status != "draft" and missing:
        raise ValidationError("goals.error_missing", count=len(missing), fields=missing)
    return GoalInput(
        title=title,
        why=why,
        horizon=goal.horizon,
        measure=measure,
        target_date=target_date,
        competencies=tuple(dict.fromkeys(goal.competencies)),
        behaviours=tuple(dict.fromkeys(goal.behaviours)),
        status=status,
    )


# -- storage ------------------------------------------------------------------------------

# What every change to a goal or an action also sets, so that a calendar that imported it
# takes the new version: its SEQUENCE grows and its LAST-MODIFIED moves.
CHANGED = "revision = coalesce(revision, 0) + 1, updated_at = current_timestamp"

_SELECT_GOAL = (
    "SELECT g.id, g.person_id, g.title, coalesce(g.why, ''), g.horizon, coalesce(g.measure, ''), g.target_date, "
    "g.status, g.competencies, g.behaviours, g.origin, g.created_at, g.archived_at, coalesce(g.revision, 0), "
    "timezone('UTC', coalesce(g.updated_at, g.created_at)::TIMESTAMPTZ), "
    "(SELECT percent FROM goal_progress p WHERE p.goal_id = g.id ORDER BY recorded_at DESC, rowid DESC LIMIT 1) "
    "FROM goals g "
)


def _goal(row: tuple) -> Goal:
    values = list(row)
    values[8], values[9] = tuple(values[8]), tuple(values[9])
    values[14] = values[14].replace(tzinfo=dt.timezone.utc)
    return Goal(*values)


def owned_goal(cursor: duckdb.DuckDBPyConnection, asking: Identity, goal_id: int) -> Goal:
    return fetch_owned(cursor, asking, _SELECT_GOAL + "WHERE g.id = ?", goal_id, _goal)


def get_goal(db: Database, asking: Identity, goal_id: int) -> Goal:
    """A goal, for whoever may see its leader's goals."""
    with db.read() as cursor:
        found = fetch_visible(cursor, asking, _SELECT_GOAL + "WHERE g.id = ?", goal_id, _goal, "goals")
    access.shown(db, asking, found.person_id, "goals")
    return found


def list_goals(db: Database, asking: Identity, archived: bool = False, of: int | None = None) -> list[Goal]:
    """The goals of the asking leader (or of leader `of`, for whoever may see their goals):
    active ones first, then by target date."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "goals")
        rows = cursor.execute(
            _SELECT_GOAL + "WHERE g.person_id = ? AND (g.archived_at IS NOT NULL) = ? "
            "ORDER BY CASE g.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 WHEN 'on_hold' THEN 2 ELSE 3 END, "
            "g.target_date NULLS LAST, g.id",
            [leader, archived],
        ).fetchall()
    access.shown(db, asking, leader, "goals")
    return [_goal(row) for row in rows]


def create_goal(db: Database, asking: Identity, framework: Framework, goal: GoalInput, origin: str = "scratch") -> Goal:
    goal = check_goal(framework, goal)
    with db.write() as cursor:
        goal_id = cursor.execute(
            "INSERT INTO goals (person_id, title, why, horizon, measure, target_date, status, competencies, behaviours, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [asking.person_id, goal.title, goal.why, goal.horizon, goal.measure, goal.target_date, goal.status,
             list(goal.competencies), list(goal.behaviours), origin[:60]],
        ).fetchone()[0]
        return owned_goal(cursor, asking, goal_id)


def update_goal(db: Database, asking: Identity, framework: Framework, goal_id: int, goal: GoalInput) -> Goal:
    goal = check_goal(framework, goal)
    with db.write() as cursor:
        owned_goal(cursor, asking, goal_id)
        cursor.execute(
            "UPDATE goals SET title = ?, why = ?, horizon = ?, measure = ?, target_date = ?, status = ?, "
            "competencies = ?, behaviours = ?, " + CHANGED + " WHERE id = ?",
            [goal.title, goal.why, goal.horizon, goal.measure, goal.target_date, goal.status,
             list(goal.competencies), list(goal.behaviours), goal_id],
        )
        return owned_goal(cursor, asking, goal_id)


def set_status(db: Database, asking: Identity, goal_id: int, status: str) -> Goal:
    if status not in STATUSES:
        raise ValidationError("goals.error_status")
    with db.write() as cursor:
        goal = owned_goal(cursor, asking, goal_id)
        missing = goal.missing_for_active
        if status != "draft" and missing:
            raise ValidationError("goals.error_missing", count=len(missing), fields=missing)
        cursor.execute("UPDATE goals SET status = ?, " + CHANGED + " WHERE id = ?", [status, goal_id])
        return owned_goal(cursor, asking, goal_id)


def record_progress(db: Database, asking: Identity, goal_id: int, percent: int) -> None:
    """Keep a new progress estimate (0-100 %); earlier ones stay, for the chart."""
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ValidationError("goals.error_progress")
    with db.write() as cursor:
        owned_goal(cursor, asking, goal_id)
        cursor.execute("INSERT INTO goal_progress (goal_id, percent) VALUES (?, ?)", [goal_id, percent])


def progress_history(db: Database, asking: Identity, goal_id: int) -> pd.DataFrame:
    """A goal's progress estimates, oldest first, for whoever may see its leader's goals."""
    with db.read() as cursor:
        found = fetch_visible(cursor, asking, _SELECT_GOAL + "WHERE g.id = ?", goal_id, _goal, "goals")
        frame = cursor.execute(
            "SELECT recorded_at, percent FROM goal_progress WHERE goal_id = ? ORDER BY recorded_at, rowid", [goal_id]
        ).df()
    access.shown(db, asking, found.person_id, "goals")
    return frame


def moved_since(db: Database, asking: Identity, since: dt.date, of: int | None = None) -> list[tuple[str, int | None, int]]:
    """The leader's live goals whose progress estimate changed after `since`: (title, the
    estimate before, the latest), for whoever may see their goals."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "goals")
        rows = cursor.execute(
            "SELECT g.title, arg_max(p.percent, p.recorded_at) FILTER (WHERE p.recorded_at < ?), arg_max(p.percent, p.recorded_at) "
            "FROM goals g JOIN goal_progress p ON p.goal_id = g.id "
            "WHERE g.person_id = ? AND g.archived_at IS NULL GROUP BY g.id, g.title "
            "HAVING max(p.recorded_at) >= ? ORDER BY g.id",
            [since, leader, since],
        ).fetchall()
    access.shown(db, asking, leader, "goals")
    return [(title, was, now) for title, was, now in rows if was != now]


@dataclass(frozen=True)
class History:
    actions: int
    checkins: int
    progress: int

    @property
    def empty(self) -> bool:
        return not (self.actions or self.checkins or self.progress)


def history(db: Database, asking: Identity, goal_id: int) -> History:
    """What hangs on a goal: asked before it is removed."""
    with db.read() as cursor:
        owned_goal(cursor, asking, goal_id)
        actions, checkins, progress = cursor.execute(
            "SELECT (SELECT count(*) FROM actions WHERE goal_id = $1), "
            "(SELECT count(*) FROM checkins WHERE action_id IN (SELECT id FROM actions WHERE goal_id = $1)), "
            "(SELECT count(*) FROM goal_progress WHERE goal_id = $1)",
            [goal_id],
        ).fetchone()
    return History(actions, checkins, progress)


def remove_goal(db: Database, asking: Identity, goal_id: int) -> str:
    """Delete a goal that has no history; archive one that has (with its actions), so that
    nothing tracked is lost. Returns "deleted" or "archived"."""
    with db.write() as cursor:
        owned_goal(cursor, asking, goal_id)
        has_history = cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM actions WHERE goal_id = $1) OR EXISTS (SELECT 1 FROM goal_progress WHERE goal_id = $1)",
            [goal_id],
        ).fetchone()[0]
        if has_history:
            cursor.execute("UPDATE goals SET archived_at = current_timestamp, " + CHANGED + " WHERE id = ?", [goal_id])
            cursor.execute(
                "UPDATE actions SET archived_at = current_timestamp, " + CHANGED + " WHERE goal_id = ? AND archived_at IS NULL",
                [goal_id],
            )
            return "archived"
        cursor.execute("DELETE FROM goals WHERE id = ?", [goal_id])
        return "deleted"


def restore_goal(db: Database, asking: Identity, goal_id: int) -> None:
    with db.write() as cursor:
        goal = owned_goal(cursor, asking, goal_id)
        cursor.execute("UPDATE goals SET archived_at = NULL, " + CHANGED + " WHERE id = ?", [goal_id])
        cursor.execute(
            "UPDATE actions SET archived_at = NULL, " + CHANGED + " WHERE goal_id = ? AND archived_at = ?", [goal_id, goal.archived_at]
        )


# -- situation templates ------------------------------------------------------------------


@dataclass(frozen=True)
class GoalTemplate:
    title: Text
    why: Text
    measure: Text
    horizon: str
    weeks: int
    competencies: tuple[str, ...]

    def draft(self, language: str, today: dt.date) -> GoalInput:
        return GoalInput(
            title=self.title(language),
            why=self.why(language),
            horizon=self.horizon,
            measure=self.measure(language),
            target_date=today + dt.timedelta(weeks=self.weeks),
            competencies=self.competencies,
            status="draft",
        )


@dataclass(frozen=True)
class Situation:
    id: str
    name: Text
    about: Text
    goals: tuple[GoalTemplate, ...] = field(default_factory=tuple)


@cache
def situations(path: Path = TEMPLATES_PATH) -> tuple[Situation, ...]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))

    def text(value: dict) -> Text:
        return Text(en=value["en"], nl=value["nl"])

    return tuple(
        Situation(
            id=s["id"],
            name=text(s["name"]),
            about=text(s["about"]),
            goals=tuple(
                GoalTemplate(text(g["title"]), text(g["why"]), text(g["measure"]), g["horizon"], int(g["weeks"]), tuple(g["competencies"]))
                for g in s["goals"]
            ),
        )
        for s in raw["situations"]
    )


def start_from_situation(db: Database, asking: Identity, framework: Framework, situation_id: str, language: str, today: dt.date) -> list[Goal]:
    """Create the situation's goal drafts, in the leader's language, for them to edit."""
    found = next((s for s in situations() if s.id == situation_id), None)
    if found is None:
        raise ValidationError("goals.error_unknown_situation")
    drafts = [check_goal(framework, template.draft(language, today)) for template in found.goals]
    with db.write() as cursor:
        ids = [
            cursor.execute(
                "INSERT INTO goals (person_id, title, why, horizon, measure, target_date, status, competencies, origin) "
                "VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id",
                [asking.person_id, d.title, d.why, d.horizon, d.measure, d.target_date, list(d.competencies), f"template:{found.id}"],
            ).fetchone()[0]
            for d in drafts
        ]
        return [owned_goal(cursor, asking, goal_id) for goal_id in ids]
