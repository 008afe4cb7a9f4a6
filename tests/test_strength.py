"""Habit strength against Loop Habit Tracker's own test values.

The expected numbers are copied from Loop's score tests, `YesNoScoreListTest` in
uhabits-core/src/jvmTest/java/org/isoron/uhabits/core/models/ScoreListTest.kt
(iSoron/uhabits, GPLv3; the values are facts about Loop's behaviour, the code here is ours).
Loop lists scores from today backwards; `loop_days` builds the same days oldest first."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.strength import Frequency, daily_scores, latest_scores

E = 1e-6
DAILY, WEEKLY = Frequency(1, 1), Frequency(1, 7)


def loop_days(length: int, done: set[int], skipped: set[int] = frozenset()) -> tuple[np.ndarray, np.ndarray]:
    """Arrays oldest first for Loop's day offsets (0 = today), a skip winning over a check."""
    offsets = range(length - 1, -1, -1)
    return (np.array([o in done and o not in skipped for o in offsets]),
            np.array([o in skipped for o in offsets]))


def newest_first(done, away, frequency) -> list[float]:
    return list(daily_scores(done, away, frequency)[::-1])


def test_daily_values():  # test_getValue
    done, away = loop_days(23, set(range(20)))
    expected = [0.655747, 0.636894, 0.617008, 0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617,
                0.443734, 0.413270, 0.381137, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067, 0.147820,
                0.101149, 0.051922, 0.0, 0.0, 0.0]
    assert newest_first(done, away, DAILY) == pytest.approx(expected, abs=E)


def test_daily_values_with_skips():  # test_getValueWithSkip
    done, away = loop_days(23, set(range(20)), {5, 10, 11})
    expected = [0.596033, 0.573910, 0.550574, 0.525961, 0.500000, 0.472617, 0.472617, 0.443734, 0.413270,
                0.381137, 0.347244, 0.347244, 0.347244, 0.311495, 0.273788, 0.234017, 0.192067, 0.147820,
                0.101149, 0.051922, 0.0, 0.0, 0.0]
    assert newest_first(done, away, DAILY) == pytest.approx(expected, abs=E)


def test_a_skip_right_after_the_only_check():  # test_getValueWithSkip2
    done, away = loop_days(7, {5}, {4})
    expected = [0.041949, 0.044247, 0.046670, 0.049226, 0.051922, 0.051922, 0.0]
    assert newest_first(done, away, DAILY) == pytest.approx(expected, abs=E)


def test_six_a_week_with_skips():  # test_getValueNonDailyWithSkip
    done, away = loop_days(21, set(range(18)), {10, 11, 12})
    expected = [0.365222, 0.333100, 0.299354, 0.263899, 0.226651, 0.191734, 0.159268, 0.129375, 0.102187,
                0.077839, 0.056477, 0.056477, 0.056477, 0.056477, 0.038251, 0.023319, 0.011848, 0.004014,
                0.0, 0.0, 0.0]
    assert newest_first(done, away, Frequency(6, 7)) == pytest.approx(expected, abs=E)


@pytest.mark.parametrize("frequency", [DAILY, Frequency(6, 7)])
def test_always_done_or_away_converges_to_one(frequency):  # test_perfectDailyWithSkips, test_perfectNonDailyWithSkips
    skipped = {7 * k + 5 for k in range(100)} | {7 * k + 6 for k in range(100)}
    done, away = loop_days(500, set(range(500)), skipped)
    assert daily_scores(done, away, frequency)[-1] == pytest.approx(1.0, abs=E)


def test_two_of_three_a_week_settles_at_two_thirds():  # test_imperfectNonDaily
    done_offsets = {7 * k for k in range(100)} | {7 * k + 1 for k in range(100)}
    done, away = loop_days(700, done_offsets)
    assert daily_scores(done, away, Frequency(3, 7))[-1] == pytest.approx(2 / 3, abs=E)
    assert daily_scores(done, away, Frequency(4, 7))[-1] == pytest.approx(0.5, abs=E)


def test_weekly_on_different_weekdays_still_converges_to_one():  # test_irregularNonDaily
    done_offsets = {14 * k for k in range(100)} | {14 * k + 13 for k in range(100)}
    done, away = loop_days(1400, done_offsets)
    assert daily_scores(done, away, WEEKLY)[-1] == pytest.approx(1.0, abs=1e-3)


def test_high_score_in_reasonable_time():  # shouldAchieveHighScoreInReasonableTime
    done, away = loop_days(90, set(range(90)))
    assert daily_scores(done, away, DAILY)[-1] > 0.99  # daily, 90 days running
    done, away = loop_days(7 * 38 + 1, {7 * i for i in range(39)})
    assert daily_scores(done, away, WEEKLY)[-1] > 0.99  # once a week, 39 weeks running


def test_recompute_with_another_frequency():  # test_recompute
    done, away = loop_days(2, {0, 1})
    assert daily_scores(done, away, DAILY)[-1] == pytest.approx(0.101149, abs=E)
    assert daily_scores(done, away, Frequency(1, 2))[-1] == pytest.approx(0.054816, abs=E)


def test_nothing_done_is_zero():  # test_addThenRemove
    assert daily_scores(*loop_days(1, set()), DAILY)[-1] == 0.0
    assert daily_scores(*loop_days(1, {0}), DAILY)[-1] == pytest.approx(0.051922, abs=E)


# -- the vectorised form used by the tracker -------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    plans=st.lists(
        st.tuples(st.lists(st.sampled_from(["done", "away", "missed"]), min_size=1, max_size=60),
                  st.sampled_from([(1, 1), (1, 7), (2, 7), (3, 7), (5, 7), (7, 7)])),
        min_size=1, max_size=5,
    )
)
def test_latest_scores_equal_the_day_by_day_loop(plans):
    action, done, away, times, days, expected = [], [], [], [], [], {}
    for number, (marks, (t, d)) in enumerate(plans):
        is_done = np.array([m == "done" for m in marks])
        is_away = np.array([m == "away" for m in marks])
        expected[number] = daily_scores(is_done, is_away, Frequency(t, d))[-1]
        action += [number] * len(marks)
        done += list(is_done)
        away += list(is_away)
        times += [t] * len(marks)
        days += [d] * len(marks)
    found = latest_scores(np.array(action), np.array(done), np.array(away), np.array(times), np.array(days))
    assert found == pytest.approx(expected, abs=1e-9)
