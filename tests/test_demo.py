import datetime as dt
import subprocess
import sys

import pytest

from coaching import agreements, assessments, demo, people, profile, sessions
from coaching.db import Database
from coaching.errors import AccessDenied, ValidationError
from coaching.framework import LANGUAGES
from coaching.validation import MAX_TEXT_CHARS, MAX_TITLE_CHARS
from tests.conftest import ROOT, TODAY, all_answered, register


def test_kate_has_three_rounds_of_realistic_growth(db, framework):
    kate = demo.build_demo(db, framework, TODAY)
    rounds = profile.profiles(db, kate, framework)
    assert len(rounds) == 3
    dates = [p.round.assessed_on for p in rounds]
    assert dates == sorted(dates) and (dates[-1] - dates[0]).days > 240
    mean = [sum(s for s in p.scores.values() if s is not None) / 9 for p in rounds]
    assert mean[0] < mean[1] < mean[2]
    assert rounds[2].scores["strategic_thinking"] > rounds[0].scores["strategic_thinking"]
    assert all(p.targets for p in rounds)


def test_remaking_the_demo_never_touches_the_leaders_own_data(db, framework):
    me = people.local_leader(db)
    assessments.record_round(db, me, framework, TODAY, all_answered(framework, 2), today=TODAY)
    draft = assessments.start_draft(db, me, framework, TODAY)
    assessments.rate(db, me, framework, draft.id, "empathy", 5)
    demo.build_demo(db, framework, TODAY)
    kate = demo.build_demo(db, framework, TODAY)
    assert len(profile.profiles(db, kate, framework)) == 3
    assert [p.scores for p in profile.profiles(db, me, framework)] == [dict.fromkeys(framework.competency_ids, 2.0)]
    assert assessments.answers(db, me, draft.id).ratings == {"empathy": 5}
    with db.read() as cursor:  # Kate and her coach, once
        assert cursor.execute("SELECT r.role, count(*) FROM people p JOIN person_roles r ON r.person_id = p.id "
                              "WHERE p.kind = 'demo' GROUP BY ALL ORDER BY ALL").fetchall() == [("coach", 1), ("leader", 1)]


def test_the_command_honours_koers_db(tmp_path):
    path = tmp_path / "elsewhere.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "coaching.demo"], cwd=ROOT, env={"KOERS_DB": str(path), "PATH": ""}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout and path.exists()


def test_kate_has_goals_actions_and_a_year_of_check_ins_with_a_busy_quarter(db, framework):
    from coaching import goals, tracker, weeks

    kate = demo.build_demo(db, framework, TODAY)
    assert len(goals.list_goals(db, kate)) == 3
    history = tracker.history(db, kate, TODAY)
    assert len(history) > 200 and history["week_start"].nunique() >= 44
    ratio = history.groupby("week_start")[["done", "target"]].sum().eval("done / target")
    this_week = weeks.week_start(TODAY)
    busy = ratio[[this_week - dt.timedelta(weeks=n) for n in range(14, 24)]].mean()
    calm = ratio[[this_week - dt.timedelta(weeks=n) for n in range(2, 12)]].mean()
    assert busy < calm - 0.2
    feelings = tracker.reflections(db, kate).set_index("week_start")
    busy_energy = feelings["energy"][[w for w in feelings.index if 14 <= (this_week - w.date()).days // 7 < 24]].mean()
    assert busy_energy < feelings["energy"].mean()
    strength = tracker.strength(history, dt.date.today())
    assert strength and max(strength.values()) > 0.5


# -- one Kate per language -----------------------------------------------------------------


def _history(db, kate) -> dict[str, list]:
    """What the seed decides of one Kate, without ids, words or when the rows were written."""
    queries = {
        "ratings": "SELECT r.assessed_on, x.behaviour_id, x.score FROM assessment_rounds r "
                   "JOIN ratings x ON x.round_id = r.id WHERE r.person_id = ? ORDER BY ALL",
        "notes": "SELECT r.assessed_on, n.competency_id, n.target, n.comment IS NULL FROM assessment_rounds r "
                 "JOIN competency_notes n ON n.round_id = r.id WHERE r.person_id = ? ORDER BY ALL",
        "goals": "SELECT horizon, target_date, status, competencies, origin, created_at FROM goals WHERE person_id = ? ORDER BY ALL",
        "progress": "SELECT g.created_at, p.recorded_at, p.percent FROM goal_progress p JOIN goals g ON g.id = p.goal_id "
                    "WHERE g.person_id = ? ORDER BY ALL",
        "actions": "SELECT start_date, cadence, times_per_week, weekdays, due_date, status FROM actions WHERE person_id = ? ORDER BY ALL",
        # each action started in a week of its own, so its start tells them apart without its title
        "checkins": "SELECT a.start_date, c.week_start, c.days FROM checkins c JOIN actions a ON a.id = c.action_id "
                    "WHERE c.person_id = ? ORDER BY ALL",
        "reflections": "SELECT week_start, energy, stress, do_differently IS NULL FROM reflections WHERE person_id = ? ORDER BY ALL",
        "pairings": "SELECT x.starts_on, x.ends_on, c.display_name, c.kind, c.language = l.language FROM pairings x "
                    "JOIN people c ON c.id = x.coach_id JOIN people l ON l.id = x.leader_id WHERE x.leader_id = ? ORDER BY ALL",
        "agreements": "SELECT a.version, a.starts_on, a.ends_on, a.every_weeks, a.session_minutes, a.meeting, a.proposed_at, a.accepted_at "
                      "FROM agreements a JOIN pairings x ON x.id = a.pairing_id WHERE x.leader_id = ? ORDER BY ALL",
        "sessions": "SELECT s.held_on, s.phase, s.status FROM coaching_sessions s JOIN pairings x ON x.id = s.pairing_id "
                    "WHERE x.leader_id = ? ORDER BY ALL",
        "session_notes": "SELECT s.held_on, n.author_id = x.leader_id, n.shared, n.created_at FROM session_notes n "
                         "JOIN coaching_sessions s ON s.id = n.session_id JOIN pairings x ON x.id = s.pairing_id WHERE x.leader_id = ? ORDER BY ALL",
        "agenda": "SELECT s.held_on, i.source, i.position, i.author_id = x.leader_id FROM agenda_items i "
                  "JOIN coaching_sessions s ON s.id = i.session_id JOIN pairings x ON x.id = s.pairing_id WHERE x.leader_id = ? ORDER BY ALL",
        "agreed": "SELECT s.held_on, a.start_date FROM agreed_actions g JOIN actions a ON a.id = g.action_id "
                  "JOIN coaching_sessions s ON s.id = g.session_id WHERE a.person_id = ? ORDER BY ALL",
    }
    with db.read() as cursor:
        return {name: cursor.execute(sql, [kate.person_id]).fetchall() for name, sql in queries.items()}


def _words(db, kate) -> dict[str, list]:
    """What one Kate wrote, in the order of her history."""
    queries = {
        "comments": "SELECT r.assessed_on, n.competency_id, n.comment FROM assessment_rounds r "
                    "JOIN competency_notes n ON n.round_id = r.id WHERE r.person_id = ? AND n.comment IS NOT NULL ORDER BY ALL",
        "goals": "SELECT title, why, measure FROM goals WHERE person_id = ? ORDER BY created_at, id",
        "actions": "SELECT title FROM actions WHERE person_id = ? ORDER BY start_date, id",
        "reflections": "SELECT week_start, do_differently FROM reflections WHERE person_id = ? AND do_differently IS NOT NULL ORDER BY ALL",
        "agreements": "SELECT a.version, a.coach_expects, a.leader_expects, a.confidentiality, a.ending FROM agreements a "
                      "JOIN pairings x ON x.id = a.pairing_id WHERE x.leader_id = ? ORDER BY ALL",
        "sessions": "SELECT s.held_on, s.goal, s.success FROM coaching_sessions s JOIN pairings x ON x.id = s.pairing_id "
                    "WHERE x.leader_id = ? ORDER BY ALL",
        "session_notes": "SELECT n.created_at, n.text FROM session_notes n JOIN coaching_sessions s ON s.id = n.session_id "
                         "JOIN pairings x ON x.id = s.pairing_id WHERE x.leader_id = ? ORDER BY ALL",
        "agenda": "SELECT i.position, i.text FROM agenda_items i JOIN coaching_sessions s ON s.id = i.session_id "
                  "JOIN pairings x ON x.id = s.pairing_id WHERE x.leader_id = ? ORDER BY ALL",
    }
    with db.read() as cursor:
        return {name: cursor.execute(sql, [kate.person_id]).fetchall() for name, sql in queries.items()}


def test_both_languages_hold_the_same_texts():
    assert set(demo.WORDS) == set(LANGUAGES)
    for language, words in demo.WORDS.items():
        assert len(words.comments) == len(demo._MONTHS_BEFORE_TODAY), language
        assert len(words.goals) == len(demo._GOALS), language
        for goal, said in zip(demo._GOALS, words.goals):
            assert len(said.actions) == len(goal["actions"]), (language, said.title)
            assert len(said.title) <= MAX_TITLE_CHARS and all(len(a) <= MAX_TITLE_CHARS for a in said.actions)
        assert len(words.sessions) == len(demo._SESSIONS) + 1 and len(words.notes) == len(demo._NOTES), language
        assert len(words.agreement) == len(demo._AGREEMENT) and all(len(v) == 4 for v in words.agreement), language
        assert len(words.agenda) == 2 and all(len(item) <= sessions.MAX_ITEM_CHARS for item in words.agenda)
        assert all(len(text) <= MAX_TEXT_CHARS for text in (*words.notes, *(t for pair in words.sessions for t in pair)))
    en, nl = demo.WORDS["en"], demo.WORDS["nl"]
    assert [set(c) for c in en.comments] == [set(c) for c in nl.comments]

    def texts(words):
        yield from (text for round_ in words.comments for text in round_.values())
        for goal in words.goals:
            yield from (goal.title, goal.why, goal.measure, *goal.actions)
        yield words.busy_week
        yield from (text for version in words.agreement for text in version)
        yield from (text for session in words.sessions for text in session)
        yield from words.notes
        yield from words.agenda

    pairs = list(zip(texts(en), texts(nl), strict=True))
    assert all(e.strip() == e and n.strip() == n and e and n for e, n in pairs)
    assert [e for e, n in pairs if e == n] == []  # every text is translated


def test_the_dutch_kate_writes_dutch_and_the_english_kate_english(db, framework):
    from coaching import actions, goals, tracker

    english = demo.build_demo(db, framework, TODAY)
    dutch = demo.build_demo(db, framework, TODAY, language="nl")
    assert (english.language, dutch.language) == ("en", "nl") and english.person_id != dutch.person_id
    assert english.display_name == dutch.display_name == "Kate"
    assert people.demo_leader(db) == english and people.demo_leader(db, None, "nl") == dutch

    assert [g.title for g in goals.list_goals(db, dutch)] == [
        "Delegeren in plaats van het zelf doen", "Mijn hersteltijd beschermen", "Een visie neerzetten voor mijn afdeling"]
    assert [g.title for g in goals.list_goals(db, english)] == [
        "Delegate instead of doing it myself", "Protect my recovery time", "Set out a vision for my area"]
    dutch_actions = {a.title for a in actions.list_actions(db, dutch)}
    assert {"Elk één-op-één beginnen met hun vragen", "Geen e-mail na 19:00"} <= dutch_actions
    assert {"Start each one-to-one with their questions", "No e-mail after 19:00"} <= {a.title for a in actions.list_actions(db, english)}
    busy_weeks = [monday for monday, _ in _words(db, dutch)["reflections"]]
    assert len(busy_weeks) >= 5 and {text for _, text in _words(db, dutch)["reflections"]} == {"Te vaak tot laat doorgewerkt."}
    assert tracker.reflection(db, dutch, busy_weeks[0]).do_differently == "Te vaak tot laat doorgewerkt."
    assert tracker.reflection(db, english, busy_weeks[0]).do_differently == "Too many late evenings."
    dutch_comments = [text for _, _, text in _words(db, dutch)["comments"]]
    assert len(dutch_comments) == 6 and all(text in {t for c in demo.WORDS["nl"].comments for t in c.values()} for text in dutch_comments)
    for kate, language in ((dutch, "nl"), (english, "en")):  # her coaching, in her language
        said, other = demo.WORDS[language], demo.WORDS["en" if language == "nl" else "nl"]
        pairing_id = _pairing(db, kate)[0]
        log = sessions.logbook(db, kate, pairing_id, TODAY)
        assert [(s.goal, s.success) for s in reversed(log)] == list(said.sessions)
        notes = [n.text for found in sessions.notes(db, kate, [s.id for s in log], TODAY).values() for n in found]
        assert notes and set(notes) <= set(said.notes) and not set(notes) & set(other.notes)
        assert [i.text for i in sessions.agenda(db, kate, sessions.next_session(log, TODAY).id, TODAY)] == list(said.agenda)
        assert agreements.current(db, kate, pairing_id, TODAY).terms.ending == said.agreement[-1][3]
    assert sessions.logbook(db, dutch, _pairing(db, dutch)[0], TODAY)[-1].goal == "Kennismaken, en wat de nieuwe rol van je vraagt"


def test_both_kates_have_the_same_history(db, framework):
    from coaching import tracker

    english = demo.build_demo(db, framework, TODAY)
    dutch = demo.build_demo(db, framework, TODAY, language="nl")
    assert _history(db, english) == _history(db, dutch)
    # and as the screens read it: ticks per week, round scores, energy and stress
    ticks = [tracker.history(db, kate, TODAY).groupby("week_start")[["done", "target"]].sum() for kate in (english, dutch)]
    assert ticks[0].equals(ticks[1]) and ticks[0]["done"].sum() > 200
    scores = [[p.scores for p in profile.profiles(db, kate, framework)] for kate in (english, dutch)]
    assert scores[0] == scores[1] and len(scores[0]) == 3
    feelings = [tracker.reflections(db, kate)[["week_start", "energy", "stress"]] for kate in (english, dutch)]
    assert feelings[0].equals(feelings[1]) and len(feelings[0]) > 30
    assert _words(db, english) != _words(db, dutch)


def test_remaking_the_dutch_kate_leaves_the_english_kate_and_her_edits_alone(db, framework):
    from coaching import goals, tracker, weeks

    me = people.local_leader(db)
    assessments.record_round(db, me, framework, TODAY, all_answered(framework, 2), today=TODAY)
    english = demo.build_demo(db, framework, TODAY)
    [first, *_] = goals.list_goals(db, english)
    mine = goals.create_goal(db, english, framework, goals.GoalInput("Mine", measure="x", target_date=TODAY))
    goals.update_goal(db, english, framework, first.id, goals.GoalInput("Edited", measure="y", target_date=TODAY))
    tracker.set_away(db, english, weeks.week_start(TODAY), [5], TODAY)
    before = _history(db, english), _words(db, english)

    dutch = demo.build_demo(db, framework, TODAY, language="nl")
    again = demo.build_demo(db, framework, TODAY, language="nl")
    assert again.person_id != dutch.person_id  # remade
    assert demo.ensure_demo(db, framework, TODAY, language="nl") == again  # not remade
    assert demo.ensure_demo(db, framework, TODAY) == english
    assert (_history(db, english), _words(db, english)) == before
    assert {g.title for g in goals.list_goals(db, english)} >= {"Mine", "Edited"} and goals.get_goal(db, english, mine.id)
    assert tracker.away_days(db, english, weeks.week_start(TODAY)) == (5,)
    assert [p.scores for p in profile.profiles(db, me, framework)] == [dict.fromkeys(framework.competency_ids, 2.0)]
    with db.read() as cursor:
        assert cursor.execute("SELECT p.language, r.role, count(*) FROM people p JOIN person_roles r ON r.person_id = p.id "
                              "WHERE p.kind = 'demo' GROUP BY ALL ORDER BY ALL").fetchall() == [
            ("en", "coach", 1), ("en", "leader", 1), ("nl", "coach", 1), ("nl", "leader", 1)]


def test_an_unknown_language_makes_no_kate(db, framework):
    with pytest.raises(ValidationError):
        demo.build_demo(db, framework, TODAY, language="de")
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people WHERE kind = 'demo'").fetchone()[0] == 0


def test_in_team_mode_each_owners_kates_are_their_own(db, framework):
    from coaching import goals

    ann = register(db, "ann@example.org", "Ann", "leader")
    bob = register(db, "bob@example.org", "Bob", "leader", "coach")
    ann_en = demo.ensure_demo(db, framework, TODAY, ann)
    ann_nl = demo.ensure_demo(db, framework, TODAY, ann, "nl")
    bob_nl = demo.ensure_demo(db, framework, TODAY, bob, "nl")
    assert len({ann_en.person_id, ann_nl.person_id, bob_nl.person_id}) == 3
    assert people.demo_leader(db, bob) is None  # Bob never opened the English one
    assert people.demo_leader(db, None, "nl") is None and people.demo_leader(db) is None  # no shared Kate
    with pytest.raises(AccessDenied):
        goals.list_goals(db, bob, of=ann_nl.person_id)
    with pytest.raises(AccessDenied):
        goals.list_goals(db, ann_nl, of=bob_nl.person_id)
    before = _history(db, bob_nl), _words(db, bob_nl), _history(db, ann_en), _coaching_rows(db)
    remade = demo.build_demo(db, framework, TODAY, ann, "nl")
    assert (_history(db, bob_nl), _words(db, bob_nl), _history(db, ann_en)) == before[:3]
    assert _coaching_rows(db) == before[3]  # Ann's Dutch coaching made anew, nobody else's touched
    for kate, owner in ((ann_en, ann), (bob_nl, bob), (remade, ann)):  # each Kate's coach is her owner's, of her language
        with db.read() as cursor:
            assert cursor.execute("SELECT c.kind, c.demo_of, c.language FROM pairings x JOIN people c ON c.id = x.coach_id "
                                  "WHERE x.leader_id = ?", [kate.person_id]).fetchall() == [("demo", owner.person_id, kate.language)]
    with pytest.raises(AccessDenied):  # Bob sees nothing of Ann's demo coaching
        sessions.logbook(db, bob, _pairing(db, remade)[0], TODAY)
    assert people.demo_leader(db, bob, "nl") == bob_nl and people.demo_leader(db, ann) == ann_en


def test_the_same_seed_makes_the_same_kate(db, framework, tmp_path):
    elsewhere = Database(tmp_path / "elsewhere.duckdb")
    try:
        for language in LANGUAGES:
            here = demo.build_demo(db, framework, TODAY, language=language)
            made = _history(db, here), _words(db, here)
            there = demo.build_demo(elsewhere, framework, TODAY, language=language)
            assert (_history(elsewhere, there), _words(elsewhere, there)) == made
            remade = demo.build_demo(db, framework, TODAY, language=language)
            assert remade.person_id != here.person_id and (_history(db, remade), _words(db, remade)) == made
    finally:
        elsewhere.close()


def test_the_command_makes_the_kate_of_a_language(tmp_path):
    path = tmp_path / "dutch.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "coaching.demo", "--language", "nl"], cwd=ROOT, env={"KOERS_DB": str(path), "PATH": ""},
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    db = Database(path)
    try:
        assert people.demo_leader(db, None, "nl").display_name == "Kate" and people.demo_leader(db) is None
    finally:
        db.close()


# -- Kate's coaching -------------------------------------------------------------------------


def _pairing(db, kate) -> tuple[int, int, dt.date]:
    with db.read() as cursor:
        return cursor.execute("SELECT id, coach_id, starts_on FROM pairings WHERE leader_id = ?", [kate.person_id]).fetchone()


_COACHING = ("pairings", "agreements", "coaching_sessions", "agenda_items", "session_notes", "agreed_actions")
# Per table, the rows whose owner is gone.
_ORPHANS = {
    "pairings": "SELECT count(*) FROM pairings x WHERE x.leader_id NOT IN (SELECT id FROM people) OR x.coach_id NOT IN (SELECT id FROM people)",
    "agreements": "SELECT count(*) FROM agreements WHERE pairing_id NOT IN (SELECT id FROM pairings)",
    "coaching_sessions": "SELECT count(*) FROM coaching_sessions WHERE pairing_id NOT IN (SELECT id FROM pairings)",
    "agenda_items": "SELECT count(*) FROM agenda_items WHERE session_id NOT IN (SELECT id FROM coaching_sessions) "
                    "OR author_id NOT IN (SELECT id FROM people)",
    "session_notes": "SELECT count(*) FROM session_notes WHERE session_id NOT IN (SELECT id FROM coaching_sessions) "
                     "OR author_id NOT IN (SELECT id FROM people)",
    "agreed_actions": "SELECT count(*) FROM agreed_actions WHERE session_id NOT IN (SELECT id FROM coaching_sessions) "
                      "OR action_id NOT IN (SELECT id FROM actions)",
}


def _coaching_rows(db) -> dict[str, tuple[int, int]]:
    """Per table of the coaching: how many rows, and how many of them orphans."""
    with db.read() as cursor:
        return {table: (cursor.execute("SELECT count(*) FROM " + table).fetchone()[0], cursor.execute(_ORPHANS[table]).fetchone()[0])
                for table in _COACHING}


def test_kate_has_a_coach_an_accepted_agreement_and_a_year_of_sessions(db, framework):
    from coaching import actions

    kate = demo.build_demo(db, framework, TODAY)
    pairing_id, coach_id, starts_on = _pairing(db, kate)
    with db.read() as cursor:
        coach = cursor.execute("SELECT p.display_name, p.kind, p.demo_of, p.language, list(r.role) FROM people p "
                               "JOIN person_roles r ON r.person_id = p.id WHERE p.id = ? GROUP BY ALL", [coach_id]).fetchone()
        ends_on = cursor.execute("SELECT ends_on FROM pairings WHERE id = ?", [pairing_id]).fetchone()[0]
    assert coach == (demo.COACH, "demo", None, "en", ["coach"]) and ends_on is None
    assert 350 <= (TODAY - starts_on).days <= 380  # about a year ago, open-ended
    assert people.demo_leader(db) == kate  # Kate, not her coach, is the demo leader

    versions = agreements.versions(db, kate, pairing_id, TODAY)
    assert [(a.version, a.accepted) for a in versions] == [(2, True), (1, True)]
    assert 55 <= (TODAY - versions[0].proposed_at.date()).days <= 65 and versions[0].accepted_at > versions[0].proposed_at
    assert versions[0].terms.every_weeks != versions[1].terms.every_weeks

    log = sessions.logbook(db, kate, pairing_id, TODAY)
    held = sorted((s for s in log if s.status == "held"), key=lambda s: s.held_on)
    assert 15 <= len(held) <= 30 and all(starts_on <= s.held_on < TODAY for s in held)
    assert (held[-1].held_on - held[0].held_on).days > 300
    assert all(14 <= (b.held_on - a.held_on).days <= 21 for a, b in zip(held, held[1:]))  # every two or three weeks
    phases = [s.phase for s in held]
    assert phases == sorted(phases) and (phases[0], phases[-1]) == (1, 5)
    assert all(s.goal and s.success for s in log)

    upcoming = sessions.next_session(log, TODAY)
    assert [s for s in log if s.status == "planned"] == [upcoming]
    assert TODAY <= upcoming.held_on <= TODAY + dt.timedelta(weeks=2)
    items = sessions.agenda(db, kate, upcoming.id, TODAY)
    assert [(i.source, i.author_id) for i in items] == [("leader", kate.person_id)] * 2

    notes = [n for found in sessions.notes(db, kate, [s.id for s in log], TODAY).values() for n in found]
    assert {n.author_id for n in notes if n.shared} == {kate.person_id, coach_id}  # shared by both
    assert {n.author_id for n in notes if not n.shared} == {kate.person_id} and sum(not n.shared for n in notes) >= 3
    assert {n.author_name for n in notes} == {"Kate", demo.COACH}
    with db.read() as cursor:  # the coach's private notes exist, and Kate was never handed them
        private = cursor.execute("SELECT count(*) FROM session_notes WHERE author_id = ? AND NOT shared", [coach_id]).fetchone()[0]
    assert private > 0

    agreed = sessions.agreed_actions(db, kate, pairing_id, TODAY)
    mine = {a.id for a in actions.list_actions(db, kate)}
    found = [a for found in agreed.values() for a in found]
    assert 2 <= len(found) <= 3 and {a.id for a in found} <= mine
    dates = {s.id: s.held_on for s in log}
    assert all(dates[session_id] <= a.start_date + dt.timedelta(weeks=1) for session_id, found in agreed.items() for a in found)


def test_remaking_the_demo_leaves_no_coaching_behind(db, framework):
    ann = register(db, "ann@example.org", "Ann", "leader")
    demo.build_demo(db, framework, TODAY)
    demo.build_demo(db, framework, TODAY, language="nl")
    demo.build_demo(db, framework, TODAY, ann)
    once = _coaching_rows(db)
    assert all(rows > 0 and orphans == 0 for rows, orphans in once.values())
    with db.read() as cursor:
        people_before = cursor.execute("SELECT count(*) FROM people").fetchone()[0]
    for _ in range(2):
        demo.build_demo(db, framework, TODAY)
        demo.build_demo(db, framework, TODAY, ann)
        demo.ensure_demo(db, framework, TODAY, language="nl")
    assert _coaching_rows(db) == once  # as many rows as before, none left behind
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people").fetchone()[0] == people_before  # no extra demo person
        assert cursor.execute("SELECT count(*) FROM person_roles WHERE person_id NOT IN (SELECT id FROM people)").fetchone()[0] == 0
