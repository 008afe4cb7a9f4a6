"""The access sweep: nothing of one leader is ever drawn for anyone the policy does not let see it.

Vera, a leader, has content in every table that holds a leader's content (rounds, ratings,
comments and targets, round scores, a draft, goals, progress estimates, actions, check-ins,
reflections, days away, her sharing choices, her access log, her private demo), each text a
distinct marker, and she shares everything with her coach. Then a cast of other people signs
in (team mode) and every screen of `coaching.ui.navigation.SCREENS` is tried for each of them:

* a screen that is not in their menu must not exist for them (switch_page raises ValueError);
* a screen that is in their menu is run, every lazy expander and lazy tab on it is opened and
  every choice of every picker (coachee, person, goal, round) is made, and then once more with
  Vera's ids planted in the session state and the query parameters;
* in everything drawn (every element's protobuf, dataframes decoded, chart specs) no marker of
  Vera may appear, and no exception; and every state reached without planting is drawn on a
  second database where Vera has no content at all and must look the same, so that a leaked
  number (a score, a tick, a percentage) that carries no marker is caught as well.

Vera herself and her coach are the controls: the same sweep shows Vera every marker, and her
coach exactly the kinds she shares. The screens come from SCREENS and the pages from pages/,
so a new page that is not in the table, or a screen that nobody in the cast can reach, fails.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import logging
import os
import re
import shutil
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import time_machine
from google.protobuf.message import Message
from streamlit import dataframe_util
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

from coaching import access, actions, assessments, cohorts, demo, goals, pairings, people, sessions, tracker, weeks
from coaching.db import Database
from coaching.framework import load_framework
from coaching.i18n import t
from coaching.people import Identity
from coaching.ui import navigation
from tests.conftest import APP, AUTH, ROOT, register, report

FRAMEWORK = load_framework()
TODAY = dt.date(2026, 11, 27)  # a Friday
NOW = dt.datetime.combine(TODAY, dt.time(10))
THIS_WEEK = weeks.week_start(TODAY)
LAST_WEEK = THIS_WEEK - weeks.ONE_WEEK
COMPETENCIES = FRAMEWORK.competency_ids
RUNS_PER_SCREEN = 60  # a guard against a picker that never ends, far above what a screen needs

# -- Vera and her markers ------------------------------------------------------------------------

VERA_NAME, VERA_EMAIL = "Vera Quillfeather", "vera.quillfeather@example.org"
NAME_MARKER = "Quillfeather"  # her name and e-mail: for administrators (the register) only


def _m(what: str, tag: str) -> str:
    return f"MARK-{what}-{tag}"


# Every text Vera wrote, by the kind of content it is (access.KINDS); None: nobody but Vera.
MARKERS: dict[str, str | None] = {
    _m("comment-round1", "a1c3"): "comments",
    _m("comment-round2", "b7d2"): "comments",
    _m("comment-round2b", "c4e9"): "comments",
    _m("comment-draft", "d0f5"): "comments",
    _m("goal-title", "7f3a"): "goals",
    _m("goal-why", "e2b8"): "goals",
    _m("goal-measure", "f9c1"): "goals",
    _m("goal-draft-title", "a6d4"): "goals",
    _m("goal-draft-why", "b3e7"): "goals",
    _m("goal-achieved-title", "c8f2"): "goals",
    _m("goal-archived-title", "d5a9"): "goals",
    _m("action-title", "e1b6"): "goals",
    _m("action-obstacles", "f4c3"): "goals",
    _m("action-support", "a9d8"): "goals",
    _m("action-weekdays-title", "b2e5"): "goals",
    _m("action-once-title", "c7f0"): "goals",
    _m("action-archived-title", "d3a4"): "goals",
    _m("reflection-went-well", "e8b1"): "reflections",
    _m("reflection-learned", "f5c6"): "reflections",
    _m("reflection-differently", "a2d7"): "reflections",
    _m("reflection-for-coach", "b9e2"): "reflections",
    _m("reflection-now-went-well", "c6f9"): "reflections",
    _m("reflection-now-learned", "d1a5"): "reflections",
    _m("reflection-now-differently", "e4b0"): "reflections",
    _m("reflection-now-for-coach", "f7c8"): "reflections",
    # What she wrote in her sessions with Cora: the pairing's, shown to its coach while paired
    # ("sessions"), whatever she shares of the kinds above; her private note to nobody but her.
    _m("note-shared", "c2f8"): "sessions",
    _m("agenda-item", "d7b3"): "sessions",
    _m("note-private", "e9a6"): None,
    _m("log-viewer", "a4d1"): None,  # a name in her access log
    _m("demo-goal", "b8e6"): None,  # a goal of the demo leader only she sees
}
M = {marker.split("-", 1)[1].rsplit("-", 1)[0]: marker for marker in MARKERS}  # "goal-title" -> marker
# Kept, but drawn on no screen, not even Vera's: an action of an archived goal (it is in her
# calendar export only, which is made when she downloads it).
NOT_DRAWN = {M["action-archived-title"]}


@dataclass
class Vera:
    """Vera's ids, to plant in other people's sessions."""

    person_id: int
    goal_ids: list[int]
    round_ids: list[int]
    draft_id: int
    action_ids: list[int]
    demo_goal_id: int


def plant_vera(db: Database, vera: Identity) -> Vera:
    """Vera's content in every table of a leader's content, written through the services."""
    c0, c1, c2 = COMPETENCIES[:3]
    answers = {b.id: (2 if i % 3 else 5) for i, b in enumerate(FRAMEWORK.behaviours)}
    round1 = assessments.record_round(db, vera, FRAMEWORK, TODAY - dt.timedelta(days=120), answers, {c0: 5},
                                      {c0: M["comment-round1"]}, today=TODAY)
    answers2 = {b.id: (1 if i % 2 else 4) for i, b in enumerate(FRAMEWORK.behaviours)}
    answers2[FRAMEWORK.behaviours[0].id] = None  # not observed
    round2 = assessments.record_round(db, vera, FRAMEWORK, TODAY - dt.timedelta(days=20), answers2, {c0: 4, c1: 5},
                                      {c1: M["comment-round2"], c2: M["comment-round2b"]}, today=TODAY)
    draft = assessments.start_draft(db, vera, FRAMEWORK, TODAY)
    for behaviour in FRAMEWORK.behaviours[:4]:
        assessments.rate(db, vera, FRAMEWORK, draft.id, behaviour.id, 3)
    assessments.set_comment(db, vera, FRAMEWORK, draft.id, c0, M["comment-draft"])
    assessments.set_target(db, vera, FRAMEWORK, draft.id, c0, 4)

    main = goals.create_goal(db, vera, FRAMEWORK, goals.GoalInput(
        M["goal-title"], why=M["goal-why"], measure=M["goal-measure"], target_date=TODAY + dt.timedelta(days=75),
        competencies=(c0, c1), behaviours=(FRAMEWORK.behaviours[0].id,)))
    draft_goal = goals.create_goal(db, vera, FRAMEWORK, goals.GoalInput(M["goal-draft-title"], why=M["goal-draft-why"],
                                                                        status="draft"))
    achieved = goals.create_goal(db, vera, FRAMEWORK, goals.GoalInput(
        M["goal-achieved-title"], measure="done when done", target_date=TODAY + dt.timedelta(days=10)))
    goals.set_status(db, vera, achieved.id, "achieved")
    archived = goals.create_goal(db, vera, FRAMEWORK, goals.GoalInput(
        M["goal-archived-title"], measure="kept", target_date=TODAY + dt.timedelta(days=30)))
    for percent in (15, 35, 55):
        goals.record_progress(db, vera, main.id, percent)
    goals.record_progress(db, vera, archived.id, 40)

    started = THIS_WEEK - 6 * weeks.ONE_WEEK
    weekly = actions.create_action(db, vera, main.id, actions.ActionInput(
        M["action-title"], "weekly", 3, (), started, None, M["action-obstacles"], M["action-support"]), TODAY)
    weekdays = actions.create_action(db, vera, main.id, actions.ActionInput(
        M["action-weekdays-title"], "weekdays", None, (1, 3, 5), started, TODAY + dt.timedelta(days=60)), TODAY)
    once = actions.create_action(db, vera, main.id, actions.ActionInput(
        M["action-once-title"], "once", None, (), TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=1)), TODAY)
    gone = actions.create_action(db, vera, archived.id, actions.ActionInput(
        M["action-archived-title"], "weekly", 1, (), started), TODAY)
    for monday in weeks.weeks_between(started, THIS_WEEK):
        for day in (1, 2, 3):
            if monday + dt.timedelta(days=day - 1) <= TODAY:
                tracker.set_day(db, vera, weekly.id, monday, day, True, TODAY)
        tracker.set_day(db, vera, weekdays.id, monday, 1, True, TODAY)
    tracker.set_day(db, vera, gone.id, LAST_WEEK, 2, True, TODAY)
    goals.remove_goal(db, vera, archived.id)  # archived, with its action, since both have history
    tracker.set_away(db, vera, LAST_WEEK - weeks.ONE_WEEK, [4, 5], TODAY)
    tracker.set_away(db, vera, THIS_WEEK + weeks.ONE_WEEK, [1, 2, 3], TODAY)
    tracker.save_reflection(db, vera, LAST_WEEK, tracker.Reflection(
        M["reflection-went-well"], M["reflection-learned"], M["reflection-differently"], 2, 5, M["reflection-for-coach"]), TODAY)
    tracker.save_reflection(db, vera, THIS_WEEK, tracker.Reflection(
        M["reflection-now-went-well"], M["reflection-now-learned"], M["reflection-now-differently"], 4, 1,
        M["reflection-now-for-coach"]), TODAY)
    for kind in access.KINDS:
        access.set_sharing(db, vera, kind, True)
    with db.write() as cursor:  # someone who saw her goals, under the name they had then
        access.record(cursor, Identity(vera.person_id + 10_000, M["log-viewer"], frozenset({"coach"}), "en", "person"),
                      vera.person_id, "log.saw_goals")
    # Her sessions with Cora, her coach today: a held one with her notes, the next with her point.
    cora = people.sign_in(db, "cora@example.org").identity
    [with_cora] = [p for p in pairings.my_coaches(db, vera) if p.coach_id == cora.person_id]
    held = sessions.plan(db, cora, with_cora.id, sessions.SessionInput(TODAY - dt.timedelta(days=7), 3, status="held"), TODAY)
    sessions.add_note(db, vera, held.id, M["note-shared"], True, TODAY)
    sessions.add_note(db, vera, held.id, M["note-private"], False, TODAY)
    upcoming = sessions.plan(db, cora, with_cora.id, sessions.SessionInput(TODAY + dt.timedelta(days=7), 3), TODAY)
    sessions.add_item(db, vera, upcoming.id, M["agenda-item"], TODAY)
    kate = demo.build_demo(db, FRAMEWORK, TODAY, vera)  # her private demo, with a goal of hers in it
    demo_goal = goals.create_goal(db, kate, FRAMEWORK, goals.GoalInput(M["demo-goal"], measure="x", target_date=TODAY))
    return Vera(vera.person_id, [main.id, draft_goal.id, achieved.id, archived.id], [round1.id, round2.id], draft.id,
                [weekly.id, weekdays.id, once.id, gone.id], demo_goal.id)


# -- the cast ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    key: str
    name: str
    roles: tuple[str, ...]
    about: str
    vera_coach: bool = False  # paired with Vera today: may see what she shares, on the coach's screens only
    address: str | None = None

    @property
    def email(self) -> str:
        return self.address or f"{self.key}@example.org"

    def screens(self) -> tuple[navigation.Screen, ...]:
        return sum(navigation.screens_for(frozenset(self.roles), team_mode=True).values(), ())

    def allowed(self, screen: navigation.Screen, shared: frozenset[str]) -> frozenset[str]:
        """The markers of Vera this viewer may be shown on this screen."""
        found = set()
        if self.vera_coach and screen.script in ("pages/coach/coachees.py", "pages/coach/workspace.py"):
            found |= {m for m, kind in MARKERS.items() if kind in shared or kind == "sessions"}
            found.add(NAME_MARKER)  # a coach knows the name of their coachee
        if "admin" in self.roles and screen.script.startswith("pages/admin/"):
            found.add(NAME_MARKER)
        return frozenset(found)


CAST = (
    Viewer("otto", "Otto Leader", ("leader",), "another leader"),
    Viewer("carl", "Carl Coach", ("coach", "leader"), "a coach not paired with Vera (coaches Lena)"),
    Viewer("edda", "Edda Ended", ("coach",), "a coach whose pairing with Vera ended yesterday"),
    Viewer("finn", "Finn Future", ("coach", "leader"), "a coach paired with Vera from next month"),
    Viewer("hanna", "Hanna HR", ("hr",), "HR"),
    Viewer("adam", "Adam Admin", ("admin",), "an administrator"),
    Viewer("alex", "Alex Allroles", ("leader", "coach", "hr", "admin"), "all four roles, not paired with Vera"),
    Viewer("cora", "Cora Coach", ("coach", "leader"), "Vera's coach today (sees what she shares, on the coach's screens)",
           vera_coach=True),
)
VERA = Viewer("vera", VERA_NAME, ("leader",), "Vera herself", address=VERA_EMAIL)


@dataclass
class World:
    base: Path  # everyone, their pairings and their own content; Vera registered, with nothing
    full: Path  # the same, and Vera's content
    vera: Vera
    people: dict[str, Identity]
    tmp: Path
    sharing: dict[tuple[str, ...], Path]  # Vera's content, sharing only these kinds with Cora
    holdings: dict[str, int]  # per table that holds a person's rows (or rows of their rounds, goals, actions): Vera's


# A table holds a leader's rows through one of these columns.
OWNED_THROUGH = {
    "person_id": "SELECT id FROM people WHERE id = $vera OR demo_of = $vera",
    "leader_id": "SELECT id FROM people WHERE id = $vera OR demo_of = $vera",
    "round_id": "SELECT id FROM assessment_rounds WHERE person_id IN (SELECT id FROM people WHERE id = $vera OR demo_of = $vera)",
    "goal_id": "SELECT id FROM goals WHERE person_id IN (SELECT id FROM people WHERE id = $vera OR demo_of = $vera)",
    "action_id": "SELECT id FROM actions WHERE person_id IN (SELECT id FROM people WHERE id = $vera OR demo_of = $vera)",
    "author_id": "SELECT id FROM people WHERE id = $vera OR demo_of = $vera",
    "pairing_id": "SELECT id FROM pairings WHERE leader_id IN (SELECT id FROM people WHERE id = $vera OR demo_of = $vera)",
}


def holdings(db: Database, person_id: int) -> dict[str, int]:
    """Per table of the schema with a column that ties a row to a person, how many rows are
    this person's (or their demo's): found from the schema, so a new table is not forgotten."""
    with db.read() as cursor:
        columns = cursor.execute(
            "SELECT table_name, list(column_name) FROM information_schema.columns WHERE table_schema = 'main' GROUP BY 1"
        ).fetchall()
        found = {}
        for table, names in columns:
            ties = [name for name in OWNED_THROUGH if name in names]
            if ties:
                column = ties[0]
                found[table] = cursor.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} IN ({OWNED_THROUGH[column]})", {"vera": person_id}
                ).fetchone()[0]
        found["people (her demo)"] = cursor.execute("SELECT count(*) FROM people WHERE demo_of = ?", [person_id]).fetchone()[0]
    return found


SHARING = [(), *((kind,) for kind in access.KINDS), tuple(access.KINDS)]


def build_base(path: Path) -> dict[str, Identity]:
    db = Database(path)
    try:
        made = {"vera": register(db, VERA_EMAIL, VERA_NAME, "leader"),
                "lena": register(db, "lena@example.org", "Lena Little", "leader")}
        for viewer in CAST:
            made[viewer.key] = register(db, viewer.email, viewer.name, *viewer.roles)
        admin = made["adam"]
        vera, lena = made["vera"].person_id, made["lena"].person_id
        pairings.pair(db, admin, made["cora"].person_id, vera, TODAY - dt.timedelta(days=60))
        pairings.pair(db, admin, made["edda"].person_id, vera, TODAY - dt.timedelta(days=120), TODAY - dt.timedelta(days=1))
        pairings.pair(db, admin, made["finn"].person_id, vera, dt.date(2026, 12, 1))
        for coach in ("carl", "edda", "finn", "alex"):
            pairings.pair(db, admin, made[coach].person_id, lena, TODAY - dt.timedelta(days=30))
        pilot = cohorts.create_cohort(db, admin, "Pilot 2026", dt.date(2026, 9, 1))
        for key in ("vera", "lena", "otto", "carl", "finn", "cora"):
            cohorts.set_cohorts(db, admin, made[key].person_id, [pilot.id])
        # Their own content, so that every screen draws all it can (and Lena, a coachee, a little).
        for key in ("otto", "alex", "lena"):
            own = made[key]
            assessments.record_round(db, own, FRAMEWORK, TODAY - dt.timedelta(days=50), {b.id: 3 for b in FRAMEWORK.behaviours},
                                     {COMPETENCIES[0]: 4}, {COMPETENCIES[0]: f"{own.display_name} wrote this"}, today=TODAY)
            goal = goals.create_goal(db, own, FRAMEWORK, goals.GoalInput(
                f"{own.display_name}'s goal", why="because", measure="a measure", target_date=TODAY + dt.timedelta(days=40),
                competencies=(COMPETENCIES[1],)))
            goals.record_progress(db, own, goal.id, 20)
            action = actions.create_action(db, own, goal.id, actions.ActionInput(
                f"{own.display_name}'s action", "weekly", 2, (), LAST_WEEK - weeks.ONE_WEEK, None, "busy", "a friend"), TODAY)
            tracker.set_day(db, own, action.id, LAST_WEEK, 2, True, TODAY)
            tracker.save_reflection(db, own, LAST_WEEK, tracker.Reflection("fine", "some", "less", 3, 3, "ask"), TODAY)
        return made
    finally:
        db.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("sweep")
    base, full = tmp / "base.duckdb", tmp / "full.duckdb"
    made = build_base(base)
    shutil.copy(base, full)
    db = Database(full)
    try:
        vera = plant_vera(db, made["vera"])
        held = holdings(db, made["vera"].person_id)
    finally:
        db.close()
    sharing = {}
    for shares in SHARING:  # copies made now, while no app holds the file open
        sharing[shares] = tmp / f"shares-{'-'.join(shares) or 'nothing'}.duckdb"
        shutil.copy(full, sharing[shares])
        db = Database(sharing[shares])
        try:
            for kind in access.KINDS:
                access.set_sharing(db, made["vera"], kind, kind in shares)
        finally:
            db.close()
    yield World(base, full, vera, made, tmp, sharing, held)
    if STATS["states"]:
        report(f"access sweep: {len(CAST)} viewers x {len(navigation.SCREENS)} screens ({STATS['cases']} viewer-screen "
               f"cases in their menus, {STATS['hidden']} refused as not theirs), {STATS['states']} states tried "
               f"({STATS['compared']} also drawn on a database without her content, {STATS['planted']} with her ids "
               f"planted in the session state and the query), "
               + ("no marker of the other leader shown" if not STATS["leaks"] else f"{STATS['leaks']} LEAKS of the other leader")
               + (f", {STATS['crashes']} CRASHES" if STATS["crashes"] else ""))


# What the sweep did, for the figure at the end (tests/conftest.py's report).
STATS = {"cases": 0, "hidden": 0, "states": 0, "compared": 0, "planted": 0, "leaks": 0, "crashes": 0,
         "not_planted": set()}


@pytest.fixture(autouse=True)
def on_the_day(monkeypatch, tmp_path):
    """Every test on Friday 27 November 2026, 10:00, as the content was written (time moves on
    from there, so timeouts work). Every run of the sweep sets KOERS_DB to its database; the
    variable is put back as it was after each test."""
    monkeypatch.setenv("KOERS_DB", str(tmp_path / "no-one.duckdb"))
    with time_machine.travel(NOW, tick=True):
        yield


# -- what was drawn --------------------------------------------------------------------------------


def _strings(message: Message) -> Iterator[str]:
    """Every string in a protobuf message, bytes (arrow tables) decoded."""
    for _, value in message.ListFields():
        if isinstance(value, (str, bytes, Message)):
            values = [value]
        elif hasattr(value, "items"):  # a map field
            values = [item for pair in value.items() for item in pair]
        elif hasattr(value, "__iter__"):  # a repeated field
            values = list(value)
        else:  # a number or a flag
            continue
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str):
                yield item
            elif isinstance(item, bytes):
                try:
                    yield dataframe_util.convert_arrow_bytes_to_pandas_df(item).to_csv()
                except Exception:  # not a table: the raw bytes, for what text they hold
                    yield item.decode("utf-8", errors="replace")


def drawn(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for everything the last run drew: each element's and block's protobuf."""
    found = []

    def walk(node, path: str) -> None:
        proto = getattr(node, "proto", None)
        label = getattr(node, "label", None) or getattr(node, "key", None) or ""
        where = f"{path}/{getattr(node, 'type', type(node).__name__)}" + (f"[{str(label)[:40]}]" if label else "")
        if isinstance(proto, Message):
            text = "\n".join(_strings(proto))
            if text:
                found.append((where, text))
        for child in getattr(node, "children", {}).values():
            walk(child, where if getattr(node, "type", "") not in ("", "main") else path)

    walk(at._tree, "")
    return found


# Element ids, and the file id a download button gets afresh on every run
_VOLATILE = re.compile(r"\$\$ID-[0-9a-f]{32}-|\b[0-9a-f]{32}\b")


def fingerprint(pieces: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {_VOLATILE.sub('', text)}" for where, text in pieces]


def markers_in(pieces: list[tuple[str, str]], markers) -> list[tuple[str, str]]:
    """(marker, where) for each marker found; escaping (markdown's backslashes, any other
    punctuation) does not hide one."""
    hits = []
    for where, text in pieces:
        plain = text.replace("\\", "")
        squeezed = re.sub(r"[^0-9A-Za-z]", "", text)
        for marker in markers:
            if marker in plain or re.sub(r"[^0-9A-Za-z]", "", marker) in squeezed:
                hits.append((marker, where))
    return hits


ALL_MARKERS = (*MARKERS, NAME_MARKER)


# -- driving a session -----------------------------------------------------------------------------


class Uncaught(logging.Handler):
    """The exceptions the runs raised, as Streamlit logs them: the browser (and AppTest) get a
    redacted message only (client.showErrorDetails = "none"), the log gets the traceback."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            where = traceback.extract_tb(record.exc_info[2])[-3:]
            self.found.append(f"{type(error).__name__}: {error} at "
                              + " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(where)))


UNCAUGHT = Uncaught()
logging.getLogger("streamlit.error_util").addHandler(UNCAUGHT)


@functools.cache
def components() -> BidiComponentManager:
    """The installed custom components, found once: AppTest scans every installed package for
    them on the first run of each new session (a second or so here), as a server does once."""
    found = BidiComponentManager()
    found.discover_and_register_components(start_file_watching=False)
    return found


class Session:
    """One signed-in browser session of `viewer` on one database file."""

    def __init__(self, viewer: Viewer, db_file: Path):
        self.viewer, self.db_file = viewer, db_file
        self.at = AppTest.from_file(str(APP), default_timeout=30)
        self.at._bidi_component_manager = components()
        self.at.secrets["auth"] = AUTH
        self.at.user = {"is_logged_in": True, "email": viewer.email, "name": viewer.name, "email_verified": True}

    def run(self) -> None:
        os.environ["KOERS_DB"] = str(self.db_file)
        self.at.run()

    def page(self) -> str | None:
        found = self.at._registered_pages.get(self.at._finished_page_script_hash or "", {})
        path = found.get("script_path")
        return Path(path).resolve().relative_to(ROOT).as_posix() if path else None


@dataclass
class Sweep:
    """A viewer's screen driven on two databases at once, the same way: one with Vera's
    content and one without. After every run: no exception, still on the screen, no marker
    of Vera beyond `allowed`, and (unless something is allowed) the same drawing on both."""

    viewer: Viewer
    screen: navigation.Screen
    world: World
    allowed: frozenset[str]
    compare: bool = True
    tally: bool = True  # count in STATS (not for the controls that expect a difference)
    planting: bool = False
    runs: int = 0
    problems: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # markers that were shown (allowed ones)
    sessions: tuple[Session, ...] = ()

    def begin(self, state: str = "opened", planted: dict | None = None, query: dict | None = None) -> None:
        """New browser sessions (with this session state and these query parameters from the
        start: a widget's key that names something not among its options is then dropped by
        Streamlit, as it would be for a browser), signed in, on the screen."""
        files = (self.world.full, self.world.base) if self.compare else (self.world.full,)
        self.sessions = tuple(Session(self.viewer, file) for file in files)
        start = self.viewer.screens()[0].script
        for session in self.sessions:
            for key, value in (planted or {}).items():
                session.at.session_state[key] = value
            for name, value in (query or {}).items():
                session.at.query_params[name] = value
            menu = MENUS.get(self.viewer.key)
            if menu is None:  # the first session of this viewer: signed in, their menu read
                session.run()
                assert not session.at.exception, f"{self.viewer.key}: the first run failed: {session.at.exception}"
                assert session.page() == start, f"{self.viewer.key} is not signed in: the first run ended on {session.page()}"
                MENUS[self.viewer.key] = dict(session.at._registered_pages)
            else:  # the menu is known: the first run goes straight to the screen, as a link would
                session.at._registered_pages = dict(menu)
            session.at.switch_page(self.screen.script)
        self.run(state)

    @property
    def full(self) -> Session:
        return self.sessions[0]

    def set(self, key: str, value) -> None:
        for session in self.sessions:
            session.at.session_state[key] = value

    def run(self, state: str) -> None:
        if self.runs >= RUNS_PER_SCREEN:
            self.problems.append(f"more than {RUNS_PER_SCREEN} runs: the sweep of this screen does not end")
            return
        self.runs += 1
        if self.tally:
            STATS["states"] += 1
            STATS["compared"] += self.compare
            STATS["planted"] += self.planting
        UNCAUGHT.found.clear()
        for session in self.sessions:
            session.run()
        where = f"viewer {self.viewer.key} ({self.viewer.about}), screen {self.screen.url_path}, state: {state}"
        at = self.full.at
        if at.exception:
            STATS["crashes"] += self.tally
            self.problems.append(f"CRASH {where}: " + "; ".join(dict.fromkeys(UNCAUGHT.found) or [e.message for e in at.exception]))
        if self.full.page() != self.screen.script:
            self.problems.append(f"NOT ON THE SCREEN {where}: the run ended on {self.full.page()}")
        pieces = drawn(at)
        for marker, element in markers_in(pieces, ALL_MARKERS):
            if marker in self.allowed:
                self.seen.add(marker)
            else:
                STATS["leaks"] += self.tally
                self.problems.append(f"LEAK {where}: {marker!r} shown in {element}")
        if self.compare and not self.allowed - {NAME_MARKER}:
            with_vera, without = fingerprint(pieces), fingerprint(drawn(self.sessions[1].at))
            if with_vera != without:
                STATS["leaks"] += self.tally
                differing = [(a, b) for a, b in zip(with_vera, without) if a != b][:3]
                self.problems.append(
                    f"LEAK {where}: the screen differs when Vera has content ({len(with_vera)} against {len(without)} "
                    f"pieces); first differences: {differing or (with_vera[len(without):] or without[len(with_vera):])[:3]}")

    # -- opening everything --

    def lazy_expanders(self) -> list[str]:
        """The keys of the closed expanders that draw their content only when opened."""
        state = self.full.at.session_state
        return [node.key for node in self.full.at._tree
                if getattr(node, "type", "") == "expander" and node.key and not (node.key in state and state[node.key])]

    def open_expanders(self, state: str) -> None:
        """Open every closed lazy expander, all at once (and again while new ones appear)."""
        for _ in range(3):
            closed = self.lazy_expanders()
            if not closed:
                return
            for key in closed:
                self.set(key, True)
            self.run(f"{state}, expanders {', '.join(closed)} opened")

    def open_everything(self, state: str) -> None:
        """Every lazy expander, then every tab of every lazy tab bar, one after the other."""
        self.open_expanders(state)
        bars = [(n.key, [tab.label for tab in n.children.values()]) for n in self.full.at._tree
                if getattr(n, "type", "") == "tab_container" and n.key]
        for key, labels in bars:
            for label in labels:
                self.set(key, label)
                self.run(f"{state}, tab {label!r} of {key}")
                self.open_expanders(f"{state}, tab {label!r} of {key}")

    def every_choice(self) -> None:
        """Every option of every keyed selectbox that chooses what is shown (a coachee, a
        person, a goal, a round), also of pickers that appear after a choice; one that changes
        something when chosen (an action's status) is left alone."""
        tried: set[tuple[str, str]] = set()
        while self.runs < RUNS_PER_SCREEN:
            untried = [(box.key, label) for box in self.full.at.selectbox
                       if box.key and not box.key.startswith(CHANGES_WHEN_CHOSEN)
                       for label in box.options if (box.key, label) not in tried]
            if not untried:
                return
            key, label = untried[0]
            tried.add((key, label))
            for session in self.sessions:
                found = option_values(session.at.selectbox(key=key))
                if label not in found:
                    self.problems.append(f"{self.screen.url_path}: option {label!r} of {key} cannot be chosen by the sweep")
                    break
                session.at.selectbox(key=key).set_value(found[label])
            else:
                self.run(f"{key} = {label!r}")
                self.open_everything(f"{key} = {label!r}")


CHANGES_WHEN_CHOSEN = ("action.status.",)
MENUS: dict[str, dict] = {}  # per viewer, the pages their menu registered (for switch_page)


def option_values(box) -> dict[str, object]:
    """A selectbox's options, label -> value: AppTest knows only the labels, so the values
    are found through the page's own format_func (ids are small whole numbers here)."""
    found = {}
    for candidate in (None, *range(500)):
        try:
            label = str(box.format_func(candidate))
        except Exception:  # not one of its options
            continue
        if label in box.options:
            found.setdefault(label, candidate)
    return found


# -- Vera's ids where the pages look for them ----------------------------------------------------

GLOBAL_SOURCES = ("app.py", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "coaching" / "ui").glob("*.py")))
# Session keys that hold what the server put there (the resolved context, queued messages),
# never anything a browser sends: not planted.
SERVER_OBJECTS = {"koers.context", "koers.flash"}


@dataclass(frozen=True)
class Read:
    """A session-state key or query parameter a script reads, as a template: "goal.details.{goal.id}"."""

    template: str
    where: str  # "state", "query", "expander" or "selectbox"


def reads(script: str) -> set[Read]:
    return _reads(script, (ROOT / script).stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _reads(script: str, modified: int) -> set[Read]:
    """Every session-state key and query parameter the script reads or writes, found in its
    syntax tree (a string, an f-string or a module-level constant), and the keys of its lazy
    expanders and its pickers, which are session state too."""
    tree = ast.parse((ROOT / script).read_text())
    constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name) and isinstance(node.value, ast.Constant)
                 and isinstance(node.value.value, str)}
    for node in tree.body:  # NAME = f"..." at module level (a key with an id in it)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.JoinedStr):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = template_of(node.value, constants)

    def holder(node) -> str | None:
        if isinstance(node, ast.Attribute) and node.attr in ("session_state", "query_params"):
            return "state" if node.attr == "session_state" else "query"
        return None

    found = set()
    for node in ast.walk(tree):
        key, where = None, None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in ("get", "pop", "setdefault") and holder(node.func.value) and node.args:
                key, where = node.args[0], holder(node.func.value)
            elif node.func.attr in ("expander", "selectbox"):
                key = next((kw.value for kw in node.keywords if kw.arg == "key"), None)
                where = node.func.attr
        elif isinstance(node, ast.Subscript) and holder(node.value):
            key, where = node.slice, holder(node.value)
        elif isinstance(node, ast.Compare) and node.comparators and holder(node.comparators[0]):
            key, where = node.left, holder(node.comparators[0])
        text = template_of(key, constants) if key is not None else None
        if text and text not in SERVER_OBJECTS:
            found.add(Read(text, where))
    return found


def template_of(node, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
                       for part in node.values)
    return None


def vera_values(world: World, name: str) -> list | None:
    """What of Vera's to put where a key or a placeholder with this name is read: her goal ids
    where a goal is meant, her round ids where a round is, and so on; None: nothing of hers fits
    (a counter, a flag of the page's own)."""
    vera = world.vera
    # one of each sort: a live goal, an archived one, one of her demo; her latest round, her draft
    rounds, goal_ids = [vera.round_ids[-1], vera.draft_id], [vera.goal_ids[0], vera.goal_ids[-1], vera.demo_goal_id]
    name = name.lower()
    last = name.rsplit(".", 1)[-1]
    table = (
        (("count", "saves", "invited", "step", "jump", "scroll", "tried"), None),
        (("language",), ["nl", "en"]), (("lang",), ["en"]), (("demo",), [True]), (("status",), ["done"]),
        (("prefill", "competency", "cid"), [COMPETENCIES[0]]), (("behaviour",), [FRAMEWORK.behaviours[0].id]),
        (("kind",), ["goals"]), (("draft",), [vera.draft_id]),
        (("week", "monday"), [LAST_WEEK, THIS_WEEK]),  # the weeks of her reflections
        (("action", "aid"), vera.action_ids[:1] + vera.action_ids[-1:]), (("goal", "gid"), goal_ids),
        (("round", "shown", "compare", "submitted", "rid"), rounds),
        (("chosen", "person", "coachee", "leader", "member"), [vera.person_id]),
    )
    for part in (last, name):
        for words, values in table:
            if any(word in part for word in words):
                return values
    return None


def instances(world: World, read: Read) -> dict[str, list] | None:
    """The keys a template stands for with Vera's ids in its placeholders, each with the values
    to plant; None when nothing of Vera's fits."""
    placeholders = re.findall(r"\{([^}]*)\}", read.template)
    keys = [read.template]
    for placeholder in placeholders:
        values = vera_values(world, placeholder) or [world.vera.person_id]
        keys = [key.replace("{" + placeholder + "}", value.isoformat() if isinstance(value, dt.date) else str(value), 1)
                for key in keys for value in values][:12]
    if read.where == "expander":
        values = [True]
    else:
        values = vera_values(world, re.sub(r"\{[^}]*\}", "", read.template))
    if values is None:
        return None
    if read.where == "query":
        values = ["1" if value is True else value.isoformat() if isinstance(value, dt.date) else str(value) for value in values]
    return {key: values for key in keys}


def vera_states(world: World, screen: navigation.Screen) -> list[tuple[str, dict, dict]]:
    """(what, session state, query parameters) naming Vera's things, in waves: every key the
    screen's script reads (and the gate, for every screen), found in the scripts, one value of
    each per wave; then once more in the demo (the viewer's own demo, never Vera's)."""
    found = reads(screen.script).union(*(reads(script) for script in GLOBAL_SOURCES))
    state, query = {}, dict(QUERY_GUESSES(world))
    for read in sorted(found, key=lambda r: (r.where, r.template)):
        planted = instances(world, read)
        if planted is None:
            STATS["not_planted"].add(read.template)
            continue
        (query if read.where == "query" else state).update(planted)
    demo_keys = {key for key in state if "demo" in key} | {key for key in query if "demo" in key}
    waves = max(len(values) for values in state.values())
    planted = [(f"Vera's ids planted, wave {n + 1}",
                {key: values[n % len(values)] for key, values in state.items() if key not in demo_keys},
                {key: values[n % len(values)] for key, values in query.items() if key not in demo_keys})
               for n in range(waves)]
    first = planted[0]
    return [*planted, ("in the demo, Vera's ids planted", {**first[1], **{k: state[k][0] for k in demo_keys if k in state}},
                       {**first[2], **{k: query[k][0] for k in demo_keys if k in query}})]


def QUERY_GUESSES(world: World) -> dict[str, list[str]]:
    """Query parameters no script reads today, but that a hand-made address would try."""
    as_text = lambda values: [value.isoformat() if isinstance(value, dt.date) else str(value) for value in values]  # noqa: E731
    return {name: as_text(vera_values(world, meaning)) for name, meaning in (
        ("goal", "goal"), ("round", "round"), ("person", "person"), ("leader", "leader"), ("of", "person"),
        ("coachee", "coachee"), ("id", "goal"), ("action", "action"), ("week", "week"))}


def sweep(viewer: Viewer, screen: navigation.Screen, world: World, allowed: frozenset[str], compare: bool = True,
          plant: bool = True, tally: bool = True) -> Sweep:
    """Everything a viewer can bring up on one screen, each state also drawn on the database
    without Vera's content; then again with Vera's ids planted in the session state and the
    query parameters (on the database with her content only: they name nothing without it)."""
    found = Sweep(viewer, screen, world, allowed, compare=compare, tally=tally)
    found.begin()
    found.open_everything("opened")
    found.every_choice()
    if not plant:
        return found
    found.compare, found.planting = False, True
    (state, planted, query), *waves = vera_states(world, screen)
    found.begin(state, planted, query)  # from the first run, pickers included
    found.open_everything(state)
    for state, planted, query in waves:  # then changed while on the screen
        if "demo" in state:
            found.begin(state, planted, query)
            found.open_everything(state)
            continue
        drawn_keys = {getattr(node, "key", None) for node in found.full.at._tree}
        for key, value in planted.items():
            if key not in drawn_keys:  # a widget on screen takes only its own options
                found.set(key, value)
        for session in found.sessions:
            for name, value in query.items():
                session.at.query_params[name] = value
        found.run(state)
        found.open_expanders(state)
    return found


# -- the table of screens is complete, and the sweep covers it --------------------------------------


def test_every_page_file_is_a_screen_of_the_table():
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").rglob("*.py") if p.name != "__init__.py"}
    listed = {screen.script for screen in navigation.SCREENS}
    assert files - listed == set(), "pages that navigation.SCREENS does not list (so nobody's menu decides who sees them)"
    assert listed - files == set(), "screens in navigation.SCREENS without a page file"


def test_every_screen_is_swept_by_someone_in_the_cast():
    reached = {screen.script for viewer in CAST for screen in viewer.screens()}
    assert {s.script for s in navigation.SCREENS} - reached == set(), "screens nobody in the cast can open: not swept"
    assert {role for role, _, _ in navigation.SECTIONS} <= set(people.ROLES)
    assert {role for viewer in CAST for role in viewer.roles} == set(people.ROLES)


def test_vera_has_content_in_every_table_that_holds_a_leaders(world):
    """Every table of the schema that ties rows to a person has rows of Vera's in the sweep's
    database: a table added later without content planted here fails, not passes unseen."""
    assert {"goals", "actions", "checkins", "reflections", "ratings", "competency_notes", "round_scores",
            "goal_progress", "away_days", "sharing", "access_log", "assessment_rounds"} <= set(world.holdings)
    # live_sessions holds no content: which coach shares their screen with which pairing (a coach
    # live with Vera would see only the live workspace in the sweep; tests/pages/test_coach_pages.py
    # and tests/e2e/test_coach_journey.py check what live mode shows).
    empty = {table: rows for table, rows in world.holdings.items() if not rows}
    assert empty == {"live_sessions": 0}, "tables with nothing of Vera's"
    assert {"agreements", "coaching_sessions", "agenda_items", "session_notes", "agreed_actions"} <= set(world.holdings)


CASES = [(viewer, screen) for viewer in CAST for screen in navigation.SCREENS if screen in viewer.screens()]


# -- the sweep -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", CAST, ids=[v.key for v in CAST])
def test_a_screen_outside_the_menu_does_not_exist(world, viewer):
    session = Session(viewer, world.full)
    session.run()
    assert not session.at.exception
    assert session.page() == viewer.screens()[0].script, "not signed in: every page would be missing"
    mine = set(viewer.screens())
    for screen in navigation.SCREENS:
        if screen in mine:
            session.at.switch_page(screen.script)  # there: the refusals below are the menu's doing
            continue
        STATS["hidden"] += 1
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            session.at.switch_page(screen.script)


@pytest.mark.parametrize("viewer, screen", CASES, ids=[f"{v.key}-{s.url_path}" for v, s in CASES])
def test_nothing_of_another_leader_is_shown(world, viewer, screen):
    STATS["cases"] += 1
    found = sweep(viewer, screen, world, viewer.allowed(screen, frozenset(access.KINDS)))
    assert not found.problems, f"{len(found.problems)} problems:\n" + "\n".join(found.problems[:25])


# -- the controls: the sweep does find what is there -----------------------------------------------


def test_vera_is_shown_every_marker_of_hers(world):
    """The same sweep, as Vera: every marker is found somewhere, so that a clean sweep of the
    others means something (the expanders, tabs and pickers that hold them were opened)."""
    seen = set()
    problems = []
    for screen in VERA.screens():
        found = sweep(VERA, screen, world, frozenset(ALL_MARKERS), compare=False, tally=False)
        seen |= found.seen
        problems += [p for p in found.problems if not p.startswith("LEAK")]
    assert not problems, "\n".join(problems)
    assert set(MARKERS) - NOT_DRAWN - seen == set(), "markers of Vera the sweep never found on her own screens"


@pytest.mark.parametrize("shares", SHARING, ids=["nothing", *access.KINDS, "everything"])
def test_her_coach_sees_exactly_the_kinds_she_shares(world, shares):
    cora = next(v for v in CAST if v.vera_coach)
    path = world.sharing[shares]
    screen = next(s for s in navigation.SCREENS if s.script == "pages/coach/workspace.py")
    found = sweep(cora, screen, World(path, path, world.vera, world.people, world.tmp, world.sharing, world.holdings),
                  cora.allowed(screen, frozenset(shares)), compare=False, plant=False, tally=False)
    assert not found.problems, "\n".join(found.problems)
    expected = {m for m, kind in MARKERS.items() if kind in shares} & {  # what the workspace draws of each kind
        M["goal-title"], M["goal-measure"], M["goal-draft-title"], M["goal-achieved-title"], M["action-title"],
        M["action-weekdays-title"], M["action-once-title"], M["comment-round2"], M["comment-round2b"],
        M["reflection-went-well"], M["reflection-learned"], M["reflection-differently"], M["reflection-for-coach"]}
    assert expected <= found.seen, f"what she shares is not shown to her coach: {sorted(expected - found.seen)}"
    tabs = {tab.label for tab in found.full.at.tabs}
    assert tabs == {t("en", "workspace.tab_sessions"), t("en", "workspace.tab_agreement")} | {
        t("en", f"privacy.kind_{kind}") for kind in shares}, "a tab per kind she shares, and no other"


def test_the_comparison_notices_what_carries_no_marker(world):
    """The second database is a real control: Vera's own profile is drawn differently with
    and without her content in places where no marker is (her scores in the radar and the
    table), and the sweep says so. A number of hers drawn for someone else is caught the same way."""
    screen = next(s for s in navigation.SCREENS if s.script == "pages/leader/profile.py")
    found = Sweep(VERA, screen, world, frozenset(), compare=True, tally=False)
    found.begin()
    assert any("differs when Vera has content" in p for p in found.problems), found.problems
    with_vera, without = (drawn(session.at) for session in found.sessions)
    unmarked = [where for where, text in set(with_vera) - set(without) if not markers_in([(where, text)], ALL_MARKERS)]
    assert any("plotly_chart" in where for where in unmarked) and any("arrow" in where or "dataframe" in where
                                                                        for where in unmarked), unmarked
