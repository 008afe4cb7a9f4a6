import datetime as dt

from coaching import assessments, profile
from tests.conftest import TODAY, all_answered


def test_scores_are_means_of_rated_behaviours_and_not_observed_is_left_out(db, framework, leader):
    ratings = all_answered(framework, 3)
    ratings.update({"verbal_written_communication": 5, "active_listening": 4, "reading_nonverbal_signals": None})
    ratings["coaching_team_members"] = None  # the only behaviour of its competency
    assessments.record_round(db, leader, framework, TODAY, ratings, today=TODAY)
    [shown] = profile.profiles(db, leader, framework)
    assert shown.scores["communication"] == 4.5  # (5 + 4) / 2: "not observed" is left out
    assert shown.scores["coaching_mentoring"] is None  # missing, never 0
    assert shown.scores["influence"] == 3.0


def test_profiles_over_rounds(db, framework, leader):
    first = all_answered(framework, 2)
    first["coaching_team_members"] = None
    second = all_answered(framework, 4)
    second.update({"empathy": 5, "handling_emotions": 1})
    assessments.record_round(db, leader, framework, TODAY - dt.timedelta(days=100), first, {"strategic_thinking": 4}, today=TODAY)
    assessments.record_round(db, leader, framework, TODAY, second, {"emotional_intelligence": 5}, today=TODAY)
    rounds = profile.profiles(db, leader, framework)
    assert [p.round.assessed_on for p in rounds] == [TODAY - dt.timedelta(days=100), TODAY]
    assert rounds[0].scores == {c: (None if c == "coaching_mentoring" else 2.0) for c in framework.competency_ids}
    assert rounds[1].scores == {c: ((4 + 5 + 1) / 3 if c == "emotional_intelligence" else 4.0) for c in framework.competency_ids}
    assert rounds[0].targets == {"strategic_thinking": 4}
    assert rounds[1].targets == {"emotional_intelligence": 5}


def test_profiles_are_only_the_asking_leaders(db, framework, leader, other_leader):
    assessments.record_round(db, leader, framework, TODAY, all_answered(framework), today=TODAY)
    assert profile.profiles(db, other_leader, framework) == []
    assert len(profile.profiles(db, leader, framework)) == 1


def test_strengths_and_development_areas():
    scores = {"a": 4.5, "b": 2.0, "c": 3.0, "d": None, "e": 4.0}
    assert profile.strengths(scores) == [("a", 4.5), ("e", 4.0), ("c", 3.0)]
    # largest gap to target first; without a target the gap is to level 4
    assert profile.development_areas(scores, {"a": 5, "c": 5}) == [("b", 2.0), ("c", 2.0), ("a", 0.5)]
    assert profile.development_areas({"a": 5.0}, {"a": 4}) == []


def test_changes_between_rounds():
    assert profile.changes({"a": 3.5, "b": 2.0, "c": None}, {"a": 3.0, "b": None, "c": 2.0}) == {"a": 0.5, "b": None, "c": None}
