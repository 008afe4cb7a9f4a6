"""The profile screen: radar, ranked view, strengths, development areas, round chooser."""

import datetime as dt
import json

from coaching import assessments, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import TODAY

FRAMEWORK = load_framework()


def seed(db_path, rounds):
    db = Database(db_path)
    me = people.local_leader(db)
    for days_ago, score, targets, comments in rounds:
        ratings = {b.id: score for b in FRAMEWORK.behaviours}
        ratings["coaching_team_members"] = None
        assessments.record_round(db, me, FRAMEWORK, TODAY - dt.timedelta(days=days_ago), ratings, targets, comments)
    return db, me


def traces(at, index=0):
    figure = json.loads(at.get("plotly_chart")[index].proto.spec)
    return {trace["meta"]["kind"]: trace for trace in figure["data"] if "meta" in trace}


def test_an_empty_profile_points_to_the_first_assessment(app):
    at = app("pages/leader/profile.py")
    assert "There is no submitted self-assessment yet" in at.info[0].value
    assert not at.get("plotly_chart")


def test_latest_round_against_previous_and_target(app, db_path):
    seed(db_path, [(200, 2, {}, {}), (10, 4, {"strategic_thinking": 5, "influence": 3}, {"influence": "<img src=x onerror=alert(1)> **not bold**"})])
    at = app("pages/leader/profile.py")
    radar = traces(at, 0)
    ids = list(FRAMEWORK.competency_ids)
    assert radar["current"]["r"][: len(ids)] == [None if c == "coaching_mentoring" else 4.0 for c in ids]
    assert radar["previous"]["r"][: len(ids)] == [None if c == "coaching_mentoring" else 2.0 for c in ids]
    assert radar["target"]["r"][ids.index("strategic_thinking")] == 5
    assert radar["target"]["r"][ids.index("communication")] is None
    # the ranked view holds the same numbers
    ranked = traces(at, 1)
    assert sorted(v for v in ranked["current"]["x"] if v is not None) == [4.0] * 8
    # development areas: the largest gap to target first; strengths listed
    text = " ".join(m.value for m in at.markdown)
    assert "**Strategic thinking** · 4.0 now, target 5 (gap 1.0)" in text
    assert "Not rated in this round" in " ".join(c.value for c in at.caption)
    # the change table
    table = at.dataframe[0].value
    assert list(table["Change"]) == ["+2.0"] * 2 + ["+2.0"] * 5 + ["—", "+2.0"]
    assert table["Now"].tolist()[7] == "—" and table["Target"].tolist()[3] == "5"
    # the leader's own comment, shown as plain text
    assert "<img src=x onerror=alert(1)> **not bold**" in [t.value for t in at.text]


def test_choosing_other_rounds(app, db_path):
    db, me = seed(db_path, [(300, 1, {}, {}), (200, 3, {}, {}), (100, 5, {}, {})])
    oldest, middle, newest = [r.id for r in assessments.submitted_rounds(db, me)]
    at = app("pages/leader/profile.py")
    assert at.selectbox(key="profile.round.en").value == newest
    assert traces(at, 0)["previous"]["r"][0] == 3.0  # compared with the round before, at first
    at.selectbox(key="profile.round.en").set_value(oldest).run()
    radar = traces(at, 0)
    assert radar["current"]["r"][0] == 1.0
    assert "previous" not in radar  # nothing is older
    at.selectbox(key="profile.round.en").set_value(newest).run()
    at.selectbox(key=f"profile.compare.{newest}.en").set_value(oldest).run()
    radar = traces(at, 0)
    assert (radar["current"]["r"][0], radar["previous"]["r"][0]) == (5.0, 1.0)


def test_profile_in_dutch(app, db_path):
    seed(db_path, [(10, 3, {}, {})])
    at = app()
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    at.switch_page("pages/leader/profile.py").run()
    assert at.title[0].value == "Je profiel"
    radar = traces(at, 0)
    assert "Strategisch<br>denken" in radar["current"]["theta"]
    assert at.dataframe[0].value["Nu"].tolist()[0] == "3,0"
    assert at.selectbox(key="profile.round.nl").options[0].endswith("2026") and "Ronde" == at.selectbox(key="profile.round.nl").label
