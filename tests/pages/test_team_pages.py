"""The screens of team mode, each as its users see it: the coach's workspace (what a leader shares), Who saw my data
(a leader), People and roles (an administrator), Cohorts (HR)."""

import datetime as dt
import json

import pytest

from coaching import access, assessments, cohorts, goals, pairings, people, tracker
from coaching.db import Database
from coaching.framework import load_framework
from coaching.people import COMMAND_LINE
from tests.conftest import TODAY, all_answered, everything_shown, team_app

FRAMEWORK = load_framework()


@pytest.fixture
def team(db_path):
    db = Database(db_path)
    ada = people.add_person(db, None, "ada@example.org", "Ada", ["admin"])
    made = {"admin": ada}
    for key, name, roles in (("kate", "Kate", ["leader"]), ("carl", "Carl", ["coach", "leader"]), ("lena", "Lena", ["leader"]),
                             ("hanna", "Hanna", ["hr"])):
        made[key] = people.add_person(db, ada, f"{key}@example.org", name, roles)
    pairings.pair(db, ada, made["carl"].person_id, made["kate"].person_id, TODAY - dt.timedelta(days=60))
    kate = made["kate"]
    assessments.record_round(db, kate, FRAMEWORK, TODAY - dt.timedelta(days=30), all_answered(FRAMEWORK, 3),
                             {"strategic_thinking": 4}, {"strategic_thinking": "Still firefighting"}, today=TODAY)
    goal = goals.create_goal(db, kate, FRAMEWORK, goals.GoalInput("Delegate more", measure="Three tasks", target_date=TODAY + dt.timedelta(days=60)))
    tracker.save_reflection(db, kate, TODAY - dt.timedelta(days=TODAY.weekday() + 7), tracker.Reflection(went_well="Said no twice", energy=4), TODAY)
    return db, made, goal


# -- My coachees -------------------------------------------------------------------------------


def test_a_coach_sees_what_the_leader_shares_and_each_view_is_in_the_leaders_log(team):
    db, made, goal = team
    VIEW = f"workspace.view.{made['kate'].person_id}"  # noqa: N806 - the tabs' key
    at = team_app("carl@example.org", page="pages/coach/workspace.py")
    assert at.selectbox(key="workspace.chosen").options == ["Kate"]
    assert [t.label for t in at.tabs] == ["Sessions", "Agreement", "Profile and assessment scores", "Goals and action plan", "Weekly completion"]
    assert "Not shared with you: Reflections, Comments in my assessments." in [c.value for c in at.caption]
    assert not at.get("plotly_chart")  # the sessions tab is open: nothing of Kate's content read yet
    assert not {s.what for s in access.who_saw(db, made["kate"]) if s.what.startswith("log.saw_")}
    at.session_state[VIEW] = "Profile and assessment scores"
    at.run()
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "scatterpolar"
    # Only the open tab is read, and only it is in Kate's log.
    assert not any("Delegate more" in m.value for m in at.markdown)
    assert {s.what for s in access.who_saw(db, made["kate"]) if s.what.startswith("log.saw_")} == {"log.saw_profile"}
    at.session_state[VIEW] = "Goals and action plan"
    at.run()
    assert any("Delegate more" in m.value for m in at.markdown)
    assert "Said no twice" not in everything_shown(at) and "Still firefighting" not in everything_shown(at)
    assert {s.what for s in access.who_saw(db, made["kate"]) if s.what.startswith("log.saw_")} == {"log.saw_profile", "log.saw_goals"}
    assert all(s.viewer == "Carl" for s in access.who_saw(db, made["kate"]) if s.what.startswith("log.saw_"))

    access.set_sharing(db, made["kate"], "reflections", True)
    access.set_sharing(db, made["kate"], "comments", True)
    access.set_sharing(db, made["kate"], "goals", False)
    at.run()
    assert [t.label for t in at.tabs] == ["Sessions", "Agreement", "Profile and assessment scores", "Weekly completion", "Reflections",
                                          "Comments in my assessments"]
    assert not any("Delegate more" in m.value for m in at.markdown)
    for tab, words in (("Reflections", "Said no twice"), ("Comments in my assessments", "Still firefighting")):
        at.session_state[VIEW] = tab
        at.run()
        assert words in [t.value for t in at.text]


def test_a_coach_without_an_active_pairing_sees_no_one(team):
    db, made, goal = team
    [pairing] = pairings.list_pairings(db, COMMAND_LINE)
    pairings.end(db, COMMAND_LINE, pairing.id, TODAY - dt.timedelta(days=1))
    at = team_app("carl@example.org", page="pages/coach/coachees.py")
    assert "You have no coachees at the moment" in at.info[0].value
    assert "Kate" not in everything_shown(at)


def test_a_leader_who_shares_nothing_shows_her_coach_nothing(team):
    db, made, goal = team
    for kind in access.KINDS:
        access.set_sharing(db, made["kate"], kind, False)
    at = team_app("carl@example.org", page="pages/coach/workspace.py")
    assert "shares nothing with you" in at.info[0].value
    assert [t.label for t in at.tabs] == ["Sessions", "Agreement"] and "Delegate more" not in everything_shown(at)


# -- Who saw my data ---------------------------------------------------------------------------


def test_a_leader_chooses_what_her_coach_sees_and_reads_who_saw_what(team):
    db, made, goal = team
    team_app("carl@example.org", page="pages/coach/coachees.py")  # Carl looks at his coachees: Kate's week and goals at risk
    at = team_app("kate@example.org", page="pages/leader/privacy.py")
    toggles = {t.label: t.value for t in at.toggle}
    assert toggles == {"Profile and assessment scores": True, "Goals and action plan": True, "Weekly completion": True,
                       "Reflections": False, "Comments in my assessments": False}
    log = at.dataframe[0].value
    assert set(log["Who"]) == {"Carl", "Ada"}  # Carl looked; Ada, an administrator, paired them
    assert {"saw your weekly completion", "saw your goals and action plan", "paired you with a coach"} <= set(log["What"])
    at.toggle(key="privacy.share.reflections").set_value(True).run()
    assert "Saved: your coach sees this" in at.success[0].value
    assert access.sharing(db, made["kate"])["reflections"] is True


def test_nobody_saw_the_data_of_a_new_leader(team):
    at = team_app("lena@example.org", page="pages/leader/privacy.py")
    assert "Nobody but you has been shown your content." in at.info[0].value


# -- People and roles --------------------------------------------------------------------------


def submit_form(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def test_an_administrator_invites_gives_roles_pairs_and_deactivates(team):
    db, made, goal = team
    at = team_app("ada@example.org")
    assert at.title[0].value == "People and roles"
    assert len(at.dataframe[0].value) == 5 and "Delegate more" not in everything_shown(at)  # the register, no content
    [w for w in at.text_input if w.label == "E-mail address"][0].input("Nina@Example.org")
    [w for w in at.text_input if w.label == "Name"][0].input("Nina")
    [m for m in at.multiselect if m.label == "Roles"][0].set_value(["leader", "coach"])
    submit_form(at, "Invite")
    assert "Nina is registered and can sign in now." in [s.value for s in at.success]
    nina = people.sign_in(db, "nina@example.org").identity
    assert nina.roles == {"leader", "coach"}

    at.selectbox(key="admin.chosen").set_value(made["lena"].person_id).run()
    roles = [m for m in at.multiselect if m.label == "Roles"][-1]
    roles.set_value(["leader", "hr"])
    submit_form(at, "Save roles")
    assert people.sign_in(db, "lena@example.org").identity.roles == {"leader", "hr"}

    partner = next(s for s in at.selectbox if s.label == "Pair with coach")
    partner.set_value(nina.person_id)
    submit_form(at, "Pair")
    assert [(p.coach_name, p.leader_name) for p in pairings.list_pairings(db, made["admin"], made["lena"].person_id)] == [("Nina", "Lena")]
    assert [s.what for s in access.who_saw(db, made["lena"])] == ["log.paired"]

    next(b for b in at.button if b.label == "Deactivate").click().run()
    assert people.sign_in(db, "lena@example.org").status == "deactivated"


@pytest.mark.parametrize(
    "email, name, says",
    [("kate@example.org", "Kate again", "already registered"), ("not an address", "X", "not a valid e-mail address"),
     ("", "X", "not a valid e-mail address")],
)
def test_bad_invitations_say_why_and_change_nothing(team, email, name, says):
    db, made, goal = team
    before = people.list_people(db, made["admin"])
    at = team_app("ada@example.org")
    [w for w in at.text_input if w.label == "E-mail address"][0].input(email)
    [w for w in at.text_input if w.label == "Name"][0].input(name)
    submit_form(at, "Invite")
    assert any(says in e.value for e in at.error)
    assert people.list_people(db, made["admin"]) == before


def test_the_last_administrator_cannot_remove_her_own_role(team):
    db, made, goal = team
    at = team_app("ada@example.org")
    at.selectbox(key="admin.chosen").set_value(made["admin"].person_id).run()
    [m for m in at.multiselect if m.label == "Roles"][-1].set_value(["leader"])
    submit_form(at, "Save roles")
    assert any("last active administrator" in e.value for e in at.error)
    assert people.sign_in(db, "ada@example.org").identity.roles == {"admin"}


# -- Cohorts (HR) ------------------------------------------------------------------------------


def test_hr_sees_the_cohorts_and_their_size_and_nobody_s_content(team):
    db, made, goal = team
    pilot = cohorts.create_cohort(db, made["admin"], "Pilot 2027", dt.date(2027, 1, 4))
    cohorts.set_cohorts(db, made["admin"], made["kate"].person_id, [pilot.id])
    at = team_app("hanna@example.org")
    assert at.title[0].value == "Cohorts"
    assert at.dataframe[0].value.to_dict("records") == [{"Cohort": "Pilot 2027", "Starts": "4 Jan 2027", "Leaders": 1}]
    assert "Kate" not in everything_shown(at) and "Delegate more" not in everything_shown(at)
