"""The action plan (phase 4): per goal, what I will do, how often, from when to when, the
likely obstacles and how I will meet them, and the support I will use.

Cadences: "once"; "weekly", n times a week (1-7); "weekdays", on chosen ISO weekdays
(1 = Monday .. 7 = Sunday). What an action asks in a week, and on which days it can be done,
is decided in one place: coaching.week_rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from coaching import access, week_rules, weeks
from coaching.access import fetch_owned
from coaching.db import Database
from coaching.errors import ValidationError
from coaching.goals import CHANGED, owned_goal
from coaching.people import Identity
from coaching.validation import MAX_TEXT_CHARS, MAX_TITLE_CHARS, check_date, clean_text

CADENCES = ("once", "weekly", "weekdays")
STATUSES = ("active", "done", "dropped")


@dataclass(frozen=True)
class ActionInput:
    title: str
    cadence: str = "weekly"
    times_per_week: int | None = 1
    weekdays: tuple[int, ...] = ()
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    obstacles: str = ""
    support: str = ""


@dataclass(frozen=True)
class Action:
    id: int
    goal_id: int
    person_id: int
    title: str
    cadence: str
    times_per_week: int | None
    weekdays: tuple[int, ...]
    start_date: dt.date
    due_date: dt.date | None
    obstacles: str
    support: str
    status: str
    closed_on: dt.date | None
    archived_at: dt.datetime | None
    revision: int  # counts the changes: a calendar event's SEQUENCE
    updated_at: dt.datetime  # the last change, in UTC: its LAST-MODIFIED

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == "active" and self.due_date is not None and self.due_date < today


def check_action(action: ActionInput, today: dt.date) -> ActionInput:
    title = clean_text(action.title, MAX_TITLE_CHARS, "actions.field_title", required=True)
    obstacles = clean_text(action.obstacles, MAX_TEXT_CHARS, "actions.field_obstacles")
    support = clean_text(action.support, MAX_TEXT_CHARS, "actions.field_support")
    if action.cadence not in CADENCES:
        raise ValidationError("actions.error_cadence")
    times, days = None, ()
    if action.cadence == "weekly":
        times = action.times_per_week
        if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= 7:
            raise ValidationError("actions.error_times", times=str(times)[:10])
    elif action.cadence == "weekdays":
        days = tuple(sorted(set(action.weekdays)))
        if not days or any(isinstance(d, bool) or not isinstance(d, int) or not 1 <= d <= 7 for d in days):
            raise ValidationError("actions.error_weekdays")
    start = check_date(action.start_date or today, "actions.field_start")
    due = check_date(action.due_date, "actions.field_due")
    if due is not None and due < start:
        raise ValidationError("actions.error_due_before_start")
    return ActionInput(title, action.cadence, times, days, start, due, obstacles, support)


def action_columns(alias: str = "actions") -> str:
    """The columns that make an Action, for a SELECT over `alias`."""
    return (
        f"{alias}.id, {alias}.goal_id, {alias}.person_id, {alias}.title, {alias}.cadence, {alias}.times_per_week, "
        f"{alias}.weekdays, {alias}.start_date, {alias}.due_date, coalesce({alias}.obstacles, ''), "
        f"coalesce({alias}.support, ''), {alias}.status, {alias}.closed_on, {alias}.archived_at, "
        f"coalesce({alias}.revision, 0), timezone('UTC', coalesce({alias}.updated_at, {alias}.created_at)::TIMESTAMPTZ)"
    )


_SELECT_ACTION = "SELECT " + action_columns() + " FROM actions "
ACTION_WIDTH = 16  # how many columns action_columns() yields


def action_from_row(row: tuple) -> Action:
    values = list(row[:ACTION_WIDTH])
    values[6] = tuple(values[6])
    values[15] = values[15].replace(tzinfo=dt.timezone.utc)
    return Action(*values)


def owned_action(cursor: duckdb.DuckDBPyConnection, asking: Identity, action_id: int) -> Action:
    return fetch_owned(cursor, asking, _SELECT_ACTION + "WHERE id = ?", action_id, action_from_row)


def list_actions(db: Database, asking: Identity, goal_id: int | None = None, archived: bool = False,
                 of: int | None = None) -> list[Action]:
    """The actions of the asking leader (or of leader `of`, for whoever may see their plan),
    of one goal or all, by start."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "goals")
        rows = cursor.execute(
            _SELECT_ACTION + "WHERE person_id = ? AND (goal_id = ? OR ? IS NULL) AND (archived_at IS NOT NULL) = ? "
            "ORDER BY start_date, id",
            [leader, goal_id, goal_id, archived],
        ).fetchall()
    access.shown(db, asking, leader, "goals")
    return [action_from_row(row) for row in rows]


def windows(db: Database, asking: Identity, of: int | None = None) -> dict[int, tuple[dt.date, dt.date | None]]:
    """Per live action of the asking leader (or of `of`): the first and last day it can be
    done (None: no end yet), as the weekly rules define it."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "goals")
        return week_rules.windows(cursor, [leader])


def create_action(db: Database, asking: Identity, goal_id: int, action: ActionInput, today: dt.date) -> Action:
    action = check_action(action, today)
    with db.write() as cursor:
        goal = owned_goal(cursor, asking, goal_id)
        if goal.archived_at is not None:
            raise ValidationError("actions.error_archived_goal")
        return owned_action(cursor, asking, insert_action(cursor, asking.person_id, goal_id, action))


def insert_action(cursor: duckdb.DuckDBPyConnection, person_id: int, goal_id: int, action: ActionInput) -> int:
    """Write a checked action into a leader's plan, inside the caller's transaction (whose
    caller decided who may); its id."""
    return cursor.execute(
        "INSERT INTO actions (goal_id, person_id, title, cadence, times_per_week, weekdays, start_date, due_date, "
        "obstacles, support, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active') RETURNING id",
        [goal_id, person_id, action.title, action.cadence, action.times_per_week, list(action.weekdays),
         action.start_date, action.due_date, action.obstacles, action.support],
    ).fetchone()[0]


def update_action(db: Database, asking: Identity, action_id: int, action: ActionInput, today: dt.date) -> Action:
    action = check_action(action, today)
    with db.write() as cursor:
        owned_action(cursor, asking, action_id)
        cursor.execute(
            "UPDATE actions SET title = ?, cadence = ?, times_per_week = ?, weekdays = ?, start_date = ?, due_date = ?, "
            "obstacles = ?, support = ?, " + CHANGED + " WHERE id = ?",
            [action.title, action.cadence, action.times_per_week, list(action.weekdays), action.start_date,
             action.due_date, action.obstacles, action.support, action_id],
        )
        return owned_action(cursor, asking, action_id)


def set_status(db: Database, asking: Identity, action_id: int, status: str, today: dt.date) -> Action:
    """Done or dropped closes the action today: no targets after, the history stays. A
    one-off marked done without a tick is ticked today, so that the tracker counts it."""
    if status not in STATUSES:
        raise ValidationError("actions.error_status")
    with db.write() as cursor:
        action = owned_action(cursor, asking, action_id)
        cursor.execute(
            "UPDATE actions SET status = ?, closed_on = ?, " + CHANGED + " WHERE id = ?",
            [status, None if status == "active" else today, action_id],
        )
        if status == "done" and action.cadence == "once" and action.start_date <= today:
            cursor.execute(
                "INSERT INTO checkins (action_id, person_id, week_start, days) "
                "SELECT ?, ?, ?, [?::TINYINT] WHERE NOT EXISTS "
                "(SELECT 1 FROM checkins WHERE action_id = ? AND len(days) > 0) "
                "ON CONFLICT (action_id, week_start) DO UPDATE SET days = excluded.days, updated_at = now()",
                [action_id, asking.person_id, weeks.week_start(today), today.isoweekday(), action_id],
            )
        return owned_action(cursor, asking, action_id)


def remove_action(db: Database, asking: Identity, action_id: int) -> str:
    """Delete an action nobody checked in on; archive one with check-ins."""
    with db.write() as cursor:
        owned_action(cursor, asking, action_id)
        if cursor.execute("SELECT EXISTS (SELECT 1 FROM checkins WHERE action_id = ?)", [action_id]).fetchone()[0]:
            cursor.execute("UPDATE actions SET archived_at = current_timestamp, " + CHANGED + " WHERE id = ?", [action_id])
            return "archived"
        cursor.execute("DELETE FROM actions WHERE id = ?", [action_id])
        return "deleted"
