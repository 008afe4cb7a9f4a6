import datetime as dt
import subprocess
import sys

import pytest

from coaching import assessments, demo, people, profile
from coaching.db import Database
from coaching.errors import AccessDenied, ValidationError
from coaching.framework import LANGUAGES
from coaching.validation import MAX_TITLE_CHARS
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
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people WHERE kind = 'demo'").fetchone()[0] == 1


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
    en, nl = demo.WORDS["en"], demo.WORDS["nl"]
    assert [set(c) for c in en.comments] == [set(c) for c in nl.comments]

    def texts(words):
        yield from (text for round_ in words.comments for text in round_.values())
        for goal in words.goals:
            yield from (goal.title, goal.why, goal.measure, *goal.actions)
        yield words.busy_week

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
        assert cursor.execute("SELECT language, count(*) FROM people WHERE kind = 'demo' GROUP BY ALL ORDER BY ALL").fetchall() == [
            ("en", 1), ("nl", 1)]


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
    before = _history(db, bob_nl), _words(db, bob_nl), _history(db, ann_en)
    demo.build_demo(db, framework, TODAY, ann, "nl")
    assert (_history(db, bob_nl), _words(db, bob_nl), _history(db, ann_en)) == before
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
