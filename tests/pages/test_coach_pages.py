"""The coach's workspace and the leader's "My coaching", driven as their users drive them: the
caseload at a glance, the agreement proposed and accepted, a session planned with its agenda
drafted, notes private and shared, live mode, and a coach who is no longer paired."""

import datetime as dt

import pytest

from coaching import access, actions, agreements, goals, pairings, people, sessions
from coaching.db import Database
from coaching.framework import load_framework
from coaching.sessions import SessionInput
from tests.conftest import TODAY, everything_shown, team_app

FRAMEWORK = load_framework()
WORKSPACE, DASHBOARD, MINE = "pages/coach/workspace.py", "pages/coach/coachees.py", "pages/leader/coaching.py"


@pytest.fixture
def team(db_path):
    """Carl coaches Kate and Lena; Kate has a goal with an action and ticks, and a held session."""
    db = Database(db_path)
    ada = people.add_person(db, None, "ada@example.org", "Ada", ["admin"])
    made = {"admin": ada}
    for key, name, roles in (("kate", "Kate", ["leader"]), ("lena", "Lena Secretname", ["leader"]), ("carl", "Carl", ["coach"])):
        made[key] = people.add_person(db, ada, f"{key}@example.org", name, roles)
    made["pairing"] = pairings.pair(db, ada, made["carl"].person_id, made["kate"].person_id, TODAY - dt.timedelta(days=90))
    pairings.pair(db, ada, made["carl"].person_id, made["lena"].person_id, TODAY - dt.timedelta(days=30))
    kate = made["kate"]
    goal = goals.create_goal(db, kate, FRAMEWORK, goals.GoalInput("Delegate more", measure="Three tasks", target_date=TODAY + dt.timedelta(days=20)))
    action = actions.create_action(db, kate, goal.id, actions.ActionInput("Hand over one task", "weekly", 1, (), TODAY - dt.timedelta(days=30)), TODAY)
    sessions.plan(db, made["carl"], made["pairing"].id, SessionInput(TODAY - dt.timedelta(days=21), 3, status="held"), TODAY)
    made["goal"], made["action"] = goal, action
    return db, made


def test_the_caseload_shows_every_coachee_with_its_rules(team):
    db, made = team
    at = team_app("carl@example.org", page=DASHBOARD)
    table = at.dataframe[0].value
    assert list(table["name"]) == ["Kate", "Lena Secretname"]
    kate = table.iloc[0]
    assert (kate["phase"], kate["stalled"], kate["risk"], kate["week"]) == (3, True, 1, "0 of 1")
    assert any("Stalled: no check-in and no session for 14 days" in c.value for c in at.caption)  # the rule, on the screen
    assert "2 coachees have had no check-in and no session for 14 days." in at.warning[0].value
    assert {"log.saw_completion", "log.saw_goals"} <= {s.what for s in access.who_saw(db, made["kate"])}


def test_a_session_is_planned_and_its_agenda_drafted_from_the_week(team):
    db, made = team
    at = team_app("carl@example.org", page=WORKSPACE)
    [goal_input] = [w for w in at.text_input if w.label == "Goal of this session"]
    goal_input.input("Practise saying no")
    next(b for b in at.button if b.label == "Plan session").click().run()
    assert "The session is planned." in [s.value for s in at.success]
    [upcoming] = [s for s in sessions.logbook(db, made["kate"], made["pairing"].id, TODAY) if s.status == "planned"]
    assert upcoming.goal == "Practise saying no" and upcoming.phase == 3  # the phase of the session before
    assert upcoming.held_on == TODAY  # three weeks after the last one (every 2 weeks, none agreed): today at the earliest
    drafted = [i.text for i in sessions.agenda(db, made["kate"], upcoming.id, TODAY)]
    assert drafted[0].startswith("Since ") and "Slipped: Hand over one task" in " ".join(drafted)
    assert any("Next session" in h.value for h in at.subheader)


def test_the_coach_proposes_the_agreement_and_the_leader_accepts_it_once(team):
    db, made = team
    at = team_app("carl@example.org", page=WORKSPACE)
    at.session_state[f"workspace.view.{made['kate'].person_id}"] = "Agreement"
    at.run()
    next(w for w in at.text_area if w.label.startswith("Confidentiality")).input("HR hears only that we meet")
    next(b for b in at.button if b.label == "Propose to Kate").click().run()
    assert "The agreement is proposed" in at.success[0].value
    [proposed] = agreements.versions(db, made["kate"], made["pairing"].id, TODAY)
    assert proposed.terms.confidentiality == "HR hears only that we meet" and not proposed.accepted

    mine = team_app("kate@example.org", page=MINE)
    assert "Your coach proposed version 1" in mine.warning[0].value
    assert "HR hears only that we meet" in [t.value for t in mine.text]
    mine.button(key=f"my_coaching.accept.{proposed.id}").click().run()
    assert "You accepted the agreement." in [s.value for s in mine.success]
    assert agreements.current(db, made["kate"], made["pairing"].id, TODAY).accepted
    assert not [b for b in mine.button if b.label == "I accept this agreement"]  # accepted: nothing to click twice


def test_a_private_note_shows_only_to_its_writer_on_every_screen(team):
    db, made = team
    [held] = sessions.logbook(db, made["carl"], made["pairing"].id, TODAY)
    sessions.add_note(db, made["carl"], held.id, "Carl private: watch the rescuing", False, TODAY)
    sessions.add_note(db, made["kate"], held.id, "Kate private: I felt judged", False, TODAY)
    sessions.add_note(db, made["kate"], held.id, "Shared: the budget talk went well", True, TODAY)
    coach = team_app("carl@example.org", page=WORKSPACE)
    leader = team_app("kate@example.org", page=MINE)
    for at, mine, theirs in ((coach, "Carl private", "Kate private"), (leader, "Kate private", "Carl private")):
        assert "Shared: the budget talk" not in everything_shown(at)  # a closed session reads nothing
        at.session_state[f"history.{held.id}"] = True  # opened, as a click on it does
        at.run()
        shown = everything_shown(at)
        assert mine in shown and "Shared: the budget talk" in shown
        assert theirs not in shown


def test_the_leader_adds_to_the_agenda_beforehand_and_removes_only_her_own(team):
    db, made = team
    upcoming = sessions.plan(db, made["carl"], made["pairing"].id, SessionInput(TODAY + dt.timedelta(days=7)), TODAY)
    sessions.add_item(db, made["carl"], upcoming.id, "Carl's point", TODAY)
    at = team_app("kate@example.org", page=MINE)
    next(w for w in at.text_input if w.label == "Something I want to bring up").input("Saying no to my manager")
    next(b for b in at.button if b.label == "Add to the agenda").click().run()
    items = sessions.agenda(db, made["kate"], upcoming.id, TODAY)
    assert [(i.text, i.source) for i in items] == [("Carl's point", "coach"), ("Saying no to my manager", "leader")]
    assert [b.key for b in at.button if b.label == "Remove"] == [f"my_coaching.remove.{items[1].id}"]  # only her own


def test_live_mode_shows_one_coachee_nothing_private_and_leaves_only_on_a_deliberate_click(team):
    db, made = team
    [held] = sessions.logbook(db, made["carl"], made["pairing"].id, TODAY)
    sessions.add_note(db, made["carl"], held.id, "Carl private: watch the rescuing", False, TODAY)
    sessions.add_note(db, made["kate"], held.id, "Kate private: I felt judged", False, TODAY)
    sessions.add_note(db, made["carl"], held.id, "Shared: try the two-minute pause", True, TODAY)
    at = team_app("carl@example.org", page=WORKSPACE)
    assert "Lena Secretname" in everything_shown(at)  # in the picker, before live mode
    at.button(key="workspace.start_live").click().run()
    shown = everything_shown(at)
    assert "Session with Kate" in [t.value for t in at.title]
    assert "Shared: try the two-minute pause" in shown
    for hidden in ("Carl private", "Kate private", "Lena Secretname", "Delegate more"):
        assert hidden not in shown, hidden
    assert not at.selectbox and not at.tabs  # no picker, no other views
    with pytest.raises(ValueError, match=r"Known pages: .*workspace.py'\]"):  # while live, no other screen exists
        at.switch_page(DASHBOARD)
    at.run()  # the timer ticks on: still live, still only Kate
    assert "Lena Secretname" not in everything_shown(at) and "Session with Kate" in [t.value for t in at.title]
    again = team_app("carl@example.org")  # a reload, a second tab, a typed address: a new session, still live
    assert "Session with Kate" in [t.value for t in again.title] and "Lena Secretname" not in everything_shown(again)
    at.button(key="workspace.leave_live").click().run()  # asks first, in a dialog
    assert at.button(key="workspace.leave_live_yes").label == "Yes, leave live mode"
    at.run()  # the dialog closed without that click: still live
    assert "Session with Kate" in [t.value for t in at.title] and "Lena Secretname" not in everything_shown(at)
    # Leaving, in a real browser (the dialog's own rerun): tests/e2e/test_coach_journey.py.


def test_a_coach_no_longer_paired_sees_nothing_of_the_leader_and_the_attempt_is_refused(team, caplog):
    db, made = team
    at = team_app("carl@example.org", page=WORKSPACE)
    at.selectbox(key="workspace.chosen").set_value(made["kate"].person_id).run()
    pairings.end(db, made["admin"], made["pairing"].id, TODAY - dt.timedelta(days=1))
    at.run()
    shown = everything_shown(at)
    assert "Delegate more" not in shown and "Kate" not in [t.value for t in at.title]
    assert "You do not have access to this." in [e.value for e in at.error]
    assert any("without an active pairing" in r.getMessage() for r in caplog.records)


def test_todays_sessions_come_first_open_in_one_click_and_are_marked_held_in_one_more(team):
    db, made = team
    today_session = sessions.plan(db, made["carl"], made["pairing"].id, SessionInput(TODAY, 4, "Feedback on the offsite"), TODAY)
    at = team_app("carl@example.org", page=DASHBOARD)
    assert "Today's sessions" in [h.value for h in at.subheader]
    at.button(key=f"coachees.open.{made['kate'].person_id}").click().run()
    assert at.title[0].value == "Kate"  # her workspace
    at.switch_page(WORKSPACE)  # AppTest's own idea of the page (a browser follows the script's switch_page)
    at.button(key=f"workspace.held.{today_session.id}").click().run()
    assert sessions.get(db, made["kate"], today_session.id, TODAY).status == "held"
    assert any(b.label == "Plan session" for b in at.button)  # and the next one can be planned


def test_home_names_the_next_session_to_its_leader_only(team):
    db, made = team
    sessions.plan(db, made["carl"], made["pairing"].id, SessionInput(TODAY + dt.timedelta(days=7), 3, "Saying no"), TODAY)
    kate = team_app("kate@example.org")
    assert "Next coaching session" in [h.value for h in kate.subheader]
    assert any("with Carl" in m.value for m in kate.markdown) and "Saying no" in [c.value for c in kate.caption]
    lena = team_app("lena@example.org")
    assert "Next coaching session" not in [h.value for h in lena.subheader] and "Saying no" not in everything_shown(lena)


def test_an_action_agreed_in_the_session_lands_in_the_leaders_plan(team):
    db, made = team
    upcoming = sessions.plan(db, made["carl"], made["pairing"].id, SessionInput(TODAY, 4), TODAY)
    at = team_app("carl@example.org", page=WORKSPACE)
    at.session_state[f"workspace.agree_open.{upcoming.id}"] = True  # as a click on it opens it
    at.run()
    form = f"workspace.agree.{upcoming.id}"
    next(w for w in at.text_input if w.label == "What I will do" and w.form_id.endswith(form)).input("Ask before telling")
    next(b for b in at.button if b.label == "Add to the leader's plan").click().run()
    assert "The action is in the leader's plan" in at.success[0].value
    agreed = sessions.agreed_actions(db, made["kate"], made["pairing"].id, TODAY)[upcoming.id]
    assert [(a.title, a.goal_id, a.person_id) for a in agreed] == [("Ask before telling", made["goal"].id, made["kate"].person_id)]
