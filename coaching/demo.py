"""Demo data: Kate, the newly promoted leader of the coaching literature, with three
self-assessment rounds some months apart that show realistic growth.

Kate is a person of her own (kind 'demo'), one per language, so that she writes in the
language of whoever looks at her: the same history (one seed), in other words. Making or
remaking one Kate never touches the other or anyone else's rows. Run
`python -m coaching.demo [--language nl]` to (re)make her in the database KOERS_DB names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from dataclasses import dataclass

import pandas as pd

from coaching import synthetic, weeks
from coaching.assessments import insert_round
from coaching.db import Database, DatabaseError, resolve_path
from coaching.errors import ValidationError
from coaching.framework import LANGUAGES, Framework, load_framework
from coaching.i18n import t
from coaching.people import Identity, demo_leader, make_demo_leader

KATE = "Kate"
SEED = 2023

# Where Kate starts, one round after her promotion, per competency (1-5), and how much she
# grows per round: she is a strong problem solver, overwhelmed by the wider role, and works
# on strategy, delegation (coaching) and keeping calm under pressure.
_START = {
    "communication": 3.0,
    "emotional_intelligence": 2.6,
    "decision_making": 3.8,
    "strategic_thinking": 2.0,
    "influence": 2.6,
    "collaboration": 3.0,
    "change_management": 2.4,
    "coaching_mentoring": 1.8,
    "innovation": 3.4,
}
_GROWTH = {
    "communication": 0.3,
    "emotional_intelligence": 0.45,
    "decision_making": 0.15,
    "strategic_thinking": 0.7,
    "influence": 0.35,
    "collaboration": 0.3,
    "change_management": 0.5,
    "coaching_mentoring": 0.6,
    "innovation": 0.1,
}
_TARGETS = {
    "communication": 4,
    "emotional_intelligence": 4,
    "decision_making": 4,
    "strategic_thinking": 4,
    "influence": 4,
    "collaboration": 4,
    "change_management": 4,
    "coaching_mentoring": 4,
    "innovation": 4,
}
# Behaviours Kate had no chance to show yet in her first round.
_NOT_OBSERVED_FIRST = {"negotiating", "market_trends"}
_MONTHS_BEFORE_TODAY = (11, 6, 1)

# Kate's goals (weeks before today that they were set, weeks after today they are due) and
# the actions of each: (cadence, times a week, weekdays, weeks ago it started). What she
# wrote about them is in WORDS, in the same order.
_GOALS = [
    {
        "horizon": "short",
        "competencies": ["coaching_mentoring", "collaboration"],
        "set": 46, "due": 6, "status": "active", "progress": [10, 25, 40, 55, 70],
        "actions": [("weekdays", None, [2, 4], 45), ("weekly", 1, [], 44)],
    },
    {
        "horizon": "long",
        "competencies": ["strategic_thinking"],
        "set": 40, "due": 20, "status": "active", "progress": [5, 15, 30, 45],
        "actions": [("weekly", 2, [], 39), ("weekly", 1, [], 30)],
    },
    {
        "horizon": "short",
        "competencies": ["emotional_intelligence", "change_management"],
        "set": 30, "due": 8, "status": "active", "progress": [20, 35, 50, 60],
        "actions": [("weekly", 4, [], 29), ("weekly", 2, [], 26)],
    },
]
_HOLIDAY_WEEKS_AGO = {33, 34, 48}  # summer and Christmas: nothing ticked
_BUSY_WEEKS_AGO = range(14, 24)  # a busy quarter: less done, less energy, more stress


@dataclass(frozen=True)
class GoalWords:
    title: str
    why: str
    measure: str
    actions: tuple[str, ...]  # the titles of its actions, in the order of _GOALS


@dataclass(frozen=True)
class Words:
    """All that Kate wrote, in one language. Only the words differ per language: the numbers
    (_GOALS, the seed) are shared, so both Kates have the same history."""

    comments: tuple[dict[str, str], ...]  # per round: competency -> her comment
    goals: tuple[GoalWords, ...]  # in the order of _GOALS
    busy_week: str  # her reflection on a week of the busy quarter


WORDS: dict[str, Words] = {
    "en": Words(
        comments=(
            {
                "strategic_thinking": "Still firefighting most weeks; no time to look beyond this quarter.",
                "coaching_mentoring": "I fix problems myself instead of letting the team grow.",
            },
            {
                "strategic_thinking": "Blocked two mornings a month for the three-year plan.",
                "emotional_intelligence": "Noticing earlier when stress makes me short with people.",
            },
            {
                "coaching_mentoring": "Weekly one-to-ones now start with their questions, not mine.",
                "change_management": "Led the platform reorganisation without losing anyone.",
            },
        ),
        goals=(
            GoalWords(
                "Delegate instead of doing it myself",
                "My team can grow, and I get time for the work only I can do.",
                "Three recurring tasks handed over; the team says it gets room to decide.",
                ("Start each one-to-one with their questions", "Hand one recurring task to the team"),
            ),
            GoalWords(
                "Set out a vision for my area",
                "People need to know where we are heading, not only what to do this week.",
                "A three-year plan agreed with my manager and shared with the team.",
                ("Block two mornings for strategy", "Read one market report"),
            ),
            GoalWords(
                "Protect my recovery time",
                "Without rest I react instead of lead.",
                "Four evenings a week without e-mail; stress at 3 or below.",
                ("No e-mail after 19:00", "Ask for feedback after big meetings"),
            ),
        ),
        busy_week="Too many late evenings.",
    ),
    "nl": Words(
        comments=(
            {
                "strategic_thinking": "Nog steeds de meeste weken brandjes aan het blussen; geen tijd om verder te kijken dan dit kwartaal.",
                "coaching_mentoring": "Ik los problemen zelf op in plaats van het team de ruimte te geven om te groeien.",
            },
            {
                "strategic_thinking": "Twee ochtenden per maand vrijgehouden voor het driejarenplan.",
                "emotional_intelligence": "Ik merk eerder wanneer ik door stress kortaf word tegen mensen.",
            },
            {
                "coaching_mentoring": "De wekelijkse één-op-ééngesprekken beginnen nu met hún vragen, niet met de mijne.",
                "change_management": "De reorganisatie van het platform geleid zonder iemand kwijt te raken.",
            },
        ),
        goals=(
            GoalWords(
                "Delegeren in plaats van het zelf doen",
                "Mijn team kan groeien, en ik krijg tijd voor het werk dat alleen ik kan doen.",
                "Drie terugkerende taken overgedragen; het team zegt dat het de ruimte krijgt om zelf te beslissen.",
                ("Elk één-op-één beginnen met hun vragen", "Eén terugkerende taak overdragen aan het team"),
            ),
            GoalWords(
                "Een visie neerzetten voor mijn afdeling",
                "Mensen moeten weten waar we naartoe gaan, niet alleen wat ze deze week moeten doen.",
                "Een driejarenplan, afgestemd met mijn leidinggevende en gedeeld met het team.",
                ("Twee ochtenden vrijhouden voor strategie", "Eén marktrapport lezen"),
            ),
            GoalWords(
                "Mijn hersteltijd beschermen",
                "Zonder rust reageer ik, in plaats van dat ik leiding geef.",
                "Vier avonden per week zonder e-mail; stress op 3 of lager.",
                ("Geen e-mail na 19:00", "Na grote vergaderingen om feedback vragen"),
            ),
        ),
        busy_week="Te vaak tot laat doorgewerkt.",
    ),
}


def _scores(framework: Framework, round_number: int, rng: random.Random) -> dict[str, int | None]:
    ratings: dict[str, int | None] = {}
    for competency in framework.competencies:
        level = _START.get(competency.id, 3.0) + round_number * _GROWTH.get(competency.id, 0.3)
        for behaviour in competency.behaviours:
            if round_number == 0 and behaviour.id in _NOT_OBSERVED_FIRST:
                ratings[behaviour.id] = None
                continue
            ratings[behaviour.id] = max(1, min(5, round(level + rng.uniform(-0.6, 0.6))))
    return ratings


_DELETE_PERSON = (
    "DELETE FROM assessment_rounds WHERE person_id = ?",
    "DELETE FROM checkins WHERE person_id = ?",
    "DELETE FROM reflections WHERE person_id = ?",
    "DELETE FROM actions WHERE person_id = ?",
    "DELETE FROM goals WHERE person_id = ?",
    "DELETE FROM away_days WHERE person_id = ?",
    "DELETE FROM sharing WHERE leader_id = ?",
    "DELETE FROM access_log WHERE leader_id = ?",
    "DELETE FROM person_roles WHERE person_id = ?",
    "DELETE FROM people WHERE id = ?",
)


def build_demo(db: Database, framework: Framework, today: dt.date, owner: Identity | None = None,
               language: str = "en") -> Identity:
    """(Re)make Kate of `language` and her history in one transaction: all of it, or nothing.
    In personal mode there is one Kate per language (no owner); in team mode each person
    (`owner`) gets Kates of their own, whom nobody else sees or edits. Her Kate of the other
    language is left as she is."""
    words = _words(language)
    rng = random.Random(SEED)
    with db.write() as cursor:
        old = cursor.execute(
            "SELECT id FROM people WHERE kind = 'demo' AND demo_of IS NOT DISTINCT FROM ? AND language = ?",
            [owner.person_id if owner else None, language],
        ).fetchall()
        for (person_id,) in old:
            rounds = "(SELECT id FROM assessment_rounds WHERE person_id = ?)"
            goals = "(SELECT id FROM goals WHERE person_id = ?)"
            cursor.execute("DELETE FROM ratings WHERE round_id IN " + rounds, [person_id])
            cursor.execute("DELETE FROM round_scores WHERE round_id IN " + rounds, [person_id])
            cursor.execute("DELETE FROM competency_notes WHERE round_id IN " + rounds, [person_id])
            cursor.execute("DELETE FROM goal_progress WHERE goal_id IN " + goals, [person_id])
            for statement in _DELETE_PERSON:
                cursor.execute(statement, [person_id])
        person_id = make_demo_leader(cursor, KATE, owner, language).person_id
        # The words never touch the random numbers: every language gets the same history.
        for number, (months, comments) in enumerate(zip(_MONTHS_BEFORE_TODAY, words.comments, strict=True)):
            assessed_on = today - dt.timedelta(days=round(months * 30.4))
            insert_round(cursor, person_id, framework, assessed_on, _scores(framework, number, rng), _TARGETS, comments)
        _plan_and_track(cursor, person_id, today, rng, words)
    return demo_leader(db, owner, language)


def _words(language: str) -> Words:
    if language not in WORDS:
        raise ValidationError("error.unknown_language", language=str(language)[:10])
    return WORDS[language]


def _plan_and_track(cursor, person_id: int, today: dt.date, rng: random.Random, words: Words) -> None:
    """Kate's goals and actions, and a year of weekly check-ins and reflections."""
    this_week = weeks.week_start(today)
    checkins, reflections = [], []
    for goal, said in zip(_GOALS, words.goals, strict=True):
        set_on = today - dt.timedelta(weeks=goal["set"])
        goal_id = cursor.execute(
            "INSERT INTO goals (person_id, title, why, horizon, measure, target_date, status, competencies, origin, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?) RETURNING id",
            [person_id, said.title, said.why, goal["horizon"], said.measure,
             today + dt.timedelta(weeks=goal["due"]), goal["status"], goal["competencies"], set_on],
        ).fetchone()[0]
        for step, percent in enumerate(goal["progress"]):
            when = set_on + (today - set_on) * (step + 1) / (len(goal["progress"]) + 1)
            cursor.execute("INSERT INTO goal_progress (goal_id, recorded_at, percent) VALUES (?, ?, ?)", [goal_id, when, percent])
        for (cadence, times, days, weeks_ago), title in zip(goal["actions"], said.actions, strict=True):
            start = weeks.week_start(today - dt.timedelta(weeks=weeks_ago))
            action_id = cursor.execute(
                "INSERT INTO actions (goal_id, person_id, title, cadence, times_per_week, weekdays, start_date, due_date, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active') RETURNING id",
                [goal_id, person_id, title, cadence, times, days, start, today + dt.timedelta(weeks=goal["due"])],
            ).fetchone()[0]
            for monday in weeks.weeks_between(start, this_week):
                ago = (this_week - monday).days // 7
                if ago in _HOLIDAY_WEEKS_AGO:
                    continue
                # Habits firm up over the months; the busy quarter knocks them back.
                chance = min(0.98, 0.6 + 0.015 * (weeks_ago - ago)) - (0.35 if ago in _BUSY_WEEKS_AGO else 0)
                wanted = days if cadence == "weekdays" else rng.sample(range(1, 6), times)
                # This week only up to today: nothing is ticked ahead.
                wanted = [d for d in wanted if monday + dt.timedelta(days=d - 1) <= today]
                done = sorted(d for d in wanted if rng.random() < chance)
                if done:
                    checkins.append((action_id, person_id, monday, done))
    for monday in weeks.weeks_between(this_week - dt.timedelta(weeks=45), this_week - weeks.ONE_WEEK):
        ago = (this_week - monday).days // 7
        if ago in _HOLIDAY_WEEKS_AGO or rng.random() < 0.12:
            continue
        busy = ago in _BUSY_WEEKS_AGO
        energy = max(1, min(5, round(3.6 - (1.4 if busy else 0) + 0.4 * math.sin(ago / 3) + rng.uniform(-0.5, 0.5))))
        stress = max(1, min(5, round(2.4 + (1.6 if busy else 0) + rng.uniform(-0.6, 0.6))))
        reflections.append((person_id, monday, energy, stress, words.busy_week if busy else None))
    frame = pd.DataFrame(checkins, columns=["action_id", "person_id", "week_start", "days"])
    cursor.register("demo_checkins", frame)
    cursor.execute("INSERT INTO checkins (action_id, person_id, week_start, days) SELECT action_id, person_id, week_start, days::TINYINT[] FROM demo_checkins")
    cursor.unregister("demo_checkins")
    frame = pd.DataFrame(reflections, columns=["person_id", "week_start", "energy", "stress", "do_differently"])
    cursor.register("demo_reflections", frame)
    cursor.execute(
        "INSERT INTO reflections (person_id, week_start, energy, stress, do_differently) "
        "SELECT person_id, week_start, energy, stress, do_differently FROM demo_reflections"
    )
    cursor.unregister("demo_reflections")


def ensure_demo(db: Database, framework: Framework, today: dt.date, owner: Identity | None = None,
                language: str = "en") -> Identity:
    """Kate of `language` as she is, or made now if she is not there yet (`owner`: see
    build_demo)."""
    return demo_leader(db, owner, language) or build_demo(db, framework, today, owner, language)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coaching.demo",
        description="Make demo data in the database KOERS_DB names (default data/koers.duckdb).",
    )
    parser.add_argument("--org", choices=sorted(synthetic.ORG_SIZES), help="build a synthetic organisation of this size instead of Kate")
    parser.add_argument("--language", choices=LANGUAGES, default="en", help="the language Kate writes in (default en)")
    parser.add_argument("--seed", type=int, default=synthetic.SEED, help="the same seed gives the same organisation")
    args = parser.parse_args(argv)
    path = resolve_path()
    try:
        db = Database(path)
    except DatabaseError as error:
        print(t("en", error.key, **error.params), file=sys.stderr)
        return 1
    try:
        if args.org:
            started = time.perf_counter()
            try:
                counts = synthetic.build_org(db, load_framework(), args.org, dt.date.today(), args.seed)
            except synthetic.NotEmpty:
                print(f"{path} already holds people; build an organisation into a new file (set KOERS_DB).", file=sys.stderr)
                return 1
            seconds = time.perf_counter() - started
            print(f"Organisation {args.org} (seed {args.seed}) made in {path} in {seconds:.1f} s:")
            for table, count in counts.items():
                print(f"  {table:24s} {count:>10,}")
        else:
            kate = build_demo(db, load_framework(), dt.date.today(), language=args.language)
            print(f"Demo leader {kate.display_name} ({kate.language}, person {kate.person_id}) made in {path}")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
