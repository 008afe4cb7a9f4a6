"""Goals and the action plan, driven like a leader would."""

import datetime as dt

from icalendar import Calendar

from coaching import actions, goals, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import TODAY



def me(db_path):
    db = Database(db_path)
    return db, people.local_leader(db)


def submit(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def title_field(at):
    return [w for w in at.text_input if w.label == "Goal (required)"][0]


def test_an_active_goal_without_measure_is_refused_with_what_is_missing_and_a_draft_is_kept(app, db_path):
    at = app("pages/leader/goals.py")
    assert [w for w in at.selectbox if w.label == "Status"][0].value == "active"  # the default, and it means it
    title_field(at).input("Delegate more")
    submit(at, "Save goal")
    assert any("An active goal needs Measure of success and Target date" in e.value for e in at.error)
    db, leader = me(db_path)
    assert goals.list_goals(db, leader) == []  # nothing quietly saved as something else
    assert title_field(at).value == "Delegate more"  # and nothing typed is lost
    [w for w in at.selectbox if w.label == "Status"][0].set_value("draft")
    submit(at, "Save goal")
    [goal] = goals.list_goals(db, leader)
    assert (goal.title, goal.status) == ("Delegate more", "draft")
    assert any("is saved as a draft" in s.value for s in at.success)
    assert "goals.plan_just_saved" not in [b.key for b in at.button]  # actions come once it is active


def test_the_behaviours_offered_are_those_of_the_competencies_chosen(app):
    at = app("pages/leader/goals.py")
    behaviours = lambda: [w for w in at.multiselect if w.label == "Behaviours to practise"][0]  # noqa: E731
    assert behaviours().options == [] and behaviours().disabled
    [w for w in at.multiselect if w.label == "Competencies it develops"][0].set_value(["strategic_thinking"]).run()
    assert behaviours().options == ["Long-term vision", "Understanding market trends", "Aligning strategy with organisational goals"]


def test_after_saving_a_goal_its_action_plan_is_one_click_away(app, db_path):
    at = app("pages/leader/goals.py")
    title_field(at).input("Set out a vision")
    [w for w in at.text_area if w.label == "Measure of success (needed for an active goal)"][0].input("A plan agreed")
    [w for w in at.date_input if w.label == "Target date (needed for an active goal)"][0].set_value(TODAY + dt.timedelta(days=90))
    submit(at, "Save goal")
    db, leader = me(db_path)
    [goal] = goals.list_goals(db, leader)
    at.button(key="goals.plan_just_saved").click().run()
    assert not at.exception
    assert at.title[0].value == "Action plan"
    assert at.selectbox(key="plan.goal_choice").value == goal.id


def test_a_complete_goal_is_active_and_its_progress_is_kept(app, db_path):
    at = app("pages/leader/goals.py")
    [w for w in at.multiselect if w.label == "Competencies it develops"][0].set_value(["strategic_thinking"]).run()
    title_field(at).input("Set out a vision")
    [w for w in at.text_area if w.label == "Measure of success (needed for an active goal)"][0].input("A three-year plan agreed")
    [w for w in at.date_input if w.label == "Target date (needed for an active goal)"][0].set_value(TODAY + dt.timedelta(days=90))
    submit(at, "Save goal")
    db, leader = me(db_path)
    [goal] = goals.list_goals(db, leader)
    assert (goal.status, goal.competencies, goal.target_date) == ("active", ("strategic_thinking",), TODAY + dt.timedelta(days=90))
    assert not [s for s in at.slider if s.label == "How far along are you?"]  # details stay closed until opened
    at.session_state[f"goal.details.{goal.id}"] = True
    at.run()
    slider = next(s for s in at.slider if s.label == "How far along are you?")
    slider.set_value(40)
    submit(at, "Save estimate")
    assert list(goals.progress_history(db, leader, goal.id)["percent"]) == [40]
    assert any("Progress: 40%" in p.proto.text for p in at.get("progress"))


def test_a_situation_adds_its_drafts_in_the_leaders_language(app, db_path):
    at = app()
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    at.switch_page("pages/leader/goals.py").run()
    at.button(key="situation.balance_stress").click().run()
    db, leader = me(db_path)
    titles = [g.title for g in goals.list_goals(db, leader)]
    assert titles == ["Mijn hersteltijd beschermen", "De last delen met mijn team"]


def test_make_a_development_area_a_goal_from_the_profile(app, db_path):
    from coaching import assessments

    framework = load_framework()
    db, leader = me(db_path)
    ratings = {b.id: 4 for b in framework.behaviours}
    ratings.update({b.id: 1 for b in framework.competency("influence").behaviours})
    assessments.record_round(db, leader, framework, TODAY, ratings)
    at = app("pages/leader/profile.py")
    at.button(key="profile.goal.influence").click().run()
    assert at.title[0].value == "Goals"
    assert title_field(at).value == "Grow in Influence and persuasion"
    assert [w for w in at.multiselect if w.label == "Competencies it develops"][0].value == ["influence"]


def test_removing_a_goal_with_history_asks_and_archives(app, db_path):
    db, leader = me(db_path)
    goal = goals.create_goal(db, leader, load_framework(), goals.GoalInput("Delegate", measure="m", target_date=TODAY + dt.timedelta(days=30)))
    actions.create_action(db, leader, goal.id, actions.ActionInput("One-to-ones", "weekly", 1), TODAY)
    at = app("pages/leader/goals.py")
    at.session_state[f"goal.details.{goal.id}"] = True
    at.run()
    at.button(key=f"goal.remove.{goal.id}").click().run()
    assert any("It will be archived with its actions" in m.value for m in at.markdown)
    at.button(key="goal.remove.yes").click().run()
    assert goals.list_goals(db, leader) == []
    assert [g.id for g in goals.list_goals(db, leader, archived=True)] == [goal.id]
    at.button(key=f"goal.restore.{goal.id}").click().run()
    assert [g.id for g in goals.list_goals(db, leader)] == [goal.id]


def make_goal(db_path):
    db, leader = me(db_path)
    goal = goals.create_goal(db, leader, load_framework(), goals.GoalInput("Delegate", measure="m", target_date=TODAY + dt.timedelta(days=60)))
    return db, leader, goal


def test_adding_an_action_and_refusing_a_due_date_before_the_start(app, db_path):
    db, leader, goal = make_goal(db_path)
    at = app("pages/leader/plan.py")
    [w for w in at.text_input if w.label == "What I will do"][-1].input("Block two mornings for strategy")
    [w for w in at.number_input if w.label == "Times a week"][-1].set_value(2)
    [w for w in at.date_input if w.label == "Due"][-1].set_value(TODAY - dt.timedelta(days=3))
    submit(at, "Save action")
    assert any("The due date lies before the start" in e.value for e in at.error)
    assert actions.list_actions(db, leader) == []
    [w for w in at.date_input if w.label == "Due"][-1].set_value(TODAY + dt.timedelta(days=30))
    submit(at, "Save action")
    [action] = actions.list_actions(db, leader)
    assert (action.title, action.cadence, action.times_per_week) == ("Block two mornings for strategy", "weekly", 2)
    assert any(p.proto.spec and "Block two mornings" in p.proto.spec for p in at.get("plotly_chart"))  # on the timeline


def test_an_action_is_edited_in_its_editor_which_draws_nothing_while_closed(app, db_path):
    db, leader, goal = make_goal(db_path)
    action = actions.create_action(db, leader, goal.id, actions.ActionInput("Block one morning", "weekly", 1, (), TODAY), TODAY)
    at = app("pages/leader/plan.py")
    assert not [w for w in at.text_input if w.value == "Block one morning"]  # closed: no form drawn
    at.session_state[f"action.editor.{action.id}"] = True  # as a click on "Edit or remove" opens it
    at.run()
    [w for w in at.text_input if w.value == "Block one morning"][0].input("Block two mornings")
    next(b for b in at.button if b.label == "Save action" and b.form_id.endswith(f"action.edit.{action.id}")).click().run()
    assert [a.title for a in actions.list_actions(db, leader)] == ["Block two mornings"]
    assert "The action plan is saved." in [s.value for s in at.success]


def test_weekday_actions_and_the_calendar_export(app, db_path, downloads):
    db, leader, goal = make_goal(db_path)
    at = app("pages/leader/plan.py")
    at.segmented_control(key="action.new.cadence").set_value("weekdays").run()
    [w for w in at.text_input if w.label == "What I will do"][-1].input("One-to-ones")
    next(p for p in at.pills if p.label == "On these days").set_value([2, 4])
    submit(at, "Save action")
    [action] = actions.list_actions(db, leader)
    assert (action.cadence, action.weekdays) == ("weekdays", (2, 4))
    download = at.get("download_button")[0]
    assert download.proto.label == "Export to calendar (.ics)"
    data, name, mime = downloads.served(download)  # what the button gives when it is clicked
    assert (name, mime) == ("koers-plan.ics", "text/calendar")
    events = {str(e["summary"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    event = events["One-to-ones"]
    assert event["rrule"]["BYDAY"] == ["TU", "TH"] and event["rrule"]["UNTIL"] == [goal.target_date]
    assert event.decoded("dtstart") == dt.date(2026, 12, 1)  # the first Tuesday from today (Fri 27 Nov)
    assert str(event["uid"]).startswith(f"action-{action.id}-") and event["sequence"] == 0


def test_the_calendar_file_parses_back_with_the_right_dates(db, framework, leader):
    from coaching import calendar_export

    goal = goals.create_goal(db, leader, framework, goals.GoalInput("Delegate", measure="m", target_date=dt.date(2027, 3, 1)))
    weekly = actions.create_action(db, leader, goal.id, actions.ActionInput("Strategy", "weekly", 2, (), dt.date(2026, 12, 1), dt.date(2027, 2, 1)), TODAY)
    days = actions.create_action(db, leader, goal.id, actions.ActionInput("One-to-ones", "weekdays", None, (2, 4), dt.date(2026, 11, 30), dt.date(2027, 1, 31)), TODAY)
    once = actions.create_action(db, leader, goal.id, actions.ActionInput("Hand over budget", "once", None, (), dt.date(2026, 12, 1), dt.date(2026, 12, 18)), TODAY)
    labels = {"calendar_name": "Plan", "times_this_week": "{times}x: {title}", "goal_due": "Goal: {title}", "action_due": "Due: {title}"}
    plan = calendar_export.read_plan(db, leader)
    parsed = Calendar.from_ical(calendar_export.plan_calendar(plan, labels, dt.datetime.now(dt.timezone.utc)))
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    here = f"{calendar_export.installation_id(db)}@koers"
    assert events[f"goal-{goal.id}-{here}"].decoded("dtstart") == dt.date(2027, 3, 1)
    assert str(events[f"action-{weekly.id}-{here}"]["summary"]) == "2x: Strategy"
    assert events[f"action-{weekly.id}-{here}"].decoded("dtstart") == dt.date(2026, 12, 1)
    rule = events[f"action-{days.id}-{here}"]["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU", "TH"] and rule["UNTIL"] == [dt.date(2027, 1, 31)]
    assert events[f"action-{days.id}-{here}"].decoded("dtstart") == dt.date(2026, 12, 1)  # the first Tuesday
    assert events[f"action-{once.id}-{here}"].decoded("dtstart") == dt.date(2026, 12, 18)
    assert events[f"action-{weekly.id}-due-{here}"].decoded("dtstart") == dt.date(2027, 2, 1)


def test_a_goal_past_its_target_date_can_still_be_opened_and_edited(app, db_path):
    db, leader = me(db_path)
    with db.write() as cursor:
        cursor.execute(
            "INSERT INTO goals (person_id, title, horizon, measure, target_date, status) VALUES (?, 'Old goal', 'short', 'm', ?, 'active')",
            [leader.person_id, TODAY - dt.timedelta(days=40)],
        )
    [goal] = goals.list_goals(db, leader)
    at = app("pages/leader/goals.py")
    at.session_state[f"goal.details.{goal.id}"] = True
    at.run()
    assert not at.exception
    [w for w in at.text_input if w.value == "Old goal"][0].input("Old goal, renewed")
    next(b for b in at.button if b.label == "Save goal" and b.form_id.endswith(f"goal.edit.{goal.id}")).click().run()
    assert goals.get_goal(db, leader, goal.id).title == "Old goal, renewed"
