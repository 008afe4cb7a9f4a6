"""Demo data: Kate, the newly promoted leader of the coaching literature, with three
self-assessment rounds some months apart that show realistic growth, and a year of coaching
with Sam, her coach: their agreement, a session every two or three weeks with its notes, the
actions agreed in them, and the next session, for which Kate put two points on the agenda.

Kate is a person of her own (kind 'demo'), one per language, so that she writes in the
language of whoever looks at her: the same history (one seed), in other words. So is her
coach (kind 'demo', role coach, made after her: people.demo_leader finds Kate as the first).
Making or remaking one Kate never touches the other or anyone else's rows. Run
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

# Her coaching: Sam, her coach from 52 weeks ago on (open-ended), and their sessions, on the
# Thursday of the week so many weeks ago: (weeks ago, phase, the action of _GOALS agreed in
# it as (goal, action), or None). Two or three weeks apart, never in the holiday weeks; what
# each was for is in WORDS.sessions, in the same order, and the next one (planned) last.
COACH = "Sam de Vries"
_PAIRED_WEEKS_AGO = 52
_SESSIONS = [
    (51, 1, None), (49, 1, None), (46, 1, (0, 1)), (44, 1, None),
    (41, 2, None), (39, 2, None), (37, 2, None), (35, 2, None),
    (32, 3, None), (30, 3, (2, 0)), (27, 3, (2, 1)), (25, 3, None),
    (22, 4, None), (20, 4, None), (17, 4, None), (15, 4, None),
    (12, 5, None), (10, 5, None), (7, 5, None), (5, 5, None), (2, 5, None),
]
_NEXT_PHASE = 5
_SESSION_WEEKDAY = 3  # Thursday
# The notes on them: (index in _SESSIONS, who wrote it, shared with the other). What they
# say is in WORDS.notes, in the same order. Kate never sees the coach's private ones.
_NOTES = [
    (0, "coach", True), (0, "coach", False), (2, "leader", False), (2, "coach", True), (2, "leader", True),
    (3, "leader", True), (4, "coach", True), (7, "leader", True), (8, "coach", True), (9, "coach", True),
    (9, "leader", False), (10, "coach", False), (10, "coach", True), (12, "leader", True), (13, "coach", True),
    (14, "leader", False), (15, "coach", False), (16, "coach", True), (17, "leader", True), (18, "leader", True),
    (18, "coach", True), (19, "leader", False), (20, "coach", True), (20, "leader", True),
]
# The agreement: version 1 proposed the day after the pairing began and accepted two days
# later; version 2 (every three weeks, partly by video) proposed two months ago, accepted.
_AGREEMENT = ((2, 75, "in_person"), (3, 60, "mixed"))
_CHANGED_DAYS_AGO = 61


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
    agreement: tuple[tuple[str, str, str, str], ...]  # per version: what the coach expects, she expects, who hears what, the ending
    sessions: tuple[tuple[str, str], ...]  # per session of _SESSIONS and then the next one: its goal, how success shows
    notes: tuple[str, ...]  # in the order of _NOTES
    agenda: tuple[str, ...]  # what Kate put on the next session's agenda


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
        agreement=(
            ("Come prepared: bring what happened since the last session, and do what we agree.",
             "Full attention, honest questions, and no advice you did not ask for.",
             "What we discuss stays between us. Your manager hears only that the coaching takes place.",
             "After a year we look back together and decide whether to go on."),
            ("Come prepared: bring what happened since the last session, and do what we agree.",
             "Full attention, honest questions, and no advice you did not ask for.",
             "What we discuss stays between us. Your manager hears the dates and, with your consent, your goals.",
             "After a year we look back together; a follow-up session three months after the last one."),
        ),
        sessions=(
            ("Get to know each other and what the new role asks of you", "Three things you want from the coaching, written down"),
            ("Where you stand: strengths and blind spots", "You know what you want the self-assessment to show"),
            ("Read your first self-assessment and turn delegation into a goal", "A delegation goal with a measure you believe in"),
            ("The first weeks of handing over", "One thing that worked and one that did not"),
            ("How we work together: openness, and what stays between us", "You can say what helps you and what does not"),
            ("A vision for your area: a goal for the long term", "A long-term goal with a first step"),
            ("What you expect of me, and I of you", "Agreed how we handle an action that slips"),
            ("Before the summer: what to keep going", "One habit you keep through the holidays"),
            ("After the summer: what happened to the habits?", "You know what made them slip"),
            ("Stress and short answers: the pattern behind them", "You can name the moment it starts"),
            ("Your values as a leader", "Three values you want your team to notice"),
            ("Why handing over feels like losing control", "One belief you want to test"),
            ("The busy quarter: what to keep and what to let go", "A short list of what only you can do"),
            ("A plan to protect your recovery time", "Evenings without e-mail, with a fallback for the worst weeks"),
            ("Prepare the platform reorganisation", "A plan with its obstacles and support named"),
            ("Out of the busy quarter without burning out", "Energy back at 3 or higher"),
            ("Practise the hard conversation about the reorganisation", "You have said it aloud, calmly, twice"),
            ("One-to-ones that start with their questions", "Your team asks more than you tell"),
            ("Look back on the reorganisation", "What you will do the same way next time"),
            ("The three-year plan with your manager", "A date to present it"),
            ("Calm under pressure: what works now", "You stay calm in the next steering meeting"),
            ("Look back on the year and what comes next", "Agreed what you keep working on, and how"),
        ),
        notes=(
            "Summary: you want room to think ahead, and a team that decides more on its own.",
            "First impression: very capable, takes everything on herself. Watch for perfectionism.",
            "I did not expect my score on coaching others to be that low. It stung.",
            "Agreed: hand one recurring task to the team; we look back in two sessions.",
            "I will start with the weekly planning meeting.",
            "Handing over went better than I feared; the team asked fewer questions than I expected.",
            "You can always say when a question goes too far.",
            "Over the summer I keep the one-to-ones going, nothing else.",
            "The summer broke the habits: restart small, one action at a time.",
            "Agreed: no e-mail after 19:00, from Monday. Stress is the signal to watch.",
            "I snapped at a colleague again on Tuesday. I want to understand why.",
            "The values talk went deep. Next time: the link between control and trust.",
            "Your three values: clarity, trust, room to grow. Feedback after big meetings will show whether the team sees them.",
            "This quarter is too much. I pause the market reports until it calms down.",
            "Plan: a fixed stop time three evenings a week, and a fallback for the worst weeks.",
            "Afraid the reorganisation will cost me people. I have not said that to anyone.",
            "Energy visibly low. Ask about sleep next time.",
            "You said it aloud twice, calmly. Ready for the real conversation.",
            "The one-to-ones feel different: they come with their own questions now.",
            "The reorganisation is done and nobody left. Proud of the team.",
            "What worked: telling early, and listening longer than felt comfortable.",
            "Nervous about presenting the plan to the board.",
            "Calm in the steering meeting: one breath, and one question before answering.",
            "Next time I want to look back on the whole year.",
        ),
        agenda=("What I want to keep from this year", "Whether we go on after this year, and how often"),
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
        agreement=(
            ("Kom voorbereid: neem mee wat er sinds de vorige sessie is gebeurd, en doe wat we afspreken.",
             "Volle aandacht, eerlijke vragen, en geen advies waar je niet om hebt gevraagd.",
             "Wat we bespreken blijft tussen ons. Je leidinggevende hoort alleen dát de coaching plaatsvindt.",
             "Na een jaar kijken we samen terug en besluiten we of we doorgaan."),
            ("Kom voorbereid: neem mee wat er sinds de vorige sessie is gebeurd, en doe wat we afspreken.",
             "Volle aandacht, eerlijke vragen, en geen advies waar je niet om hebt gevraagd.",
             "Wat we bespreken blijft tussen ons. Je leidinggevende hoort de data en, met jouw toestemming, je doelen.",
             "Na een jaar kijken we samen terug; drie maanden na de laatste sessie volgt nog een terugkomsessie."),
        ),
        sessions=(
            ("Kennismaken, en wat de nieuwe rol van je vraagt", "Drie dingen die je van de coaching wilt, opgeschreven"),
            ("Waar je staat: sterke punten en blinde vlekken", "Je weet wat je de zelfevaluatie wilt laten zien"),
            ("Je eerste zelfevaluatie lezen en van delegeren een doel maken", "Een doel voor delegeren, met een maatstaf waar je in gelooft"),
            ("De eerste weken van overdragen", "Eén ding dat werkte en één ding dat niet werkte"),
            ("Hoe we samenwerken: openheid, en wat tussen ons blijft", "Je kunt zeggen wat je helpt en wat niet"),
            ("Een visie voor je afdeling: een doel voor de lange termijn", "Een doel voor de lange termijn, met een eerste stap"),
            ("Wat jij van mij verwacht, en ik van jou", "Afgesproken wat we doen als een actie blijft liggen"),
            ("Voor de zomer: wat je gaande houdt", "Eén gewoonte die je in de vakantie vasthoudt"),
            ("Na de zomer: wat is er met de gewoontes gebeurd?", "Je weet waardoor ze bleven liggen"),
            ("Stress en korte antwoorden: het patroon erachter", "Je kunt het moment benoemen waarop het begint"),
            ("Je waarden als leider", "Drie waarden die je team bij je moet merken"),
            ("Waarom overdragen voelt als controle verliezen", "Eén overtuiging die je wilt toetsen"),
            ("Het drukke kwartaal: wat je vasthoudt en wat je loslaat", "Een kort lijstje van wat alleen jij kunt doen"),
            ("Een plan om je hersteltijd te beschermen", "Avonden zonder e-mail, met een terugvaloptie voor de zwaarste weken"),
            ("De reorganisatie van het platform voorbereiden", "Een plan met de obstakels en de steun benoemd"),
            ("Het drukke kwartaal uit zonder op te branden", "Energie weer op 3 of hoger"),
            ("Het moeilijke gesprek over de reorganisatie oefenen", "Je hebt het twee keer hardop gezegd, rustig"),
            ("Eén-op-ééngesprekken die beginnen met hún vragen", "Je team vraagt meer dan jij vertelt"),
            ("Terugkijken op de reorganisatie", "Wat je de volgende keer weer zo doet"),
            ("Het driejarenplan met je leidinggevende", "Een datum om het te presenteren"),
            ("Rustig onder druk: wat nu werkt", "Je blijft rustig in het volgende stuurgroepoverleg"),
            ("Terugkijken op het jaar, en wat er nu komt", "Afgesproken waar je aan blijft werken, en hoe"),
        ),
        notes=(
            "Samenvatting: je wilt ruimte om vooruit te denken, en een team dat meer zelf beslist.",
            "Eerste indruk: zeer capabel, neemt alles zelf op zich. Let op perfectionisme.",
            "Ik had niet verwacht dat mijn score op anderen coachen zo laag zou zijn. Dat deed pijn.",
            "Afgesproken: één terugkerende taak naar het team; over twee sessies kijken we terug.",
            "Ik begin met het wekelijkse planningsoverleg.",
            "Overdragen ging beter dan ik vreesde; het team stelde minder vragen dan ik verwachtte.",
            "Je mag altijd zeggen wanneer een vraag te ver gaat.",
            "In de zomer houd ik de één-op-ééngesprekken vol, verder niets.",
            "De zomer heeft de gewoontes onderbroken: klein opnieuw beginnen, één actie tegelijk.",
            "Afgesproken: geen e-mail na 19:00, vanaf maandag. Stress is het signaal om op te letten.",
            "Dinsdag weer uitgevallen tegen een collega. Ik wil begrijpen waarom.",
            "Het gesprek over waarden ging diep. Volgende keer: het verband tussen controle en vertrouwen.",
            "Je drie waarden: helderheid, vertrouwen, ruimte om te groeien. Feedback na grote vergaderingen laat zien of het team ze ziet.",
            "Dit kwartaal is te veel. Ik zet de marktrapporten stil tot het rustiger wordt.",
            "Plan: drie avonden per week een vaste stoptijd, en een terugvaloptie voor de zwaarste weken.",
            "Bang dat de reorganisatie me mensen kost. Dat heb ik nog tegen niemand gezegd.",
            "Energie zichtbaar laag. Volgende keer naar de slaap vragen.",
            "Je hebt het twee keer hardop gezegd, rustig. Klaar voor het echte gesprek.",
            "De één-op-ééngesprekken voelen anders: ze komen nu met hun eigen vragen.",
            "De reorganisatie is klaar en niemand is vertrokken. Trots op het team.",
            "Wat werkte: vroeg vertellen, en langer luisteren dan prettig voelde.",
            "Zenuwachtig om het plan aan de directie te presenteren.",
            "Rustig in het stuurgroepoverleg: één ademhaling, en één vraag voordat je antwoordt.",
            "Volgende keer wil ik terugkijken op het hele jaar.",
        ),
        agenda=("Wat ik van dit jaar wil vasthouden", "Of we na dit jaar doorgaan, en hoe vaak"),
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


# The coaching of the demo people being removed ($people: Kate and her coach): their pairings
# and everything of them, before the people themselves (_DELETE_PERSON).
_PEOPLE = "(SELECT unnest($people::INTEGER[]))"
_PAIRINGS = f"(SELECT id FROM pairings WHERE leader_id IN {_PEOPLE} OR coach_id IN {_PEOPLE})"
_SESSIONS_OF = f"(SELECT id FROM coaching_sessions WHERE pairing_id IN {_PAIRINGS})"
_DELETE_COACHING = (
    f"DELETE FROM agenda_items WHERE session_id IN {_SESSIONS_OF} OR author_id IN {_PEOPLE}",
    f"DELETE FROM session_notes WHERE session_id IN {_SESSIONS_OF} OR author_id IN {_PEOPLE}",
    f"DELETE FROM agreed_actions WHERE session_id IN {_SESSIONS_OF} "
    f"OR action_id IN (SELECT id FROM actions WHERE person_id IN {_PEOPLE})",
    f"DELETE FROM coaching_sessions WHERE pairing_id IN {_PAIRINGS}",
    f"DELETE FROM agreements WHERE pairing_id IN {_PAIRINGS}",
    f"DELETE FROM pairings WHERE leader_id IN {_PEOPLE} OR coach_id IN {_PEOPLE}",
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
        # Kate of this language and her coach (anyone else's demo has another owner or language)
        old = cursor.execute(
            "SELECT id FROM people WHERE kind = 'demo' AND demo_of IS NOT DISTINCT FROM ? AND language = ?",
            [owner.person_id if owner else None, language],
        ).fetchall()
        if old:
            for statement in _DELETE_COACHING:
                cursor.execute(statement, {"people": [person_id for (person_id,) in old]})
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
        actions = _plan_and_track(cursor, person_id, today, rng, words)
        _coaching(cursor, person_id, owner, language, today, words, actions)
    return demo_leader(db, owner, language)


def _words(language: str) -> Words:
    if language not in WORDS:
        raise ValidationError("error.unknown_language", language=str(language)[:10])
    return WORDS[language]


def _plan_and_track(cursor, person_id: int, today: dt.date, rng: random.Random, words: Words) -> dict[tuple[int, int], int]:
    """Kate's goals and actions, and a year of weekly check-ins and reflections; the id of
    each action, by its place in _GOALS (goal, action)."""
    this_week = weeks.week_start(today)
    checkins, reflections = [], []
    action_ids: dict[tuple[int, int], int] = {}
    for goal_number, (goal, said) in enumerate(zip(_GOALS, words.goals, strict=True)):
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
        for action_number, ((cadence, times, days, weeks_ago), title) in enumerate(zip(goal["actions"], said.actions, strict=True)):
            start = weeks.week_start(today - dt.timedelta(weeks=weeks_ago))
            action_id = action_ids[goal_number, action_number] = cursor.execute(
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
    return action_ids


def _coaching(cursor, kate_id: int, owner: Identity | None, language: str, today: dt.date, words: Words,
              action_ids: dict[tuple[int, int], int]) -> None:
    """Kate's coach (a demo person of the same owner and language, made after her), their
    pairing from a year ago, the agreement in two versions, a session every two or three
    weeks with its notes and the actions agreed in it, and the next session with Kate's two
    points on its agenda. No random numbers: every language gets the same coaching."""
    coach_id = cursor.execute(
        "INSERT INTO people (display_name, language, kind, demo_of) VALUES (?, ?, 'demo', ?) RETURNING id",
        [COACH, language, owner.person_id if owner else None],
    ).fetchone()[0]
    cursor.execute("INSERT INTO person_roles (person_id, role) VALUES (?, 'coach')", [coach_id])
    this_week = weeks.week_start(today)
    starts_on = this_week - dt.timedelta(weeks=_PAIRED_WEEKS_AGO)
    pairing_id = cursor.execute(
        "INSERT INTO pairings (coach_id, leader_id, starts_on, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        [coach_id, kate_id, starts_on, dt.datetime.combine(starts_on, dt.time(9))],
    ).fetchone()[0]
    for version, ((every, minutes, meeting), texts) in enumerate(zip(_AGREEMENT, words.agreement, strict=True), start=1):
        proposed = starts_on + dt.timedelta(days=1) if version == 1 else today - dt.timedelta(days=_CHANGED_DAYS_AGO)
        cursor.execute(
            "INSERT INTO agreements (pairing_id, version, starts_on, every_weeks, session_minutes, meeting, coach_expects, "
            "leader_expects, confidentiality, ending, proposed_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [pairing_id, version, starts_on, every, minutes, meeting, *texts,
             dt.datetime.combine(proposed, dt.time(10)), dt.datetime.combine(proposed + dt.timedelta(days=2), dt.time(19))],
        )
    held: list[tuple[int, dt.date]] = []
    for (weeks_ago, phase, agreed), (goal, success) in zip(_SESSIONS, words.sessions[:-1], strict=True):
        held_on = this_week - dt.timedelta(weeks=weeks_ago, days=-_SESSION_WEEKDAY)
        session_id = _session(cursor, pairing_id, held_on, phase, goal, success, "held", max(held_on - dt.timedelta(weeks=2), starts_on))
        held.append((session_id, held_on))
        if agreed is not None:
            cursor.execute("INSERT INTO agreed_actions (action_id, session_id) VALUES (?, ?)", [action_ids[agreed], session_id])
    author = {"coach": coach_id, "leader": kate_id}
    for number, ((index, who, shared), text) in enumerate(zip(_NOTES, words.notes, strict=True)):
        session_id, held_on = held[index]
        cursor.execute(
            "INSERT INTO session_notes (session_id, author_id, shared, text, created_at) VALUES (?, ?, ?, ?, ?)",
            [session_id, author[who], shared, text, dt.datetime.combine(held_on, dt.time(17, number % 60))],
        )
    # The next one: the first Thursday at least two days ahead, within two weeks.
    ahead = (_SESSION_WEEKDAY - today.weekday()) % 7
    next_on = today + dt.timedelta(days=ahead if ahead >= 2 else ahead + 7)
    goal, success = words.sessions[-1]
    yesterday = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(20))
    session_id = _session(cursor, pairing_id, next_on, _NEXT_PHASE, goal, success, "planned", today - dt.timedelta(days=7))
    for position, text in enumerate(words.agenda, start=1):
        cursor.execute(
            "INSERT INTO agenda_items (session_id, author_id, source, position, text, created_at) VALUES (?, ?, 'leader', ?, ?, ?)",
            [session_id, kate_id, position, text, yesterday + dt.timedelta(minutes=position)],
        )


def _session(cursor, pairing_id: int, held_on: dt.date, phase: int, goal: str, success: str, status: str, created_on: dt.date) -> int:
    return cursor.execute(
        "INSERT INTO coaching_sessions (pairing_id, held_on, phase, goal, success, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        [pairing_id, held_on, phase, goal, success, status, dt.datetime.combine(created_on, dt.time(9))],
    ).fetchone()[0]


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
