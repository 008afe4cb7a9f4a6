import datetime as dt
import subprocess
import sys

from coaching import assessments, demo, people, profile
from tests.conftest import ROOT, TODAY, all_answered


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
