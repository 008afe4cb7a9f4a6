"""The calendar file, read back by a second, independent reader (vobject, which parses on its
own and expands recurrences with dateutil), and held to the weekly rules: the days a
recurring event lands on are the days coaching.week_rules asks, and a re-import updates what
an earlier one brought in instead of duplicating it."""

import datetime as dt

import pytest
import vobject

from coaching import actions, calendar_export, goals, people, tracker, week_rules, weeks
from coaching.actions import ActionInput
from coaching.db import Database
from tests.conftest import TODAY
from tests.test_goals import COMPLETE

D = dt.date
LABELS = {"calendar_name": "Plan", "times_this_week": "{times}x: {title}", "goal_due": "Goal: {title}", "action_due": "Due: {title}"}
FIRST_MONDAY, LAST_MONDAY = D(2026, 11, 23), D(2027, 2, 22)  # the plan's period
AWAY = {D(2026, 12, 7): [1, 2, 3, 4, 5, 6, 7], D(2026, 12, 14): [1, 2, 4], D(2027, 1, 4): [3]}
DAYS_AWAY = {monday + dt.timedelta(days=d - 1) for monday, days in AWAY.items() for d in days}


def export(db: Database, leader: people.Identity) -> dict[str, vobject.base.Component]:
    """The leader's calendar file as the page makes it, parsed by vobject: events by UID."""
    made = calendar_export.plan_calendar(calendar_export.read_plan(db, leader), LABELS, dt.datetime.now(dt.timezone.utc))
    calendar = vobject.readOne(made.decode("utf-8"))
    return {event.uid.value: event for event in calendar.vevent_list}


def value(event: vobject.base.Component, name: str):
    return event.contents[name][0].value


def uid(db: Database, kind: str, item_id: int | str) -> str:
    return f"{kind}-{item_id}-{calendar_export.installation_id(db)}@koers"


def occurrences(event: vobject.base.Component) -> set[dt.date]:
    """Every day the event lands on in the plan's period, as vobject and dateutil expand it."""
    rules = event.getrruleset(addRDate=True)
    if rules is None:
        return {event.dtstart.value}
    start = dt.datetime.combine(FIRST_MONDAY, dt.time())
    end = dt.datetime.combine(LAST_MONDAY + dt.timedelta(days=6), dt.time())
    return {moment.date() for moment in rules.between(start, end, inc=True)}


def add(db, leader, goal, title, cadence, start, due=None, times=None, days=()) -> actions.Action:
    return actions.create_action(db, leader, goal.id, ActionInput(title, cadence, times, days, start, due), TODAY)


def rules_for(db, leader) -> dict[tuple[int, dt.date], tuple[int, tuple[int, ...]]]:
    """(action, week) -> (target, asked days) for the plan's period, as week_rules has it."""
    with db.read() as cursor:
        found = week_rules.action_weeks(cursor, [leader.person_id], FIRST_MONDAY, LAST_MONDAY)
    return {(int(r.action_id), r.week_start): (int(r.target), week_rules.weekdays_in(r.asked_mask)) for r in found.itertuples()}


@pytest.fixture
def goal(db, framework, leader):
    return goals.create_goal(db, leader, framework, COMPLETE)


@pytest.fixture
def away(db, leader):
    for monday, days in AWAY.items():
        tracker.set_away(db, leader, monday, days, TODAY)


# -- updating, not duplicating ----------------------------------------------------------------


def test_uids_stay_and_sequences_grow_with_every_change(db, framework, leader, goal):
    action = add(db, leader, goal, "One-to-ones", "weekdays", D(2026, 11, 30), D(2027, 1, 31), days=(2, 4))
    first, again = export(db, leader), export(db, leader)
    mine, its_goal = uid(db, "action", action.id), uid(db, "goal", goal.id)
    assert set(first) == set(again) == {its_goal, mine, uid(db, "action", f"{action.id}-due")}
    assert (value(first[mine], "sequence"), value(first[its_goal], "sequence")) == ("0", "0")

    actions.update_action(db, leader, action.id, ActionInput("One-to-ones, 30 min", "weekdays", None, (2, 4), D(2026, 11, 30), D(2027, 1, 31)), TODAY)
    edited = export(db, leader)
    assert set(edited) == set(first)
    assert value(edited[mine], "summary") == "One-to-ones, 30 min" and value(edited[mine], "sequence") == "1"
    assert value(edited[mine], "last-modified") >= value(first[mine], "last-modified")

    actions.set_status(db, leader, action.id, "done", D(2026, 12, 16))
    assert value(export(db, leader)[mine], "sequence") == "2"

    goals.update_goal(db, leader, framework, goal.id, goals.GoalInput(**{**COMPLETE.__dict__, "title": "Delegate much more"}))
    goals.set_status(db, leader, goal.id, "on_hold")
    latest = export(db, leader)
    assert value(latest[its_goal], "sequence") == "2" and value(latest[mine], "sequence") == "2"


def test_stamps_are_now_and_in_utc_whatever_the_databases_time_zone(db, leader, goal):
    with db.read() as cursor:  # the TIMESTAMP columns hold the session's local time
        cursor.execute("SET GLOBAL TimeZone = 'Asia/Tokyo'")
    action = add(db, leader, goal, "Strategy", "weekly", D(2026, 11, 30), times=2)
    actions.update_action(db, leader, action.id, ActionInput("Strategy, early", "weekly", 2, (), D(2026, 11, 30)), TODAY)
    event = export(db, leader)[uid(db, "action", action.id)]
    now = dt.datetime.now(dt.timezone.utc)
    for stamp in ("dtstamp", "last-modified"):
        moment = value(event, stamp)
        assert moment.utcoffset() == dt.timedelta(0)
        assert abs(moment - now) < dt.timedelta(minutes=1), stamp  # not 2000-01-01, not 9 hours off


def test_two_installations_give_action_1_different_uids(tmp_path, framework):
    found = []
    for name in ("one", "two"):
        db = Database(tmp_path / f"{name}.duckdb")
        leader = people.local_leader(db)
        goal = goals.create_goal(db, leader, framework, COMPLETE)
        action = add(db, leader, goal, "One-to-ones", "weekly", D(2026, 11, 30), times=1)
        assert action.id == 1
        found.append({u for u in export(db, leader) if u.startswith("action-1-") and "-due-" not in u})
        db.close()
    [one], [two] = found
    assert one != two


# -- the dates, held to the weekly rules --------------------------------------------------------


def test_weekday_actions_land_on_exactly_the_days_the_rules_ask(db, leader, goal, away):
    made = {
        "mid-week start": add(db, leader, goal, "Stand-up", "weekdays", D(2026, 11, 26), D(2027, 1, 20), days=(1, 3, 5)),
        "due date": add(db, leader, goal, "One-to-ones", "weekdays", D(2026, 11, 30), D(2026, 12, 24), days=(2, 4)),
        "closed early": add(db, leader, goal, "Walk", "weekdays", D(2026, 11, 23), days=(1, 3, 5, 7)),
        "no end": add(db, leader, goal, "Plan the week", "weekdays", D(2026, 12, 2), days=(6,)),
    }
    actions.set_status(db, leader, made["closed early"].id, "done", D(2026, 12, 16))
    rules, events = rules_for(db, leader), export(db, leader)
    for name, action in made.items():
        asked = {monday + dt.timedelta(days=d - 1) for (aid, monday), (_, days) in rules.items() if aid == action.id for d in days}
        landed = occurrences(events[uid(db, "action", action.id)])
        assert landed == asked, name
        assert not landed & DAYS_AWAY, name
    stand_up = occurrences(events[uid(db, "action", made["mid-week start"].id)])
    assert min(stand_up) == D(2026, 11, 27) and D(2027, 1, 6) not in stand_up and max(stand_up) == D(2027, 1, 20)
    assert max(occurrences(events[uid(db, "action", made["due date"].id)])) == D(2026, 12, 24)
    assert max(occurrences(events[uid(db, "action", made["closed early"].id)])) == D(2026, 12, 16)
    assert max(occurrences(events[uid(db, "action", made["no end"].id)])) == D(2027, 2, 27)  # goes on past the period


def test_weekly_reminders_fall_in_weeks_that_ask_and_inside_the_window(db, leader, goal, away):
    made = {
        "mid-week start, due date": add(db, leader, goal, "Strategy", "weekly", D(2026, 11, 26), D(2027, 1, 13), times=3),
        "closed early": add(db, leader, goal, "Read", "weekly", D(2026, 11, 23), times=2),
        "starts in a week away": add(db, leader, goal, "Reflect", "weekly", D(2026, 12, 9), D(2026, 12, 31), times=1),
    }
    actions.set_status(db, leader, made["closed early"].id, "done", D(2026, 12, 30))
    rules, events, window = rules_for(db, leader), export(db, leader), actions.windows(db, leader)
    for name, action in made.items():
        landed = occurrences(events[uid(db, "action", action.id)])
        first, last = window[action.id]
        assert landed, name
        for day in landed:
            assert rules[(action.id, weeks.week_start(day))][0] > 0, (name, day)
            assert first <= day <= last, (name, day)
    strategy = occurrences(events[uid(db, "action", made["mid-week start, due date"].id)])
    assert strategy == {D(2026, 11, 26) + dt.timedelta(weeks=n) for n in range(7)} - {D(2026, 12, 10)}  # Thursdays, less the week away
    assert min(occurrences(events[uid(db, "action", made["starts in a week away"].id)])) == D(2026, 12, 16)


def test_a_one_off_lands_on_its_due_date_or_else_its_start(db, leader, goal):
    dated = add(db, leader, goal, "Hand over the budget", "once", D(2026, 12, 1), D(2026, 12, 18))
    undated = add(db, leader, goal, "Ask for feedback", "once", D(2026, 12, 3))
    events = export(db, leader)
    for action, day in ((dated, D(2026, 12, 18)), (undated, D(2026, 12, 3))):
        event = events[uid(db, "action", action.id)]
        assert "rrule" not in event.contents and occurrences(event) == {day}
        assert value(event, "status") == "CONFIRMED"
    goal_event = events[uid(db, "goal", goal.id)]
    assert occurrences(goal_event) == {COMPLETE.target_date} and value(goal_event, "dtend") == COMPLETE.target_date + dt.timedelta(days=1)


# -- taking out what no longer stands -------------------------------------------------------------


def test_what_is_dropped_or_archived_is_exported_as_cancelled(db, framework, leader, goal):
    kept = add(db, leader, goal, "Kept", "weekdays", D(2026, 11, 23), D(2027, 1, 31), days=(2,))
    dropped = add(db, leader, goal, "Dropped", "weekly", D(2026, 11, 23), times=2)
    archived = add(db, leader, goal, "Archived", "weekly", D(2026, 11, 23), times=1)
    finished = add(db, leader, goal, "Finished", "weekly", D(2026, 11, 23), D(2027, 1, 31), times=1)
    actions.set_status(db, leader, dropped.id, "dropped", TODAY)
    tracker.set_day(db, leader, archived.id, D(2026, 11, 23), 1, True, TODAY)
    assert actions.remove_action(db, leader, archived.id) == "archived"
    actions.set_status(db, leader, finished.id, "done", TODAY)
    gone = goals.create_goal(db, leader, framework, COMPLETE)
    with_gone = add(db, leader, gone, "Of an archived goal", "once", D(2026, 12, 1), D(2026, 12, 4))
    assert goals.remove_goal(db, leader, gone.id) == "archived"
    abandoned = goals.create_goal(db, leader, framework, COMPLETE)
    goals.set_status(db, leader, abandoned.id, "dropped")

    events = export(db, leader)
    cancelled = {uid(db, "action", a.id) for a in (dropped, archived, with_gone)} | {uid(db, "goal", g.id) for g in (gone, abandoned)}
    cancelled.add(uid(db, "action", f"{finished.id}-due"))  # done before it was due
    assert {u for u, e in events.items() if value(e, "status") == "CANCELLED"} == cancelled
    for name in cancelled:
        assert int(value(events[name], "sequence")) >= 1 and "rrule" not in events[name].contents, name
    assert value(events[uid(db, "action", kept.id)], "status") == "CONFIRMED"
    assert value(events[uid(db, "action", finished.id)], "status") == "CONFIRMED"  # done: its weeks stood
    assert value(events[uid(db, "goal", goal.id)], "status") == "CONFIRMED"


def test_the_file_holds_only_the_asking_leaders_plan(db, framework, leader, other_leader, goal):
    add(db, leader, goal, "Mine", "weekly", D(2026, 11, 23), times=1)
    theirs = goals.create_goal(db, other_leader, framework, COMPLETE)
    add(db, other_leader, theirs, "Theirs", "weekly", D(2026, 11, 23), times=1)
    goals.remove_goal(db, other_leader, theirs.id)
    tracker.set_away(db, other_leader, D(2026, 11, 30), [1, 2, 3, 4, 5, 6, 7], TODAY)
    plan = calendar_export.read_plan(db, leader)
    assert {a.person_id for a in plan.actions} == {g.person_id for g in plan.goals} == {leader.person_id}
    assert plan.weeks == {}  # the other leader's days away are not read into mine
    assert not any("Theirs" in str(value(e, "summary")) for e in export(db, leader).values())


def test_the_export_needs_no_pytz(tmp_path):
    """The development tools bring pytz (vobject needs it), production does not have it, and
    DuckDB needs it to hand out TIMESTAMP WITH TIME ZONE values. Make the plan and export it
    in a process where pytz cannot be imported, so that no such value slips into the app."""
    import subprocess
    import sys
    import textwrap

    from tests.conftest import ROOT

    script = textwrap.dedent(f"""
        import sys
        sys.modules["pytz"] = None  # importing it now fails, as it would without the package
        import datetime as dt
        from coaching import actions, calendar_export, goals, people, tracker
        from coaching.actions import ActionInput
        from coaching.db import Database
        from coaching.framework import load_framework
        db = Database({str(tmp_path / "no-pytz.duckdb")!r})
        me = people.local_leader(db)
        today = dt.date(2026, 11, 27)
        goal = goals.create_goal(db, me, load_framework(), goals.GoalInput("G", measure="m", target_date=today))
        action = actions.create_action(db, me, goal.id, ActionInput("A", "weekdays", None, (1, 3), today), today)
        actions.set_status(db, me, action.id, "done", today)
        goals.list_goals(db, me, archived=True)
        tracker.history(db, me, today)
        calendar_export.plan_calendar(calendar_export.read_plan(db, me), {{"calendar_name": "c", "times_this_week": "{{times}} {{title}}",
            "goal_due": "{{title}}", "action_due": "{{title}}"}}, dt.datetime.now(dt.timezone.utc))
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
