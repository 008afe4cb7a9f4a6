"""Habit strength, computed the way Loop Habit Tracker computes its habit score.

Every day of an action's life updates the score as an exponential moving average,

    score = score × m + completed × (1 − m),    m = 0.5 ^ (√f / 13),

where f is the number of repetitions asked per day (daily: 1; three times a week: 3/7) and
`completed` is how much of the frequency the recent days met: the repetitions done in the
last `days` counted days, divided by what those days ask, at most 1. Like Loop, a habit that
is not daily looks at two periods at once (six of the last fourteen days for three a week),
so that a week done on Monday and the next done on Sunday still counts as kept.

Days marked away (holiday, illness; Loop's "skip") are left out as if they never existed:
they do not change the score, and the look-back window reaches past them.

A daily habit done every day for 90 days ends above 0.99; one done weekly for 39 weeks as
well; doing 2 of 3 a week settles at 2/3 (Loop's ScoreListTest, which tests/test_strength.py
holds this module to)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Frequency:
    """Repetitions asked per `days` days: (1, 1) is daily, (3, 7) three times a week."""

    times: int
    days: int

    @property
    def per_day(self) -> float:
        return self.times / self.days

    @property
    def multiplier(self) -> float:
        return 0.5 ** (np.sqrt(self.per_day) / 13)

    @property
    def window(self) -> tuple[int, int]:
        """(repetitions, days) the score compares against: two periods for a habit that is
        not daily, which smooths out a week done early followed by one done late."""
        return (self.times * 2, self.days * 2) if self.per_day < 1 else (self.times, self.days)


def daily_scores(done: np.ndarray, away: np.ndarray, frequency: Frequency) -> np.ndarray:
    """The score at the end of each day, oldest first. `done` and `away` are booleans per day
    from the action's first day; an away day keeps the score of the day before."""
    done = np.asarray(done, dtype=bool)
    away = np.asarray(away, dtype=bool)
    scores = np.zeros(len(done))
    counted = np.flatnonzero(~away)
    if len(counted):
        completed = _completed(done[counted], frequency)
        m = frequency.multiplier
        score = 0.0
        for position, day in enumerate(counted):
            score = score * m + completed[position] * (1 - m)
            scores[day] = score
        # Away days carry the score of the last counted day (0 before the first).
        carried = np.maximum.accumulate(np.where(~away, np.arange(len(done)), -1))
        scores = np.where(carried >= 0, scores[np.maximum(carried, 0)], 0.0)
    return scores


def _completed(done_on_counted_days: np.ndarray, frequency: Frequency) -> np.ndarray:
    """Per counted day: the share of the window's repetitions done, at most 1."""
    times, days = frequency.window
    running = np.concatenate([[0], np.cumsum(done_on_counted_days)])
    ends = np.arange(1, len(done_on_counted_days) + 1)
    in_window = running[ends] - running[np.maximum(ends - days, 0)]
    return np.minimum(in_window / times, 1.0)


def latest_scores(action: np.ndarray, done: np.ndarray, away: np.ndarray, times: np.ndarray, days: np.ndarray) -> dict[int, float]:
    """The score on the last day of each action, for many actions at once.

    The arrays run over every day of every action, the actions one after the other and each
    action's days oldest first; `times` and `days` give each day's action frequency. The
    result equals `daily_scores(...)[-1]` per action (tested), without a Python loop over
    the days: the moving average unrolls to Σ completedₖ (1 − m) m^(counted days after k)."""
    action = np.asarray(action)
    if not len(action):
        return {}
    starts = np.flatnonzero(np.r_[True, action[1:] != action[:-1]])
    ids = action[starts]
    keep = ~np.asarray(away, dtype=bool)
    action, done, times, days = action[keep], np.asarray(done, dtype=bool)[keep], np.asarray(times)[keep], np.asarray(days)[keep]
    if not len(action):
        return {int(i): 0.0 for i in ids}
    per_day = times / days
    window_times = np.where(per_day < 1, times * 2, times)
    window_days = np.where(per_day < 1, days * 2, days)
    first = np.r_[True, action[1:] != action[:-1]]
    group = np.cumsum(first) - 1
    group_start = np.flatnonzero(first)[group]  # each counted day's action's first counted day
    running = np.concatenate([[0], np.cumsum(done)])
    ends = np.arange(1, len(done) + 1)
    in_window = running[ends] - running[np.maximum(ends - window_days, group_start)]
    completed = np.minimum(in_window / window_times, 1.0)
    m = 0.5 ** (np.sqrt(per_day) / 13)
    group_end = np.r_[np.flatnonzero(first)[1:], len(action)][group] - 1
    weights = (1 - m) * m ** (group_end - np.arange(len(action)))
    scores = np.bincount(group, weights=completed * weights)
    found = dict(zip(action[first].tolist(), scores.tolist()))
    return {int(i): float(found.get(int(i), 0.0)) for i in ids}
