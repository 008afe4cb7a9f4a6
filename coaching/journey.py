"""Where a leader is in the coaching cycle, and the one next step that moves them on.

Home shows this step as its most prominent control; the order below is the order of the
five phases: assess, set goals, plan actions, practise every week, and assess again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROUND_EVERY = dt.timedelta(days=91)  # a new self-assessment round is due about once a quarter


@dataclass(frozen=True)
class Situation:
    """What Home knows about the leader, read from the services."""

    has_draft: bool
    rounds: int
    last_round_on: dt.date | None
    active_goals: int
    live_actions: int  # active actions of active goals
    last_week_open: bool  # last week asked something, and nothing was ticked or reflected on
    week_complete: bool  # this week asked something, and all of it is done
    week_reflected: bool  # this week's reflection is written (read only when the week is complete)
    today: dt.date


@dataclass(frozen=True)
class NextStep:
    kind: str  # a catalog key under home.step.<kind> and home.do.<kind>
    page: str  # the script that takes it


def next_step(now: Situation) -> NextStep:
    """The single most useful thing to do now."""
    if now.has_draft:
        return NextStep("continue_draft", "pages/leader/assessment.py")
    if not now.rounds:
        return NextStep("first_assessment", "pages/leader/assessment.py")
    if not now.active_goals:
        return NextStep("first_goal", "pages/leader/goals.py")
    if not now.live_actions:
        return NextStep("plan_actions", "pages/leader/plan.py")
    if now.last_week_open:
        return NextStep("last_week", "pages/leader/tracker.py")
    if now.last_round_on is not None and now.today - now.last_round_on >= ROUND_EVERY:
        return NextStep("new_round", "pages/leader/assessment.py")
    if now.week_complete and not now.week_reflected:
        return NextStep("reflect", "pages/leader/tracker.py")
    if now.week_complete:
        return NextStep("progress", "pages/leader/goals.py")
    return NextStep("this_week", "pages/leader/tracker.py")
