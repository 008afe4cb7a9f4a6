"""The action plan as an iCalendar (.ics) file, so that actions and due dates land in
Outlook or Google Calendar, and land again, updated, when the leader imports a newer file.

- a weekday action: an all-day event on each chosen weekday, repeating weekly until its
  window ends (its due date, or the day it was closed), less the days away;
- an n-times-a-week action: a weekly all-day reminder from its start ("3× this week: ..."),
  until its window ends, skipping weeks that ask nothing because every open day is away;
- a practice with a due date: an all-day reminder on that date, while the practice is open;
- a one-off action: an all-day event on its due date (or start date);
- each goal's target date: an all-day event.

Which days an action asks is week_rules' (its window); this module only writes them down.

What makes a re-import update rather than duplicate: each event's UID holds the id of this
Koers installation, so it is the same in every export of this database and differs from every
other database's; SEQUENCE is the row's revision and LAST-MODIFIED its last change. What no
longer stands (a dropped or archived action, an action of an archived goal, an archived or
dropped goal, a practice that asks no day) is still written, as STATUS:CANCELLED with its
newer SEQUENCE, so that a calendar that imported it earlier takes it out. A cancelled event
carries no RRULE: the whole series is off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from icalendar import Calendar, Event

from coaching import actions, goals, week_rules, weeks
from coaching.actions import Action
from coaching.db import Database
from coaching.goals import Goal
from coaching.people import Identity

_WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


@dataclass(frozen=True)
class Plan:
    """What the calendar file is made of, for one leader."""

    installation: str  # this database's own id: it makes the UIDs unique across installations
    goals: tuple[Goal, ...]  # live and archived: an archived one is written as cancelled
    actions: tuple[Action, ...]  # likewise
    windows: Mapping[int, tuple[dt.date, dt.date | None]]  # per live action, as week_rules has it
    # Per live action and week, up to the last week with days away: (target, asked-days mask),
    # as week_rules counts them; weeks after that ask what the plain weekly rule says.
    weeks: Mapping[int, Mapping[dt.date, tuple[int, int]]]


def installation_id(db: Database) -> str:
    """The random id migration 007 gave this database."""
    with db.read() as cursor:
        return cursor.execute("SELECT id FROM installation ORDER BY created_at, id LIMIT 1").fetchone()[0]


def read_plan(db: Database, asking: Identity) -> Plan:
    """The asking leader's goals and actions, archived ones included, with what the weekly
    rules say of them."""
    live = actions.list_actions(db, asking)
    with db.read() as cursor:
        last_away = cursor.execute("SELECT max(week_start) FROM away_days WHERE person_id = ?", [asking.person_id]).fetchone()[0]
        asked = {}
        if live and last_away:
            first = min(weeks.week_start(a.start_date) for a in live)
            found = week_rules.action_weeks(cursor, [asking.person_id], first, max(first, last_away))
            for row in found.itertuples(index=False):
                asked.setdefault(int(row.action_id), {})[row.week_start] = (int(row.target), int(row.asked_mask))
    return Plan(
        installation=installation_id(db),
        goals=tuple(goals.list_goals(db, asking) + goals.list_goals(db, asking, archived=True)),
        actions=tuple(live + actions.list_actions(db, asking, archived=True)),
        windows=actions.windows(db, asking),
        weeks=asked,
    )


def _event(uid: str, summary: str, day: dt.date, description: str, item: Goal | Action, made_at: dt.datetime,
           cancelled: bool) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("dtstamp", made_at)
    event.add("sequence", item.revision)
    event.add("last-modified", item.updated_at)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if description:
        event.add("description", description)
    return event


def _not_asked(action: Action, first: dt.date, last: dt.date | None, plan: Plan) -> list[dt.date]:
    """The days the plain weekly rule lands on, from `first` to `last`, that week_rules does
    not ask: on chosen weekdays, a chosen day away; n times a week, the reminder of a week
    that asks nothing (every open day away). They become EXDATEs."""
    skipped = []
    for monday, (target, asked_mask) in plan.weeks.get(action.id, {}).items():
        if action.cadence == "weekdays":
            skipped += [monday + dt.timedelta(days=d - 1) for d in action.weekdays if not asked_mask >> d & 1]
        elif target == 0:
            skipped.append(monday + dt.timedelta(days=first.weekday()))
    return sorted(day for day in set(skipped) if first <= day and (last is None or day <= last))


def _action_events(action: Action, goal: Goal, plan: Plan, labels: Mapping[str, str], made_at: dt.datetime) -> list[Event]:
    uid = f"action-{action.id}-{plan.installation}@koers"
    description = "\n\n".join(part for part in (goal.title, action.obstacles, action.support) if part)
    window = plan.windows.get(action.id)  # none: archived, or of an archived goal (week_rules)
    off = action.status == "dropped" or window is None
    if action.cadence == "once":
        return [_event(uid, action.title, action.due_date or action.start_date, description, action, made_at, off)]
    last = None if window is None else window[1]
    if action.cadence == "weekdays":
        first = next(action.start_date + dt.timedelta(days=i) for i in range(7)
                     if (action.start_date + dt.timedelta(days=i)).isoweekday() in action.weekdays)
        summary = action.title
        rule = {"freq": "weekly", "byday": [_WEEKDAYS[d] for d in action.weekdays]}
    else:
        first = action.start_date
        summary = labels["times_this_week"].format(times=action.times_per_week, title=action.title)
        rule = {"freq": "weekly"}  # a reminder on the start's weekday, every week
    off = off or (last is not None and last < first)  # it asks no day at all
    skipped = [] if off else _not_asked(action, first, last, plan)
    event = _event(uid, summary, first, description, action, made_at, off)
    if not off:
        if last is not None:
            rule["until"] = last
        event.add("rrule", rule)
        if skipped:
            event.add("exdate", skipped)
    found = [event]
    if action.due_date:
        due_uid = f"action-{action.id}-due-{plan.installation}@koers"
        due = labels["action_due"].format(title=action.title)
        found.append(_event(due_uid, due, action.due_date, description, action, made_at, off or action.status != "active"))
    return found


def plan_calendar(plan: Plan, labels: Mapping[str, str], made_at: dt.datetime) -> bytes:
    """The .ics bytes for this plan, made at `made_at` (UTC, its DTSTAMP). `labels` holds the
    translated words: calendar_name, times_this_week ("{times}× this week: {title}"),
    goal_due ("Goal: {title}"), action_due ("Due: {title}")."""
    calendar = Calendar()
    calendar.add("prodid", "-//Koers//Action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", labels["calendar_name"])
    for goal in plan.goals:
        if goal.target_date:
            cancelled = goal.archived_at is not None or goal.status == "dropped"
            calendar.add_component(_event(f"goal-{goal.id}-{plan.installation}@koers", labels["goal_due"].format(title=goal.title),
                                          goal.target_date, goal.measure, goal, made_at, cancelled))
    goal_of = {goal.id: goal for goal in plan.goals}
    for action in plan.actions:
        for event in _action_events(action, goal_of[action.goal_id], plan, labels, made_at):
            calendar.add_component(event)
    return calendar.to_ical()
