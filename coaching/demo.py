"""Demo data: Kate, the newly promoted leader of the coaching literature, with three
self-assessment rounds some months apart that show realistic growth.

Kate is a person of her own (kind 'demo'); making or remaking her never touches anyone
else's rows. Run `python -m coaching.demo` to (re)make her in the database KOERS_DB names.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from coaching.assessments import insert_round
from coaching.db import Database, DatabaseError, resolve_path
from coaching.framework import Framework, load_framework
from coaching.i18n import t
from coaching.people import Identity, demo_leader

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
    "coaching_mentoring": 0.8,
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
_COMMENTS = [
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
]
_MONTHS_BEFORE_TODAY = (11, 6, 1)


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


def build_demo(db: Database, framework: Framework, today: dt.date) -> Identity:
    """(Re)make Kate and her rounds in one transaction: all of it, or nothing."""
    rng = random.Random(SEED)
    with db.write() as cursor:
        old = cursor.execute("SELECT id FROM people WHERE kind = 'demo'").fetchall()
        for (person_id,) in old:
            rounds = "(SELECT id FROM assessment_rounds WHERE person_id = ?)"
            cursor.execute("DELETE FROM ratings WHERE round_id IN " + rounds, [person_id])
            cursor.execute("DELETE FROM competency_notes WHERE round_id IN " + rounds, [person_id])
            cursor.execute("DELETE FROM assessment_rounds WHERE person_id = ?", [person_id])
            cursor.execute("DELETE FROM people WHERE id = ?", [person_id])
        person_id = cursor.execute(
            "INSERT INTO people (display_name, role, kind) VALUES (?, 'leader', 'demo') RETURNING id", [KATE]
        ).fetchone()[0]
        for number, months in enumerate(_MONTHS_BEFORE_TODAY):
            assessed_on = today - dt.timedelta(days=round(months * 30.4))
            insert_round(
                cursor, person_id, framework, assessed_on, _scores(framework, number, rng), _TARGETS, _COMMENTS[number]
            )
    return demo_leader(db)


def ensure_demo(db: Database, framework: Framework, today: dt.date) -> Identity:
    """Kate as she is, or made now if she is not there yet."""
    return demo_leader(db) or build_demo(db, framework, today)


def main() -> int:
    path = resolve_path()
    try:
        db = Database(path)
    except DatabaseError as error:
        print(t("en", error.key, **error.params), file=sys.stderr)
        return 1
    kate = build_demo(db, load_framework(), dt.date.today())
    db.close()
    print(f"Demo leader {kate.display_name} (person {kate.person_id}) made in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
