"""Team mode through the gate: who signs in, what they see, and what they do not."""

import pytest

from coaching import people
from coaching.db import Database
from coaching.people import COMMAND_LINE
from coaching.ui import navigation
from tests.conftest import team_app

ADMIN = "ada@example.org"


@pytest.fixture
def register(db_path):
    db = Database(db_path)
    ada = people.add_person(db, None, ADMIN, "Ada", ["admin"])
    made = {"admin": ada}
    for key, roles in (("leader", ["leader"]), ("coach", ["coach", "leader"]), ("hr", ["hr"]), ("gone", ["leader"])):
        made[key] = people.add_person(db, ada, f"{key}@example.org", key.title(), roles)
    people.set_active(db, ada, made["gone"].person_id, False)
    return db, made


def menu(at) -> list[str]:
    return [link.label for link in at.sidebar.get("page_link")] or [p for p in at.get("navigation")]


def test_nobody_signed_in_sees_only_the_sign_in(db_path):
    at = team_app(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.sidebar.segmented_control and not at.subheader  # no Home behind the sign-in


@pytest.mark.parametrize(
    "email, verified, says",
    [
        ("stranger@example.org", True, "stranger@example.org is not registered in Koers"),
        ("gone@example.org", True, "The account of gone@example.org has been deactivated"),
        ("leader@example.org", False, "has not verified leader@example.org"),
    ],
)
def test_unknown_deactivated_and_unverified_people_are_told_why_and_whom_to_ask(register, email, verified, says):
    at = team_app(email, verified=verified)
    assert says in at.warning[0].value
    assert any("Ask an administrator of Koers: Ada (ada@example.org)" in m.value for m in at.markdown)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.title[1:] and not at.subheader and not at.sidebar.segmented_control  # nothing else


def test_the_first_administrators_come_from_the_settings(db_path):
    at = team_app("Boss@Example.org", admins=("boss@example.org",), name="The Boss")
    assert at.title[0].value == "People and roles"  # an administrator only: the admin screen
    assert people.sign_in(Database(db_path), "boss@example.org").identity.roles == {"admin"}


@pytest.mark.parametrize(
    "who, screens",
    [
        ("leader", ["home", "assessment", "profile", "goals", "plan", "tracker", "coaching", "privacy"]),
        ("coach", ["home", "assessment", "profile", "goals", "plan", "tracker", "coaching", "privacy", "coachees", "workspace"]),
        ("hr", ["cohorts"]),
        ("admin", ["people"]),
    ],
)
def test_the_menu_is_built_from_the_roles(register, who, screens):
    db, made = register
    at = team_app(f"{who}@example.org" if who != "admin" else ADMIN)
    shown = [s.url_path for s in sum(navigation.screens_for(made[who].roles, team_mode=True).values(), ())]
    assert shown == screens
    assert not at.exception


@pytest.mark.parametrize("who, page", [("leader", "pages/admin/people.py"), ("leader", "pages/coach/coachees.py"),
                                       ("leader", "pages/coach/workspace.py"), ("hr", "pages/leader/coaching.py"),
                                       ("hr", "pages/leader/goals.py"), ("admin", "pages/leader/tracker.py"),
                                       ("coach", "pages/hr/cohorts.py")])
def test_a_page_that_is_not_yours_does_not_exist_for_you(register, who, page):
    at = team_app(f"{who}@example.org" if who != "admin" else ADMIN)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page)


def test_who_someone_is_and_whether_they_are_active_is_checked_on_every_run(register):
    db, made = register
    at = team_app("leader@example.org", page="pages/leader/goals.py")
    assert at.title[0].value == "Goals"
    people.set_active(db, COMMAND_LINE, made["leader"].person_id, False)
    at.run()
    assert "has been deactivated" in at.warning[0].value and at.title[0].value == "Koers"
    people.set_active(db, COMMAND_LINE, made["leader"].person_id, True)
    people.set_roles(db, COMMAND_LINE, made["leader"].person_id, ["hr"])
    at.run()
    assert at.title[0].value == "Cohorts"  # the goals are no longer theirs to open


def test_each_person_gets_a_demo_of_their_own(register):
    db, made = register
    leader = team_app("leader@example.org")
    leader.button(key="demo.open").click().run()
    coach = team_app("coach@example.org")
    coach.button(key="demo.open").click().run()
    kates = [people.demo_leader(db, made["leader"]), people.demo_leader(db, made["coach"])]
    assert kates[0] and kates[1] and kates[0].person_id != kates[1].person_id
    assert people.demo_leader(db) is None  # no shared Kate in team mode
    assert any(c.value.startswith("3 assessment rounds") for c in leader.caption)  # Kate's, in the leader's own demo
