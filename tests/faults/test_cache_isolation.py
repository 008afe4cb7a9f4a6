"""Nothing computed for one person is ever shown to another: two signed-in people in one
process, their screens drawn in turns, and a guard on every cache in the code."""

import datetime as dt
import json
import re

from streamlit.testing.v1 import AppTest

from coaching import access, assessments, goals, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import APP, ROOT, everything_shown, report

FRAMEWORK = load_framework()
TODAY = dt.date.today()
AUTH = {"client_id": "x", "client_secret": "y", "redirect_uri": "http://127.0.0.1/oauth2callback",
        "cookie_secret": "0" * 64, "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}

# Caches whose result is the same for everybody (no person's data in them).
SHARED_CACHES = {
    "coaching/framework.py": ["load_framework"],
    "coaching/i18n.py": ["catalog"],
    "coaching/goals.py": ["situations"],
    "coaching/ui/gate.py": ["_database"],
}
# Caches of one person's data: keyed by who asks, whose data it is, and the database's write
# generation (test_every_kept_read_is_only_ever_handed_to_the_same_person_and_data below).
PERSONAL_CACHES = {
    "coaching/ui/cached.py": ["_kept", "_kept_frame", "_kept_figure"],  # _kept_figure: by the chart's own data
}


def signed_in(email: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=15)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email}
    return at


def radar(at) -> list:
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    return next(t for t in figure["data"] if t["meta"]["kind"] == "current")["r"]


def test_two_people_in_one_process_each_see_only_their_own(db_path):
    db = Database(db_path)
    admin = people.add_person(db, None, "admin@example.org", "Admin", "admin")
    alice = people.add_person(db, admin, "alice@example.org", "Alice", "leader")
    bob = people.add_person(db, admin, "bob@example.org", "Bob", "leader")
    for person, score, secret in ((alice, 5, "Alicesecretplan"), (bob, 1, "Bobprivategoal")):
        assessments.record_round(db, person, FRAMEWORK, TODAY, {b.id: score for b in FRAMEWORK.behaviours}, comments={"influence": secret})
        goals.create_goal(db, person, FRAMEWORK, goals.GoalInput(secret, measure="m", target_date=TODAY + dt.timedelta(days=30)))

    screens = 0
    sessions = {"Alice": signed_in("alice@example.org"), "Bob": signed_in("bob@example.org")}
    for at in sessions.values():
        at.run()
    for page in ("pages/leader/profile.py", "pages/leader/goals.py", "pages/leader/home.py", "pages/leader/profile.py"):
        for name, at in sessions.items():  # in turns, in one process, sharing every cache
            at.switch_page(page).run()
            assert not at.exception
            shown = everything_shown(at)
            mine, theirs = ("Alicesecretplan", "Bobprivategoal") if name == "Alice" else ("Bobprivategoal", "Alicesecretplan")
            assert theirs not in shown
            if page == "pages/leader/profile.py":
                assert set(radar(at)) == {5.0 if name == "Alice" else 1.0}
                assert mine in shown
            if page == "pages/leader/goals.py":
                assert mine in shown
            screens += 1
    report(f"cache isolation: {screens} screens drawn in turns for two people in one process, none showed the other's data")


def test_every_cache_in_the_code_is_known_to_hold_no_personal_data():
    found = {}
    for file in [*(ROOT / "coaching").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"]:
        source = file.read_text()
        for match in re.finditer(r"@(?:functools\.)?(?:cache|lru_cache|st\.cache_data|st\.cache_resource)\b[^\n]*\n(?:@[^\n]*\n)*def (\w+)", source):
            found.setdefault(str(file.relative_to(ROOT)), []).append(match.group(1))
    assert found == SHARED_CACHES | PERSONAL_CACHES, (
        "A new cache: make sure its key includes the person it is for (or that it holds nothing personal), "
        "then list it here."
    )


def test_every_kept_read_is_only_ever_handed_to_the_same_person_and_data(db, framework, leader, other_leader):
    """Each of the reads coaching/ui/cached.py keeps gives one leader their own data and the
    other theirs, answers again from what it kept while nothing was written, and after a
    write (any write) computes anew."""
    from coaching import actions, tracker
    from coaching.ui import cached

    today, monday = dt.date(2026, 11, 27), dt.date(2026, 11, 23)
    made = {}
    for person, name, away in ((leader, "Mine", 2), (other_leader, "Theirs", 5)):
        goal = goals.create_goal(db, person, framework, goals.GoalInput(name, measure="m", target_date=today + dt.timedelta(days=30)))
        action = actions.create_action(db, person, goal.id, actions.ActionInput(name, "weekly", 2, (), dt.date(2026, 11, 2)), today)
        assessments.record_round(db, person, framework, dt.date(2026, 10, 1), {b.id: 3 for b in framework.behaviours})
        draft = assessments.start_draft(db, person, framework, today)
        tracker.set_away(db, person, monday, [away], today)
        tracker.save_reflection(db, person, monday, tracker.Reflection(went_well=name), today)
        made[person.person_id] = (goal, action, draft, away, name)

    reads = {
        "history": lambda who: set(cached.history(db, who, today)["action_id"]),
        "profiles": lambda who: {p.round.person_id for p in cached.profiles(db, who, framework)},
        "current_draft": lambda who: cached.current_draft(db, who).id,
        "list_goals": lambda who: {g.id for g in cached.list_goals(db, who)},
        "actions": lambda who: {a.id for a in cached.actions(db, who)},
        "week_rows": lambda who: {r.action.id for r in cached.week_rows(db, who, monday, today)},
        "away_days": lambda who: cached.away_days(db, who, monday),
        "reflection": lambda who: cached.reflection(db, who, monday).went_well,
        "windows": lambda who: set(cached.windows(db, who)),
    }
    for who in (leader, other_leader):
        goal, action, draft, away, name = made[who.person_id]
        expected = {
            "history": {action.id}, "profiles": {who.person_id}, "current_draft": draft.id, "list_goals": {goal.id},
            "actions": {action.id}, "week_rows": {action.id}, "away_days": (away,), "reflection": name, "windows": {action.id},
        }
        assert {what: read(who) for what, read in reads.items()} == expected
        assert {what: read(who) for what, read in reads.items()} == expected  # kept, and still their own
    assert cached.local_leader(db) == leader

    # A write is seen by every kept read that depends on it, on the next request.
    mine = made[leader.person_id][1]
    tracker.set_day(db, leader, mine.id, monday, 1, True, today)
    after = cached.history(db, leader, today)
    assert int(after.loc[after["week_start"] == monday, "done"].iloc[0]) == 1
    assert cached.week_rows(db, leader, monday, today)[0].days == (1,)
    assert cached.progress(db, leader, today).overall.done == 1 and cached.progress(db, other_leader, today).overall.done == 0
    goals.update_goal(db, leader, framework, made[leader.person_id][0].id, goals.GoalInput("Mine, renamed", measure="m", target_date=today + dt.timedelta(days=30)))
    assert [g.title for g in cached.list_goals(db, leader)] == ["Mine, renamed"]
    tracker.set_away(db, leader, monday, [], today)
    assert cached.away_days(db, leader, monday) == ()
    people.set_language(db, leader, "nl")
    assert cached.local_leader(db).language == "nl"


def test_a_kept_sign_in_is_only_ever_the_address_that_asked_and_a_deactivation_is_seen_at_once(db):
    from coaching.ui import cached

    admin = people.add_person(db, None, "admin@example.org", "Admin", "admin")
    alice = people.add_person(db, admin, "alice@example.org", "Alice", "leader")
    people.add_person(db, admin, "bob@example.org", "Bob", "leader")
    for _ in range(2):  # computed, then kept: each address its own person
        assert cached.sign_in(db, "alice@example.org", [], "").identity.display_name == "Alice"
        assert cached.sign_in(db, "bob@example.org", [], "").identity.display_name == "Bob"
        assert cached.sign_in(db, "eve@example.org", [], "").status == "unknown"
    people.set_active(db, admin, alice.person_id, False)
    assert cached.sign_in(db, "alice@example.org", [], "").status == "deactivated"  # on the very next run


def test_a_kept_caseload_is_only_its_coachs_and_each_showing_still_reaches_the_leaders_log(db, monkeypatch):
    from coaching import caseload, pairings
    from coaching.ui import cached

    admin = people.add_person(db, None, "admin@example.org", "Admin", "admin")
    ann, bob = (people.add_person(db, admin, f"{n}@example.org", n.title(), "coach") for n in ("ann", "bob"))
    kim, lou = (people.add_person(db, admin, f"{n}@example.org", n.title(), "leader") for n in ("kim", "lou"))
    pairings.pair(db, admin, ann.person_id, kim.person_id, TODAY - dt.timedelta(days=30))
    pairings.pair(db, admin, bob.person_id, lou.person_id, TODAY - dt.timedelta(days=30))
    computed, logged = [], []
    monkeypatch.setattr(caseload, "glance", lambda *args, glance=caseload.glance: computed.append(args[1].display_name) or glance(*args))
    monkeypatch.setattr(caseload, "record_glance", lambda *args, record=caseload.record_glance: logged.append(args[1].display_name) or record(*args))
    for _ in range(3):  # the first showing logs (a write: the second computes anew), the third is kept
        assert [r.name for r in cached.caseload(db, ann, TODAY)] == ["Kim"]
    assert [r.name for r in cached.caseload(db, bob, TODAY)] == ["Lou"]
    assert computed == ["Ann", "Ann", "Bob"] and logged == ["Ann", "Ann", "Ann", "Bob"]  # kept, and still logged
    assert {s.what for s in access.who_saw(db, kim)} >= {"log.saw_completion", "log.saw_goals"}


def test_a_kept_chart_is_the_chart_of_exactly_its_data():
    from coaching import charts
    from coaching.ui import cached

    axes = {"a": "A", "b": "B", "c": "C"}
    mine = [charts.Series("now", {"a": 5.0, "b": 4.0, "c": 3.0}, "current")]
    theirs = [charts.Series("now", {"a": 1.0, "b": 4.0, "c": 3.0}, "current")]
    first = cached.figure(charts.radar, axes, mine, "not rated", charts.Look())
    assert cached.figure(charts.radar, axes, mine, "not rated", charts.Look()) is first  # kept
    other = cached.figure(charts.radar, axes, theirs, "not rated", charts.Look())
    assert other is not first and list(other.data[0].r)[:3] == [1.0, 4.0, 3.0]  # other data, its own chart
    assert list(first.data[0].r)[:3] == [5.0, 4.0, 3.0]
