"""A coach's caseload: every coachee at a glance (phases 2, 3 and 5).

Per coachee: the phase of the coaching (the phase of the last session held), the last
activity, this week's tracker status, whether the coaching has stalled, the next session and
the goals at risk. The rules are constants here, so that the screen can state them. A figure
taken from the leader's content (this week's completion, the goals at risk) is there only
when the leader shares that kind with the coach, and each showing of it goes to the leader's
"Who saw my data"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coaching import access, pairings, week_rules, weeks
from coaching.db import Database
from coaching.people import Identity

STALLED_AFTER_DAYS = 14  # no check-in and no session for this many days: stalled
AT_RISK_WITHIN_DAYS = 30  # a live goal due within this many days...
AT_RISK_BELOW_PERCENT = 50  # ...whose latest progress estimate is below this


@dataclass(frozen=True)
class CoacheeRow:
    leader_id: int
    pairing_id: int
    name: str
    phase: int  # of the last session held; 1 before the first
    last_activity: dt.date | None  # the latest check-in, reflection or session held
    week_done: int | None  # this week's done and asked (None: not shared)
    week_target: int | None
    stalled: bool
    next_session: dt.date | None
    goals_at_risk: int | None  # None: goals not shared


_FACTS = """
WITH leaders AS (SELECT unnest($leaders::INTEGER[]) AS leader_id, unnest($pairings::INTEGER[]) AS pairing_id),
ticks AS (SELECT person_id, max(updated_at)::DATE AS last_tick FROM checkins
          WHERE person_id IN (SELECT leader_id FROM leaders) GROUP BY person_id),
reflected AS (SELECT person_id, max(week_start) AS last_week FROM reflections
              WHERE person_id IN (SELECT leader_id FROM leaders) GROUP BY person_id),
held AS (SELECT pairing_id, max(held_on) AS last_held, arg_max(phase, held_on) AS phase FROM coaching_sessions
         WHERE pairing_id IN (SELECT pairing_id FROM leaders) AND status = 'held' AND held_on <= $today GROUP BY pairing_id),
planned AS (SELECT pairing_id, min(held_on) AS next_on FROM coaching_sessions
            WHERE pairing_id IN (SELECT pairing_id FROM leaders) AND status = 'planned' AND held_on >= $today GROUP BY pairing_id),
progress AS (SELECT p.goal_id, arg_max(p.percent, p.recorded_at) AS percent FROM goal_progress p
             WHERE p.goal_id IN (SELECT id FROM goals WHERE person_id IN (SELECT leader_id FROM leaders)) GROUP BY p.goal_id),
risky AS (SELECT g.person_id, count(*) AS goals FROM goals g LEFT JOIN progress ON progress.goal_id = g.id
          WHERE g.person_id IN (SELECT leader_id FROM leaders) AND g.archived_at IS NULL AND g.status = 'active'
            AND g.target_date BETWEEN $today AND $today + $within AND coalesce(progress.percent, 0) < $below
          GROUP BY g.person_id)
SELECT l.leader_id, ticks.last_tick, reflected.last_week, held.last_held, coalesce(held.phase, 1), planned.next_on,
       coalesce(risky.goals, 0)
FROM leaders l LEFT JOIN ticks ON ticks.person_id = l.leader_id LEFT JOIN reflected ON reflected.person_id = l.leader_id
LEFT JOIN held ON held.pairing_id = l.pairing_id LEFT JOIN planned ON planned.pairing_id = l.pairing_id
LEFT JOIN risky ON risky.person_id = l.leader_id
"""


def caseload(db: Database, asking: Identity, today: dt.date) -> list[CoacheeRow]:
    """The asking coach's coachees today, by name; nothing for someone who is no coach. Each
    showing is logged (record_glance)."""
    rows = glance(db, asking, today)
    record_glance(db, asking, rows)
    return rows


def record_glance(db: Database, asking: Identity, rows: list[CoacheeRow]) -> None:
    """Into each leader's "Who saw my data": the coach was shown their week and goals at risk
    (where shared). Called on every showing, also of rows kept across reruns."""
    access.shown_many(db, asking, {
        "completion": [r.leader_id for r in rows if r.week_target is not None],
        "goals": [r.leader_id for r in rows if r.goals_at_risk is not None],
    })


def glance(db: Database, asking: Identity, today: dt.date) -> list[CoacheeRow]:
    """The rows of caseload, without logging them: for a caller that logs each showing."""
    coachees = pairings.coachees(db, asking, today)
    if not coachees:
        return []
    leaders = [c.leader_id for c in coachees]
    monday = weeks.week_start(today)
    with db.read() as cursor:
        facts = {row[0]: row[1:] for row in cursor.execute(_FACTS, {
            "leaders": leaders, "pairings": [c.pairing_id for c in coachees], "today": today,
            "within": dt.timedelta(days=AT_RISK_WITHIN_DAYS), "below": AT_RISK_BELOW_PERCENT,
        }).fetchall()}
        sharing_completion = [c.leader_id for c in coachees if "completion" in c.shared]
        this_week = week_rules.action_weeks(cursor, sharing_completion, monday, monday) if sharing_completion else None
    done_and_asked: dict[int, tuple[int, int]] = {}
    if this_week is not None and not this_week.empty:
        summed = this_week.groupby("person_id")[["done", "target"]].sum()
        done_and_asked = {int(p): (int(r["done"]), int(r["target"])) for p, r in summed.iterrows()}
    quiet_since = today - dt.timedelta(days=STALLED_AFTER_DAYS)
    rows = []
    for coachee in coachees:
        last_tick, last_week, last_held, phase, next_on, at_risk = facts[coachee.leader_id]
        shares_week, shares_goals = "completion" in coachee.shared, "goals" in coachee.shared
        done, target = done_and_asked.get(coachee.leader_id, (0, 0)) if shares_week else (None, None)
        seen = [d for d in (last_tick, last_week, last_held) if d is not None]
        rows.append(CoacheeRow(
            leader_id=coachee.leader_id,
            pairing_id=coachee.pairing_id,
            name=coachee.name,
            phase=int(phase),
            last_activity=max(seen) if seen else None,
            week_done=done,
            week_target=target,
            stalled=not any(d is not None and d >= quiet_since for d in (last_tick, last_held)),
            next_session=next_on,
            goals_at_risk=int(at_risk) if shares_goals else None,
        ))
    return rows
