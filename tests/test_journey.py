import dataclasses
import datetime as dt

import pytest

from coaching.journey import ROUND_EVERY, Situation, next_step

TODAY = dt.date(2026, 11, 27)
SETTLED = Situation(has_draft=False, rounds=2, last_round_on=TODAY - dt.timedelta(days=30), active_goals=2,
                    live_actions=3, last_week_open=False, week_complete=False, week_reflected=False, today=TODAY)


@pytest.mark.parametrize(
    ("changes", "kind", "page"),
    [
        ({}, "this_week", "pages/leader/tracker.py"),
        ({"has_draft": True, "rounds": 0}, "continue_draft", "pages/leader/assessment.py"),
        ({"has_draft": True}, "continue_draft", "pages/leader/assessment.py"),  # a draft is finished first
        ({"rounds": 0, "last_round_on": None, "active_goals": 0, "live_actions": 0}, "first_assessment",
         "pages/leader/assessment.py"),
        ({"active_goals": 0, "live_actions": 0}, "first_goal", "pages/leader/goals.py"),
        ({"live_actions": 0}, "plan_actions", "pages/leader/plan.py"),
        ({"last_week_open": True}, "last_week", "pages/leader/tracker.py"),
        ({"last_week_open": True, "last_round_on": TODAY - ROUND_EVERY}, "last_week", "pages/leader/tracker.py"),
        ({"last_round_on": TODAY - ROUND_EVERY}, "new_round", "pages/leader/assessment.py"),
        ({"last_round_on": TODAY - ROUND_EVERY + dt.timedelta(days=1)}, "this_week", "pages/leader/tracker.py"),
        ({"week_complete": True}, "reflect", "pages/leader/tracker.py"),
        ({"week_complete": True, "week_reflected": True}, "progress", "pages/leader/goals.py"),
        ({"week_reflected": True}, "this_week", "pages/leader/tracker.py"),  # reflected, but not all done yet
        ({"week_complete": True, "last_week_open": True}, "last_week", "pages/leader/tracker.py"),
    ],
)
def test_the_next_step_follows_the_phases(changes, kind, page):
    step = next_step(dataclasses.replace(SETTLED, **changes))
    assert (step.kind, step.page) == (kind, page)


def test_every_step_has_its_words_in_both_languages():
    from coaching.i18n import catalog

    kinds = {next_step(dataclasses.replace(SETTLED, **c)).kind for c in (
        {}, {"has_draft": True}, {"rounds": 0}, {"active_goals": 0}, {"live_actions": 0}, {"last_week_open": True},
        {"last_round_on": TODAY - ROUND_EVERY}, {"week_complete": True}, {"week_complete": True, "week_reflected": True})}
    assert len(kinds) == 9
    for language in ("en", "nl"):
        for kind in kinds:
            assert f"home.step.{kind}" in catalog(language) and f"home.do.{kind}" in catalog(language)
