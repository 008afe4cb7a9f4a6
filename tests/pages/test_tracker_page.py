"""The weekly tracker: tick days on the day pills, reflect, see completion and streaks."""

import datetime as dt
import json

import pytest
from streamlit.testing.v1.element_tree import AppTestError

from coaching import actions, goals, people, tracker, weeks
from coaching.db import Database
from coaching.framework import load_framework
from coaching.ui.text import plain
from tests.conftest import TODAY

THIS_WEEK = weeks.week_start(TODAY)  # Monday 23 November 2026; TODAY is its Friday
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]  # as the pills say


def day_pills(at, action_id: int, monday: dt.date = THIS_WEEK) -> dict:
    """Weekday (1-7) -> the pills that holds it, for one action's row (the days that can be
    ticked and those that cannot are pills of their own)."""
    prefix = f"tracker.days.{monday.isoformat()}.{action_id}."
    return {DAYS.index(name) + 1: pills for pills in at.button_group if (pills.key or "").startswith(prefix)
            for name in pills.options}


def ticked(at, action_id: int, monday: dt.date = THIS_WEEK) -> list[int]:
    """The days the row shows as ticked."""
    return sorted(day for day, pills in day_pills(at, action_id, monday).items() if day in pills.value)


def tick(at, action_id: int, day: int, done: bool = True, monday: dt.date = THIS_WEEK):
    """Tap one day of one action, as a leader does, and run the page."""
    pills = day_pills(at, action_id, monday)[day]
    (pills.select(day) if done else pills.unselect(day)).run()
    assert not at.exception, at.exception
    return at


def stored(db, action_id: int, monday: dt.date = THIS_WEEK) -> list[int]:
    """The days in the checkins table, as saved."""
    with db.read() as cursor:
        row = cursor.execute("SELECT days FROM checkins WHERE action_id = ? AND week_start = ?", [action_id, monday]).fetchone()
    return sorted(row[0]) if row else []


def texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def done_beside(at, title: str) -> str:
    """What an action's row says was done, after its title (as typed, escaped for markdown)."""
    [row] = [t for t in texts(at) if t.startswith(plain(title) + " — ")]
    return row.removeprefix(plain(title) + " — ")


def headings(at) -> list[str]:
    """The goals' titles, as the subheaders show them (before their figures)."""
    return [h.value.split(" :small[")[0] for h in at.subheader]


def figures_of(at, goal_title: str) -> str:
    """A goal's figures, in small type beside its title."""
    [found] = [h.value for h in at.subheader if h.value.startswith(plain(goal_title) + " :small[")]
    return found.split(" :small[:gray[")[1].removesuffix("]]")


@pytest.fixture
def planned(db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    goal = goals.create_goal(db, me, load_framework(), goals.GoalInput("Delegate", measure="m", target_date=TODAY + dt.timedelta(days=60)))
    action = actions.create_action(
        db, me, goal.id, actions.ActionInput("One-to-ones first", "weekdays", None, (1,), THIS_WEEK - dt.timedelta(weeks=3)), TODAY
    )
    return db, me, action


def test_ticking_this_week_saves_and_shows_completion(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    assert "Delegate" in headings(at)  # the action under its goal
    assert ticked(at, action.id) == [] and done_beside(at, "One-to-ones first") == "0 of 1 · Mon"  # and which day it asks
    tick(at, action.id, 1)
    assert stored(db, action.id) == [1]
    assert tracker.week_rows(db, me, THIS_WEEK)[0].days == (1,)
    assert ticked(at, action.id) == [1]
    assert done_beside(at, "One-to-ones first") == "1 of 1 · Mon"  # beside the title
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["This week"] == "1 of 1"
    assert metrics["Current streak"] == "1 week"
    assert figures_of(at, "Delegate") == "this week 1 of 1, all weeks 1 of 4"  # per goal, beside its title
    tick(at, action.id, 1, done=False)
    assert stored(db, action.id) == [] and ticked(at, action.id) == []


def test_a_weekdays_action_names_only_the_days_this_week_asks(app, db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    goal = goals.create_goal(db, me, load_framework(), goals.GoalInput("Delegate", measure="m", target_date=TODAY + dt.timedelta(days=60)))
    wednesday = THIS_WEEK + dt.timedelta(days=2)
    actions.create_action(db, me, goal.id, actions.ActionInput("Stand-ups", "weekdays", None, (1, 4), wednesday), TODAY)
    db.close()
    at = app("pages/leader/tracker.py")
    assert done_beside(at, "Stand-ups") == "0 of 1 · Thu"  # Monday is before its start: neither asked nor named


def test_ticking_wednesday_saves_exactly_that_day(app, planned):
    db, me, action = planned
    tracker.set_day(db, me, action.id, THIS_WEEK, 1, True, TODAY)
    at = app("pages/leader/tracker.py")
    assert ticked(at, action.id) == [1]
    tick(at, action.id, 3)
    assert stored(db, action.id) == [1, 3]
    assert stored(db, action.id, THIS_WEEK - weeks.ONE_WEEK) == []  # no other week touched
    assert ticked(at, action.id) == [1, 3]
    assert done_beside(at, "One-to-ones first") == "1 of 1 · +1 extra · Mon"  # a Monday action: Wednesday is an extra
    assert not at.error


def test_days_still_to_come_cannot_be_ticked(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    days = day_pills(at, action.id)
    assert sorted(days) == [1, 2, 3, 4, 5, 6, 7]  # the whole week, each day in its place
    assert [d for d, pills in days.items() if pills.disabled] == [6, 7]  # Saturday and Sunday are still to come
    with pytest.raises(AppTestError):  # as in a browser: a disabled day cannot be tapped
        days[6].select(6)
    assert stored(db, action.id) == []


def test_future_weeks_cannot_be_ticked(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    at.button(key="tracker.next").click().run()
    assert "This week has not started yet" in at.info[0].value
    days = day_pills(at, action.id, THIS_WEEK + weeks.ONE_WEEK)
    assert sorted(days) == [1, 2, 3, 4, 5, 6, 7] and all(pills.disabled for pills in days.values())
    # What the week will ask, as its row says it (the history does not reach ahead).
    assert done_beside(at, "One-to-ones first") == "0 of 1 · Mon" and {m.label: m.value for m in at.metric}["This week"] == "0 of 1"
    assert figures_of(at, "Delegate") == "this week 0 of 1, all weeks 0 of 4"
    assert tracker.week_rows(db, me, THIS_WEEK + weeks.ONE_WEEK)[0].days == ()


def test_a_refused_tick_shows_why_and_the_control_shows_what_is_stored(app, planned):
    db, me, action = planned
    tracker.set_day(db, me, action.id, THIS_WEEK, 5, True, TODAY)
    at = app("pages/leader/tracker.py")
    # Meanwhile, in another tab, the action is made to start on Thursday: Wednesday is now
    # before its start, but this screen still offers it.
    actions.update_action(db, me, action.id, actions.ActionInput("One-to-ones first", "weekdays", None, (1,), THIS_WEEK + dt.timedelta(days=3)),
                          TODAY)
    tick(at, action.id, 3)
    # The title as typed (escaped for markdown), and the same words in a toast.
    said = '"One\\-to\\-ones first" cannot be ticked on that day: it lies before the action starts or after it ends.'
    assert [e.value for e in at.error] == [said]
    assert [t.value for t in at.toast] == [said]
    assert stored(db, action.id) == [5]
    assert ticked(at, action.id) == [5]  # not the refused Wednesday
    assert [d for d, pills in day_pills(at, action.id).items() if not pills.disabled] == [4, 5]


def test_last_weeks_can_be_corrected_and_streaks_follow(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    assert not [b for b in at.button if b.key == "tracker.to_this_week"]  # shown only away from this week
    for _ in range(2):
        at.button(key="tracker.previous").click().run()
    assert any("Week 46" in t for t in texts(at))
    tick(at, action.id, 1, monday=THIS_WEEK - 2 * weeks.ONE_WEEK)
    at.button(key="tracker.next").click().run()
    tick(at, action.id, 1, monday=THIS_WEEK - weeks.ONE_WEEK)
    assert stored(db, action.id, THIS_WEEK - 2 * weeks.ONE_WEEK) == [1] and stored(db, action.id, THIS_WEEK - weeks.ONE_WEEK) == [1]
    assert {m.label: m.value for m in at.metric}["Current streak"] == "2 weeks"
    assert {m.label: m.value for m in at.metric}["All weeks"] == "2 of 4"
    at.button(key="tracker.to_this_week").click().run()
    assert any("Week 48" in t for t in texts(at)) and day_pills(at, action.id)


def test_each_week_without_anything_planned_says_what_is_true(app, planned):
    db, me, action = planned  # from three weeks ago, every Monday, without end
    at = app("pages/leader/tracker.py")
    for _ in range(4):
        at.button(key="tracker.previous").click().run()
    assert [i.value for i in at.info] == ["Nothing was planned for this week."]
    assert not at.get("page_link")  # an earlier week cannot be planned any more
    actions.update_action(db, me, action.id, actions.ActionInput("One-to-ones first", "weekdays", None, (1,),
                                                                 THIS_WEEK - dt.timedelta(weeks=3), THIS_WEEK - dt.timedelta(days=1)), TODAY)
    at.button(key="tracker.to_this_week").click().run()
    assert [i.value for i in at.info] == ["Nothing is planned for this week."]
    at.button(key="tracker.next").click().run()
    assert [i.value for i in at.info][-1] == "Nothing is planned for this week yet."


def test_without_any_actions_every_week_says_what_is_true(app, db_path):
    at = app("pages/leader/tracker.py")
    assert [i.value for i in at.info] == ["You have no actions yet. Plan your actions first."]
    assert at.get("page_link")
    at.button(key="tracker.previous").click().run()
    assert [i.value for i in at.info] == ["Nothing was planned for this week."]


def test_long_titles_are_shown_in_full(app, db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    goal_title = "Let my team decide on every purchase under ten thousand euros, and stop asking to be copied in on it"
    action_title = ("Before every steering committee, write down which decision I leave to the team, "
                    "and tell them in advance so that they can prepare it")
    assert len(goal_title) > 80 and len(action_title) > 80
    goal = goals.create_goal(db, me, load_framework(), goals.GoalInput(goal_title, measure="m", target_date=TODAY + dt.timedelta(days=60)))
    action = actions.create_action(db, me, goal.id, actions.ActionInput(action_title, "weekly", 2, (), THIS_WEEK), TODAY)
    at = app("pages/leader/tracker.py")
    assert plain(goal_title) in headings(at)
    assert done_beside(at, action_title) == "0 of 2"
    assert {pills.label for pills in day_pills(at, action.id).values()} == {plain(action_title)}  # what a screen reader says


def test_days_away_are_saved(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    at.button_group(key=f"tracker.away.{THIS_WEEK.isoformat()}").select(6).run()
    assert "Your days away are saved." in [s.value for s in at.success]
    assert tracker.away_days(db, me, THIS_WEEK) == (6,)


def test_the_weekly_reflection_is_saved(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    assert not at.text_area  # the reflection is closed: its form draws nothing
    at.session_state[f"tracker.reflect.{THIS_WEEK.isoformat()}"] = True  # as a click on it opens it
    at.run()
    [w for w in at.text_area if w.label == "What went well"][0].input("Delegated the <b>budget</b> review")
    [w for w in at.text_area if w.label == "What I want to bring to my coach"][0].input("Saying no")
    next(s for s in at.segmented_control if s.label == "Energy").set_value(4)
    next(s for s in at.segmented_control if s.label == "Stress").set_value(2)
    next(b for b in at.button if b.label == "Save reflection").click().run()
    assert "Your reflection is saved." in [s.value for s in at.success]
    saved = tracker.reflection(db, me, THIS_WEEK)
    assert (saved.went_well, saved.for_coach, saved.energy, saved.stress) == ("Delegated the <b>budget</b> review", "Saying no", 4, 2)
    assert at.expander(key=f"tracker.reflect.{THIS_WEEK.isoformat()}").label == "Reflection on this week · written"


def test_kates_demo_shows_every_progress_view(app):
    at = app()
    at.button(key="demo.open").click().run()
    at.switch_page("pages/leader/tracker.py").run(timeout=20)
    assert not at.exception
    assert not at.get("plotly_chart") and not at.dataframe  # the tabs are lazy: only the open one is drawn
    at.session_state["tracker.view"] = "Strength per action"
    at.run()
    strength = at.dataframe[0].value
    assert len(strength) == 6 and strength["Strength"].between(0, 100).all()
    for tab, kind in (("Heatmap", "heatmap"), ("Energy and stress", "scatter")):
        at.session_state["tracker.view"] = tab
        at.run()
        assert [json.loads(c.proto.spec)["data"][0]["type"] for c in at.get("plotly_chart")] == [kind]


def test_needs_attention_lists_what_is_overdue_and_what_is_slipping(app, planned):
    db, me, action = planned  # asked every Monday for three weeks, never done: slipping
    goal_id = action.goal_id
    actions.create_action(db, me, goal_id, actions.ActionInput("Book the offsite", "once", None, (), THIS_WEEK - dt.timedelta(weeks=2),
                                                               THIS_WEEK - dt.timedelta(days=3)), TODAY)
    at = app("pages/leader/tracker.py")
    at.session_state["tracker.view"] = "Needs attention"
    at.run()
    assert [w.value for w in at.warning] == [
        "Overdue:\n- Book the offsite (since 20 November 2026)",  # THIS_WEEK (23 Nov) - 3 days
        "Slipping two weeks running:\n- One\\-to\\-ones first",
    ]
    assert not at.success
    tracker.set_day(db, me, action.id, THIS_WEEK - weeks.ONE_WEEK, 1, True, TODAY)
    at.run()
    assert [w.value for w in at.warning] == ["Overdue:\n- Book the offsite (since 20 November 2026)"]


def test_home_shows_the_week_as_typed(app, planned):
    # The nudge to fill in last week is Home's next step now: tests/pages/test_home_page.py.
    db, me, action = planned
    at = app()
    assert any(r"One\-to\-ones first" in m.value for m in at.markdown)  # escaped: shown as typed
