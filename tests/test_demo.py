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
    assert [p.scores for p in profile.profiles(db, me, framework)] == [profile.competency_scores(framework, all_answered(framework, 2))]
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
