"""Koers benchmark at organisation scale: one command, one table, the same numbers as JSON.

    python tests/perf/bench.py --org L --compare XL   # the measurement, with the pages at XL
    python tests/perf/bench.py --org L                # the same without XL
    python tests/perf/bench.py --org S --quick        # a smoke run, not a measurement
    python tests/perf/bench.py --org L --json out.json

0. Machine speed: the best of five timings of a fixed pure-Python loop and a fixed numpy sort,
   so that runs on different machines can be compared.
1. Build: coaching.synthetic.build_org into a temporary DuckDB file (timed), the file's size
   after a CHECKPOINT. The heavy leader (the first with role 'leader': 20 rounds, three years
   of 10 goals and 40 weekly actions) becomes personal mode's local leader (kind 'local',
   English), with a half-answered draft. With --compare, the second organisation too.
2. Warm server-side reruns (streamlit.testing.v1.AppTest) of all six pages as that leader,
   with the floor of an empty script measured the same way, runs interleaved: p50, p95.
   With --compare, the same pages at the second organisation, interleaved with the first's,
   and how much each page's p50 and p95 grow from the one to the other. Team mode, on a copy
   of the first organisation's file in which the heavy leader is a registered person again:
   the same six pages signed in as them (by e-mail), the administrators' screen as the
   organisation's administrator and the coach's screen as the heavy leader's coach,
   interleaved with the rest; each leader page's p50 against its personal-mode p50.
3. Aggregations: DuckDB (the app's own code, or queries reading its definitions) against
   pandas on frames loaded once and held in memory, as st.cache_data would hold them;
   results checked equal, then timed in turn. Reported: both times given the data in memory,
   the pandas approach's one-time load, and the memory each holds.
4. Saving a tick: coaching.tracker.set_day on the heavy leader's actions, then unticking.
5. Start to healthy of `streamlit run app.py`.
6. In Chromium: the radar against a trivial one-chart page (tests/perf/trivial_chart.py),
   and the server's RSS after concurrent sessions that each load Home, Profile and Tracker.

See docs/performance.md for what each number means and the figures measured so far.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import operator
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.server import streamlit_app  # noqa: E402
from tests.perf import browser as browser_part  # noqa: E402

APP = ROOT / "app.py"
TRIVIAL_CHART = Path(__file__).resolve().parent / "trivial_chart.py"
DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "bench.json"

# The pages as app.py names them in st.Page (paths relative to app.py), in menu order.
PAGES = {
    "home": "pages/leader/home.py",
    "assessment": "pages/leader/assessment.py",
    "profile": "pages/leader/profile.py",
    "goals": "pages/leader/goals.py",
    "plan": "pages/leader/plan.py",
    "tracker": "pages/leader/tracker.py",
}
LABELS = {
    "floor": "floor (empty script)",
    "home": "Home",
    "assessment": "Self-assessment (draft)",
    "profile": "Profile (radar)",
    "goals": "Goals",
    "plan": "Action plan",
    "tracker": "Weekly tracker",
}
# Team mode (2c): who runs each script, signed in by e-mail, and the script. The leader pages
# are PAGES as the heavy leader; each person's start page needs no switch_page.
TEAM = "team"  # the key of team mode's scripts, beside the organisations' (S, M, L, XL)
# The leader pages again, each run right after a write: on a copy of the file whose write
# generation is raised before every run, as each committed write raises it, so that no
# result kept across reruns (coaching/ui/cached.py) is used. What a page costs after a tick.
AFTER_WRITE = "after_write"
TEAM_SCRIPTS = {
    **{name: ("leader", path) for name, path in PAGES.items()},
    "admin": ("admin", "pages/admin/people.py"),
    "coach": ("coach", "pages/coach/coachees.py"),
    "coach_session": ("coach", "pages/coach/workspace.py"),
}
TEAM_START = {"leader": PAGES["home"], "admin": "pages/admin/people.py", "coach": "pages/coach/coachees.py"}
TEAM_LABELS = {**LABELS, "admin": "People (administrator)", "coach": "My coachees (coach)", "coach_session": "A coachee's sessions"}
COACHEES = 30  # the coach's screens are timed for a coach with this many coachees
AGGREGATIONS = ("profile", "tracker_history", "cohort_scores", "cohort_completion")
SEED = 20261127

FULL = {"reruns": 50, "agg_min": 5, "agg_max": 60, "agg_budget_s": 8.0, "loads": 3, "ticks": 200,
        "browser_loads": 7, "starts": 3, "sessions": 10}
QUICK = {"reruns": 3, "agg_min": 2, "agg_max": 3, "agg_budget_s": 0.0, "loads": 1, "ticks": 10,
         "browser_loads": 1, "starts": 1, "sessions": 2}

# (limit, how the value must compare with it): the issues' targets, for org L (and L -> XL).
TARGETS = {
    **{f"rerun_p50_ms.{page}": (60.0, "<=") for page in PAGES},
    **{f"rerun_p95_ms.{page}": (100.0, "<=") for page in PAGES},
    **{f"growth_p50.{page}": (1.2, "<=") for page in PAGES},  # p50 at the compared org / p50 here
    **{f"growth_p95.{page}": (1.2, "<=") for page in PAGES},
    **{f"team_rerun_p50_ms.{page}": (60.0, "<=") for page in PAGES},  # signed in: the same budget
    "team_rerun_p50_ms.admin": (150.0, "<="),  # the administrators' screen, everyone listed
    "team_rerun_p50_ms.coach": (60.0, "<="),  # the coach's dashboard, COACHEES coachees
    "team_rerun_p50_ms.coach_session": (60.0, "<="),  # one coachee's sessions (the workspace as it opens)
    "tick_save_p50_ms": (30.0, "<"),
    "radar_vs_trivial_ratio": (1.3, "<="),
    "server_rss_mb": (500.0, "<="),
    "database_mb": (200.0, "<="),
    "start_to_healthy_s": (3.0, "<"),  # the earlier issue's target
}
COMPARE: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, "<": operator.lt, ">=": operator.ge}


# -- numbers ------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(samples_s: list[float]) -> dict:
    ms = [s * 1000 for s in samples_s]
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "n": len(ms), "samples": [round(v, 3) for v in ms]}


def megabytes(path: Path) -> float:
    return path.stat().st_size / 1e6 if path.exists() else 0.0


# -- 0. the machine's speed ------------------------------------------------------------------


def calibration(repeat: int = 5) -> dict:
    """The best of `repeat` timings (ms) of a fixed pure-Python loop and a fixed numpy sort:
    figures from different machines compare once divided by these. The best, because other
    work on the machine only ever adds time."""
    import numpy as np

    values = np.random.default_rng(SEED).random(1_000_000)

    def python_loop() -> int:
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        return total

    def best(work: Callable[[], object]) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return min(times) * 1000

    return {"python_loop_ms": best(python_loop), "numpy_sort_ms": best(lambda: np.sort(values)), "repeat": repeat}


# -- 1. the organisation ------------------------------------------------------------------


def build(path: Path, org: str, today: dt.date) -> dict:
    """The organisation, its heavy leader made the local leader with a half-answered draft,
    and the file's size before and after a CHECKPOINT. The leader reads English at every
    size (synthetic draws each person's language), so that pages compare across sizes."""
    from coaching import assessments, people, synthetic
    from coaching.db import Database
    from coaching.framework import SCALE_LEVELS, load_framework

    framework = load_framework()
    db = Database(path)
    try:
        start = time.perf_counter()
        counts = synthetic.build_org(db, framework, org, today)
        seconds = time.perf_counter() - start
        wal = Path(str(path) + ".wal")
        before = {"database_mb": megabytes(path), "wal_mb": megabytes(wal)}

        with db.write() as cursor:
            heavy = cursor.execute("SELECT min(person_id) FROM person_roles WHERE role = 'leader'").fetchone()[0]
            cursor.execute("UPDATE people SET kind = 'local', language = 'en' WHERE id = ?", [heavy])
        leader = people.local_leader(db)
        if leader.person_id != heavy:
            raise RuntimeError(f"the local leader is person {leader.person_id}, not the heavy leader {heavy}")

        rng = random.Random(SEED)
        draft = assessments.start_draft(db, leader, framework, today)
        started = framework.behaviours[: len(framework.behaviours) // 2]
        for behaviour in started:
            assessments.rate(db, leader, framework, draft.id, behaviour.id, rng.choice(SCALE_LEVELS))
        assessments.set_target(db, leader, framework, draft.id, framework.competencies[0].id, 4)
        assessments.set_comment(db, leader, framework, draft.id, framework.competencies[0].id, "Halfway through.")

        with db.read() as cursor:
            mine = cursor.execute(
                "SELECT (SELECT count(*) FROM assessment_rounds WHERE person_id = $p AND status = 'submitted'),"
                " (SELECT count(*) FROM goals WHERE person_id = $p), (SELECT count(*) FROM actions WHERE person_id = $p),"
                " (SELECT count(*) FROM checkins WHERE person_id = $p)",
                {"p": heavy},
            ).fetchone()
        with db.write() as cursor:
            cursor.execute("CHECKPOINT")
        after = {"database_mb": megabytes(path), "wal_mb": megabytes(wal)}
    finally:
        db.close()
    return {
        "org": org,
        "build_s": seconds,
        "rows": counts,
        "after_build": before,
        "after_checkpoint": after,
        "heavy_leader": {
            "person_id": heavy, "submitted_rounds": mine[0], "goals": mine[1], "actions": mine[2], "checkins": mine[3],
            "draft_answered": len(started), "behaviours": len(framework.behaviours),
        },
    }


def team_copy(path: Path, heavy: int, today: dt.date) -> dict:
    """Make `path` (a copy of the file as built) team mode's: the heavy leader a registered
    person again (kind 'person'), who signs in by e-mail like everyone else. Returns who the
    team-mode scripts run as: the heavy leader, the organisation's administrator (the first
    with role 'admin') and the heavy leader's coach (from `pairings`, given COACHEES coachees),
    and how many people the administrators' screen and coachees the coach's screens should list."""
    from coaching.db import Database

    db = Database(path)
    try:
        with db.write() as cursor:
            cursor.execute("UPDATE people SET kind = 'person' WHERE id = ?", [heavy])
        with db.write() as cursor:
            cursor.execute("CHECKPOINT")
        with db.read() as cursor:
            admin = cursor.execute("SELECT min(person_id) FROM person_roles WHERE role = 'admin'").fetchone()[0]
            coach = cursor.execute(
                "SELECT min(coach_id) FROM pairings WHERE leader_id = ? AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?)",
                [heavy, today, today],
            ).fetchone()[0]
            if admin is None or coach is None:
                raise RuntimeError(f"no administrator ({admin}) or no coach of the heavy leader ({coach}) to sign in as")
        # The coach's screens are timed for a coach with COACHEES coachees: other coaches'
        # active pairings (with their sessions, agreements and notes) move to this coach.
        with db.write() as cursor:
            active = "starts_on <= $today AND (ends_on IS NULL OR ends_on >= $today)"
            cursor.execute(
                f"UPDATE pairings SET coach_id = $coach WHERE id IN (SELECT id FROM pairings WHERE coach_id <> $coach AND {active} "
                f"AND leader_id NOT IN (SELECT leader_id FROM pairings WHERE coach_id = $coach) ORDER BY id "
                f"LIMIT greatest(0, $wanted - (SELECT count(*) FROM pairings WHERE coach_id = $coach AND {active})))",
                {"coach": coach, "today": today, "wanted": COACHEES},
            )
        with db.write() as cursor:
            cursor.execute("CHECKPOINT")
        with db.read() as cursor:
            def person(person_id: int) -> dict:
                email, name = cursor.execute("SELECT email, display_name FROM people WHERE id = ?", [person_id]).fetchone()
                return {"person_id": person_id, "email": email, "name": name}

            found = {"leader": person(heavy), "admin": person(admin), "coach": person(coach)}
            found["people"] = cursor.execute("SELECT count(*) FROM people WHERE kind = 'person'").fetchone()[0]
            found["coachees"] = cursor.execute(
                "SELECT count(*) FROM pairings x JOIN people l ON l.id = x.leader_id WHERE x.coach_id = ? AND l.active"
                " AND x.starts_on <= ? AND (x.ends_on IS NULL OR x.ends_on >= ?)",
                [coach, today, today],
            ).fetchone()[0]
    finally:
        db.close()
    return found


# -- 2. warm server-side reruns -------------------------------------------------------------


def bench_reruns(db_paths: dict[str, Path], floor_script: Path, reruns: int, team: tuple[Path, dict] | None = None,
                 after_write: Path | None = None) -> dict:
    """Warm at.run() times per page on each organisation's database (one or two), and of the
    floor, the pages and organisations interleaved run by run so that drift in the machine's
    speed hits all of them alike: {"floor": ..., org: {page: ...}, ...}. With `team` (team
    mode's file and who signs in, from team_copy), TEAM_SCRIPTS in team mode take their turns
    too: {..., TEAM: {script: ...}}. With `after_write` (a copy of the first organisation's
    file), the leader pages take turns on it as well, each run after a write: {..., AFTER_WRITE: {page: ...}}."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    # AppTest outside pytest warns "missing ScriptRunContext" once per app: harmless here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )

    # Run the app as `streamlit run` does once any session has gone through app.py: every run
    # executes app.py, whose st.navigation picks the page. Left alone, AppTest re-detects the
    # `pages/` folder next to app.py before every run and takes Streamlit's old
    # pages-directory path, which after switch_page runs the page file WITHOUT app.py
    # (docs/performance.md; tests/conftest.py does the same).
    original_init = PagesManager.__init__

    def init_as_served(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    # CPU seconds of the thread that runs the script: far less swayed than wall time by other
    # work on the machine.
    original_thread = LocalScriptRunner._run_script_thread
    last_cpu = [0.0]

    def thread_timed(self):
        start = time.thread_time()
        try:
            return original_thread(self)
        finally:
            last_cpu[0] = time.thread_time() - start

    PagesManager.__init__ = init_as_served
    LocalScriptRunner._run_script_thread = thread_timed
    try:
        return _time_reruns(AppTest, db_paths, floor_script, reruns, last_cpu, team, after_write)
    finally:
        PagesManager.__init__ = original_init
        LocalScriptRunner._run_script_thread = original_thread


def _time_reruns(AppTest, db_paths: dict[str, Path], floor_script: Path, reruns: int, last_cpu: list[float],
                 team: tuple[Path, dict] | None, after_write: Path | None) -> dict:
    from coaching import db as database
    # Each run reads KOERS_DB (gate.start), and the app keeps one Database per path open
    # (st.cache_resource), so the organisations' apps, and team mode's on its own copy (where
    # the heavy leader is no local leader), can take turns in one process.
    paths = {**db_paths, **({TEAM: team[0]} if team else {}), **({AFTER_WRITE: after_write} if after_write else {})}

    def use(org: str | None) -> None:
        if org is not None:
            os.environ["KOERS_DB"] = str(paths[org])

    def app_on(org: str, page: str) -> AppTest:
        use(org)
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        if page != "pages/leader/home.py":
            at.switch_page(page).run()
        return at

    def team_app_on(name: str) -> AppTest:
        # Team mode as tests/conftest.py's team_app runs it: an [auth] section in the settings
        # and a signed-in, verified user, matched by e-mail on every run (gate._team_member).
        from tests.conftest import AUTH

        role, path = TEAM_SCRIPTS[name]
        use(TEAM)
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": team[1][role]["email"], "email_verified": True}
        at.run()
        if path != TEAM_START[role]:
            at.switch_page(path).run()
        if name == "coach_session" and not at.exception:  # the heavy leader's sessions
            at.selectbox(key="workspace.chosen").set_value(team[1]["leader"]["person_id"]).run()
        return at

    def check(org: str | None, name: str, at) -> None:
        if org == AFTER_WRITE:
            _check_page(next(iter(db_paths)), name, at)
        elif org == TEAM:
            _check_team_page(name, at, team[1])
        else:
            _check_page(org, name, at)

    floor = AppTest.from_file(str(floor_script), default_timeout=120)
    floor.run()
    # (organisation, TEAM or None for the floor, script name, app)
    apps = [(None, "floor", floor)] + [(org, name, app_on(org, path)) for org in db_paths for name, path in PAGES.items()]
    if team:
        apps += [(TEAM, name, team_app_on(name)) for name in TEAM_SCRIPTS]
    if after_write:
        apps += [(AFTER_WRITE, name, app_on(AFTER_WRITE, path)) for name, path in PAGES.items()]
    for org, name, at in apps:
        check(org, name, at)

    samples: dict[tuple, list[float]] = {(org, name): [] for org, name, _ in apps}
    cpu: dict[tuple, list[float]] = {(org, name): [] for org, name, _ in apps}
    # The pages right after a write take their turns after all the others: each of their runs
    # leaves the results of a new generation behind (thousands over the series, a write rate no
    # deployment has), and among the others they made the collector's pauses land in their p95.
    warm = [app for app in apps if app[0] != AFTER_WRITE]
    for series in (warm, [app for app in apps if app[0] == AFTER_WRITE]):
        for _ in range(reruns):
            for org, name, at in series:
                use(org)
                if org == AFTER_WRITE:  # what every committed write does (Database.write)
                    database._GENERATIONS[str(paths[org])] += 1
                start = time.perf_counter()
                at.run()
                samples[org, name].append(time.perf_counter() - start)
                cpu[org, name].append(last_cpu[0])
    for org, name, at in apps:
        check(org, name, at)

    found = {}
    for (org, name), times in samples.items():
        found[org, name] = {
            **summary_ms(times),
            "script_cpu_p50": percentile(cpu[org, name], 50) * 1000,
            "script_cpu_p95": percentile(cpu[org, name], 95) * 1000,
        }
    floor_row = found[None, "floor"]
    # AppTest makes a new script cache for every run, so each at.run() parses and compiles
    # app.py and the page again; `streamlit run` keeps them compiled. Reported so that it can
    # be subtracted.
    floor_row["compile_ms"] = compile_ms([floor_script])
    result = {"floor": floor_row}
    scripts = {org: dict(PAGES) for org in db_paths}
    if after_write:
        scripts[AFTER_WRITE] = dict(PAGES)
    if team:
        scripts[TEAM] = {name: path for name, (_, path) in TEAM_SCRIPTS.items()}
    for org, named in scripts.items():
        result[org] = {}
        for name, path in named.items():
            row = found[org, name]
            row["compile_ms"] = compile_ms([APP, ROOT / path])
            row["p50_vs_floor"] = row["p50"] / floor_row["p50"]
            row["p95_vs_floor"] = row["p95"] / floor_row["p95"]
            result[org][name] = row
    return result


def compile_ms(scripts: list[Path], repeat: int = 15) -> float:
    """Median ms to parse and compile the scripts as Streamlit does on a script-cache miss."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        cache = ScriptCache()
        for script in scripts:
            cache.get_bytecode(str(script))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _check_page(org: str | None, name: str, at) -> None:
    """Make sure a timing is of the page meant, as the heavy leader, not of an error."""
    where = f"{name} in team mode" if org == TEAM else f"{name} at org {org}" if org else name
    if at.exception:
        raise RuntimeError(f"{where}: the script raised {at.exception[0].message}")
    if name == "floor":
        return
    if not at.sidebar.get("button_group"):
        raise RuntimeError(f"{where}: the page ran without app.py (no language switch in the sidebar)")

    def keyed(widgets, prefix: str) -> list:
        return [widget for widget in widgets if (widget.key or "").startswith(prefix)]

    checks = {
        # Home: the one next step (for the heavy leader, the draft to continue), and under it
        # the count of submitted rounds, the heavy leader's 20 (they read English).
        "home": lambda: len(keyed(at.button, "home.next")) == 1
        and any(caption.value.startswith("20 assessment rounds · ") for caption in at.caption),
        # The draft, one competency at a time: that competency's behaviours, each a scale
        # (segmented control rate.<round>.<behaviour>), and its target.
        "assessment": lambda: len(keyed(at.segmented_control, "rate.")) >= 1
        and len(keyed(at.segmented_control, "target.")) == 1,
        "profile": lambda: len(at.get("plotly_chart")) == 2,
        "goals": lambda: len(at.expander) >= 10,
        "plan": lambda: len(at.selectbox) >= 1 and len(at.get("plotly_chart")) >= 1,
        # This week's actions, their days as pills (tracker.days.<week>.<action>.<first day>...),
        # and the four figures.
        "tracker": lambda: len(at.metric) == 4 and len(keyed(at.pills, "tracker.days.")) >= 1,
    }
    if not checks[name]():
        raise RuntimeError(f"{where}: the page did not show what the heavy leader's page shows")


def _check_team_page(name: str, at, team: dict) -> None:
    """As _check_page, in team mode: signed in as the person meant (the sidebar names them),
    and their page: a leader page as the heavy leader's; the administrators' screen listing
    every registered person; the coach's screen listing their coachees and showing the heavy
    leader's profile and weekly completion."""
    where = f"{name} in team mode"
    if at.exception:
        raise RuntimeError(f"{where}: the script raised {at.exception[0].message}")
    who = team[TEAM_SCRIPTS[name][0]]
    named = re.compile(rf"\b{re.escape(who['name'])}\b")  # "Leader 6", not "Leader 60"
    if not any(named.search(caption.value) for caption in at.sidebar.caption):
        raise RuntimeError(f"{where}: not signed in as {who['email']} (the sidebar does not name {who['name']})")
    if name in PAGES:
        _check_page(TEAM, name, at)
    elif name == "admin":
        if len(at.dataframe) != 1 or len(at.dataframe[0].value) != team["people"]:
            raise RuntimeError(f"{where}: the screen does not list the organisation's {team['people']} people")
    elif name == "coach":
        if len(at.dataframe) != 1 or len(at.dataframe[0].value) != team["coachees"]:
            raise RuntimeError(f"{where}: the dashboard does not list the coach's {team['coachees']} coachees")
    elif name == "coach_session":
        # The workspace as it opens: the heavy leader's sessions, the next one with its agenda.
        chosen = at.selectbox(key="workspace.chosen")
        if len(chosen.options) != team["coachees"] or chosen.value != team["leader"]["person_id"]:
            raise RuntimeError(f"{where}: the workspace does not offer the {team['coachees']} coachees with the heavy leader chosen")
        if not any(key.startswith("workspace.save_agenda.") for key in (b.key or "" for b in at.button)):
            raise RuntimeError(f"{where}: the workspace does not show the heavy leader's next session and its agenda")
        if len(at.expander) < 5:
            raise RuntimeError(f"{where}: the workspace does not list the heavy leader's earlier sessions")


def growth(base: dict, other: dict) -> dict:
    """Per page: the compared organisation's p50 and p95 over this one's, of the wall times
    (the targets) and of the script's CPU time (hardly swayed by other work on the machine)."""
    return {
        page: {
            "p50": other[page]["p50"] / base[page]["p50"],
            "p95": other[page]["p95"] / base[page]["p95"],
            "cpu_p50": other[page]["script_cpu_p50"] / base[page]["script_cpu_p50"],
            "cpu_p95": other[page]["script_cpu_p95"] / base[page]["script_cpu_p95"],
        }
        for page in PAGES
    }


# -- 3. aggregations: DuckDB against pandas on frames in memory ----------------------------------


def duckdb_bytes(db) -> int:
    """What DuckDB holds in memory now: its duckdb_memory() view, summed over every tag."""
    with db.read() as cursor:
        return int(cursor.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0])


def bench_aggregations(db_path: Path, today: dt.date, counts: dict) -> dict:
    """Each aggregation on a freshly opened database, so that DuckDB's memory afterwards is
    what its own side read: DuckDB once (its memory read then), the pandas load `loads`
    times, both results compared, then DuckDB and the pandas computation in turn."""
    from coaching.framework import load_framework
    from tests.perf import aggregations

    framework = load_framework()
    results: dict = {}
    table_bytes: dict[str, int] = {}
    for name in AGGREGATIONS:
        with _opened(db_path) as (db, leader):
            agg = next(a for a in aggregations.aggregations(db, leader, framework, today) if a.name == name)
            duck = agg.duckdb()
            held = duckdb_bytes(db)
            load_s = []
            for _ in range(counts["loads"]):
                start = time.perf_counter()
                frames = aggregations.load(db, agg.tables)
                load_s.append(time.perf_counter() - start)
            # A timing of a wrong answer is no timing.
            differs = agg.differs(duck, agg.pandas(frames))
            if differs:
                raise RuntimeError(f"{name}: DuckDB and pandas disagree: {differs}")
            duck_s, pandas_s = [], []
            began = time.perf_counter()
            while len(duck_s) < counts["agg_max"] and (
                len(duck_s) < counts["agg_min"] or time.perf_counter() - began < counts["agg_budget_s"]
            ):
                start = time.perf_counter()
                agg.duckdb()
                middle = time.perf_counter()
                agg.pandas(frames)
                duck_s.append(middle - start)
                pandas_s.append(time.perf_counter() - middle)
            table_bytes.update({table: aggregations.frames_bytes({table: frame}) for table, frame in frames.items()})
            duck_ms, pandas_ms = summary_ms(duck_s), summary_ms(pandas_s)
            results[name] = {
                "label": agg.label,
                "verified_equal": True,
                "duckdb_ms": duck_ms,
                "pandas_ms": pandas_ms,
                "speedup": pandas_ms["p50"] / duck_ms["p50"],
                "pandas_load_ms": summary_ms(load_s),
                "pandas_tables": list(agg.tables),
                "pandas_rows_loaded": sum(len(frame) for frame in frames.values()),
                "pandas_frames_mb": aggregations.frames_bytes(frames) / 1e6,
                "duckdb_memory_mb": held / 1e6,
            }
    # All four at once, as an app holding every frame would: each table's frame counted once,
    # against DuckDB after each aggregation's query once on a freshly opened database.
    with _opened(db_path) as (db, leader):
        opened = duckdb_bytes(db)
        for agg in aggregations.aggregations(db, leader, framework, today):
            agg.duckdb()
        held = duckdb_bytes(db)
        threads = _setting(db, "threads")
    results["all"] = {
        "pandas_frames_mb": sum(table_bytes.values()) / 1e6,
        "pandas_table_mb": {table: size / 1e6 for table, size in table_bytes.items()},
        "duckdb_memory_mb": held / 1e6,
        "duckdb_memory_mb_when_opened": opened / 1e6,
        "duckdb_threads": threads,
    }
    return results


@contextmanager
def _opened(db_path: Path) -> Iterator[tuple]:
    """A freshly opened Database and its local leader, closed on leaving."""
    from coaching import people
    from coaching.db import Database

    db = Database(db_path)
    try:
        yield db, people.local_leader(db)
    finally:
        db.close()


def _setting(db, name: str) -> str:
    with db.read() as cursor:
        return str(cursor.execute("SELECT current_setting(?)", [name]).fetchone()[0])


# -- 4. saving a tick ----------------------------------------------------------------------


def bench_ticks(db_path: Path, today: dt.date, count: int) -> dict:
    """`count` ticks through tracker.set_day on days of the heavy leader's actions that were
    not ticked, inside the actions' windows (in the last year's weeks; some weeks without a
    check-in row yet), each timed, then the same days unticked, each timed."""
    from coaching import people, tracker, week_rules, weeks
    from coaching.db import Database

    db = Database(db_path)
    try:
        leader = people.local_leader(db)
        this_week = weeks.week_start(today)
        with db.read() as cursor:
            ticked = {
                (action_id, week): set(days)
                for action_id, week, days in cursor.execute(
                    "SELECT action_id, week_start, days FROM checkins WHERE person_id = ?", [leader.person_id]
                ).fetchall()
            }
            window = week_rules.windows(cursor, [leader.person_id])
        history = tracker.history(db, leader, today)
        recent = history[history["week_start"] >= this_week - 52 * weeks.ONE_WEEK]
        candidates = []
        for action_id, monday in zip(recent["action_id"].tolist(), recent["week_start"]):
            first, last = window[action_id]
            for weekday in range(1, 8):
                day = monday + dt.timedelta(days=weekday - 1)
                if first <= day <= min(last or today, today) and weekday not in ticked.get((action_id, monday), ()):
                    candidates.append((action_id, monday, weekday))
        chosen = random.Random(SEED).sample(candidates, min(count, len(candidates)))
        new_rows = sum(1 for action_id, monday, _ in chosen if (action_id, monday) not in ticked)

        tick_s, untick_s = [], []
        for action_id, monday, weekday in chosen:
            start = time.perf_counter()
            days = tracker.set_day(db, leader, action_id, monday, weekday, True, today)
            tick_s.append(time.perf_counter() - start)
            if weekday not in days:
                raise RuntimeError(f"tick of action {action_id}, {monday}, day {weekday} not saved")
        for action_id, monday, weekday in chosen:
            start = time.perf_counter()
            days = tracker.set_day(db, leader, action_id, monday, weekday, False, today)
            untick_s.append(time.perf_counter() - start)
            if weekday in days:
                raise RuntimeError(f"untick of action {action_id}, {monday}, day {weekday} not saved")
        return {
            "tick": summary_ms(tick_s),
            "untick": summary_ms(untick_s),
            "ticks_into_new_week_row": new_rows,
            "heavy_leader_checkins": len(ticked),
        }
    finally:
        db.close()


# -- 5. and 6. the real server and the browser -----------------------------------------------


def bench_server_and_browser(db_path: Path, work: Path, counts: dict) -> tuple[dict, dict, dict]:
    """Start the app `starts` times, one after the other on the same file, for start to
    healthy; the last of them also serves the radar loads. Then once more, fresh, for the
    concurrent sessions, so that the memory read is of those sessions alone."""
    why_not = browser_part.unavailable()
    healthy: list[float] = []
    for _ in range(counts["starts"] - 1):
        with streamlit_app(db_path) as app:
            healthy.append(app.seconds_to_healthy)
    with streamlit_app(db_path) as app:
        healthy.append(app.seconds_to_healthy)
        with streamlit_app(work / "trivial.duckdb", script=str(TRIVIAL_CHART.relative_to(ROOT))) as trivial:
            startup = {
                "app_s": {"median": statistics.median(healthy), "samples": [round(v, 3) for v in healthy]},
                "trivial_chart_s": trivial.seconds_to_healthy,
            }
            if why_not:
                browser = {"skipped": why_not}
            else:
                browser = browser_part.radar_vs_trivial(app.url, trivial.url, counts["browser_loads"])
    if why_not:
        return startup, browser, {"skipped": why_not}
    with streamlit_app(db_path) as app:
        sessions = browser_part.concurrent_sessions(app.url, app.process.pid, counts["sessions"])
        sessions["server_started_s"] = app.seconds_to_healthy
    return startup, browser, sessions


# -- report -------------------------------------------------------------------------------


def target_values(results: dict) -> dict:
    """Each target's measured value; None where it was not measured (no --compare, no Chromium,
    or a JSON from before team mode)."""
    reruns, compared = results["rerun_ms"], results["compared"]
    browser, sessions = results["browser"], results["sessions"]
    values = {}
    for page in PAGES:
        values[f"rerun_p50_ms.{page}"] = reruns[page]["p50"]
        values[f"rerun_p95_ms.{page}"] = reruns[page]["p95"]
        values[f"growth_p50.{page}"] = compared["growth"][page]["p50"] if compared else None
        values[f"growth_p95.{page}"] = compared["growth"][page]["p95"] if compared else None
    team = results.get("team")  # None in a JSON written before team mode was measured
    for name in (*PAGES, "admin", "coach", "coach_session"):
        found = team["rerun_ms"].get(name) if team else None  # None: a JSON from before it was measured
        values[f"team_rerun_p50_ms.{name}"] = found["p50"] if found else None
    values["tick_save_p50_ms"] = results["tick_save_ms"]["tick"]["p50"]
    values["radar_vs_trivial_ratio"] = None if browser.get("skipped") else browser["ratio"]
    values["server_rss_mb"] = None if sessions.get("skipped") else sessions["rss_mb"]
    values["database_mb"] = results["build"]["after_checkpoint"]["database_mb"]
    values["start_to_healthy_s"] = results["start_to_healthy"]["app_s"]["median"]
    return values


def targets(results: dict) -> dict:
    """Each target with its value and whether it was met (None: not measured)."""
    found = {}
    for name, value in target_values(results).items():
        limit, op = TARGETS[name]
        found[name] = {"value": value, "limit": limit, "op": op, "met": None if value is None else COMPARE[op](value, limit)}
    return found


def table(results: dict) -> str:
    """The report, from the results alone (as written to JSON)."""
    def verdict(name: str) -> str:
        met = results["targets"][name]["met"]
        return "skipped" if met is None else ("met" if met else "MISSED")

    env, built, compared = results["environment"], results["build"], results["compared"]
    heavy, reruns, speed = built["heavy_leader"], results["rerun_ms"], env["calibration"]
    lines = [
        f"Koers benchmark, org {built['org']}{' against ' + compared['org'] if compared else ''}"
        f"{' (quick)' if results['quick'] else ''}, {results['date']}"
        f" - Python {env['python']}, Streamlit {env['streamlit']}, DuckDB {env['duckdb']}, pandas {env['pandas']},"
        f" {env['cpus']} CPUs",
        f"Machine speed (best of {speed['repeat']}): pure-Python loop {speed['python_loop_ms']:.1f} ms,"
        f" numpy sort {speed['numpy_sort_ms']:.1f} ms",
        "1-minute load average as each part starts (and when, s): "
        + ", ".join(f"{part.replace('_', ' ')} {value} ({env['part_started_s'][part]:.0f})"
                    for part, value in env["load_average"].items()),
        "",
        "1. The organisation (coaching.synthetic.build_org)",
    ]
    for size in (built, compared["build"]) if compared else (built,):
        lines += [
            f"   org {size['org']}: " + ", ".join(f"{table} {count:,}" for table, count in size["rows"].items()),
            f"   build {size['build_s']:.2f} s; database {size['after_checkpoint']['database_mb']:.1f} MB after CHECKPOINT"
            f" ({size['after_build']['database_mb']:.1f} MB + WAL {size['after_build']['wal_mb']:.1f} MB right after the build)"
            + (f"   [target <= {TARGETS['database_mb'][0]:.0f} MB: {verdict('database_mb')}]" if size is built else ""),
        ]
    lines += [
        f"   heavy leader (person {heavy['person_id']}, the local leader): {heavy['submitted_rounds']} rounds,"
        f" {heavy['goals']} goals, {heavy['actions']} actions, {heavy['checkins']:,} check-ins,"
        f" draft {heavy['draft_answered']}/{heavy['behaviours']} answered",
        "",
        f"2. Warm rerun as the heavy leader, AppTest, {reruns['floor']['n']} runs each, interleaved",
        f"   {'script':<26}{'p50 ms':>9}{'p95 ms':>9}{'p50/floor':>11}{'p95/floor':>11}{'CPU p50 ms':>12}"
        f"{'compile ms':>12}   target p50 <= {TARGETS['rerun_p50_ms.home'][0]:.0f} ms,"
        f" p95 <= {TARGETS['rerun_p95_ms.home'][0]:.0f} ms",
    ]
    for name, label in LABELS.items():
        row = reruns[name]
        if name == "floor":
            ratios, mark = f"{'1.0x':>11}{'1.0x':>11}", ""
        else:
            ratios = f"{row['p50_vs_floor']:>10.1f}x{row['p95_vs_floor']:>10.1f}x"
            mark = f"   {verdict(f'rerun_p50_ms.{name}')}, {verdict(f'rerun_p95_ms.{name}')}"
        lines.append(
            f"   {label:<26}{row['p50']:>9.1f}{row['p95']:>9.1f}{ratios}"
            f"{row['script_cpu_p50']:>12.1f}{row['compile_ms']:>12.1f}{mark}"
        )
    lines += [
        "   (CPU: the script thread's CPU time; compile: parsing app.py and the page, which AppTest",
        "   repeats on every run and `streamlit run` does once)",
    ]
    if compared:
        lines += _growth_lines(results, verdict)
    if results.get("team"):
        lines += _team_lines(results, verdict)
    if results.get("after_write"):
        lines += _after_write_lines(results)
    lines += ["", *_aggregation_lines(results["aggregations"])]
    ticks = results["tick_save_ms"]
    lines += [
        "",
        f"4. Saving a tick (tracker.set_day, heavy leader, {ticks['tick']['n']} days; "
        f"{ticks['ticks_into_new_week_row']} of them the week's first tick)",
        f"   tick   p50 {ticks['tick']['p50']:.1f} ms, p95 {ticks['tick']['p95']:.1f} ms"
        f"   [target p50 < {TARGETS['tick_save_p50_ms'][0]:.0f} ms: {verdict('tick_save_p50_ms')}]",
        f"   untick p50 {ticks['untick']['p50']:.1f} ms, p95 {ticks['untick']['p95']:.1f} ms",
        "",
    ]
    startup = results["start_to_healthy"]
    samples = ", ".join(f"{v:.2f}" for v in startup["app_s"]["samples"])
    lines += [
        "5. Start to healthy (Popen of `streamlit run` -> /_stcore/health ok)",
        f"   app.py {startup['app_s']['median']:.2f} s (median of {samples}); trivial_chart.py"
        f" {startup['trivial_chart_s']:.2f} s   [target < {TARGETS['start_to_healthy_s'][0]:.0f} s:"
        f" {verdict('start_to_healthy_s')}]",
        "",
    ]
    browser, sessions = results["browser"], results["sessions"]
    if browser.get("skipped"):
        lines.append(f"6. Browser: skipped - {browser['skipped']}")
    else:
        first = browser["first_load"]
        lines += [
            f"6. Browser, Chromium {browser['chromium']}: goto -> chart drawn, fresh context, "
            f"{browser['loads']} loads each, alternating",
            f"   {'Profile /profile (radar)':<26}{browser['profile_radar_s']['median']:>6.2f} s   "
            + ", ".join(f"{v:.2f}" for v in browser["profile_radar_s"]["samples"]),
            f"   {'trivial chart':<26}{browser['trivial_chart_s']['median']:>6.2f} s   "
            + ", ".join(f"{v:.2f}" for v in browser["trivial_chart_s"]["samples"]),
            f"   ratio radar/trivial {browser['ratio']:.2f}x   [target <= {TARGETS['radar_vs_trivial_ratio'][0]}x:"
            f" {verdict('radar_vs_trivial_ratio')}]",
            f"   first load of a fresh server (left out above): profile {_first(first['profile_s'])},"
            f" trivial {_first(first['trivial_s'])}",
            f"   {sessions['sessions']} concurrent sessions, each Home -> Profile -> Tracker: all done in"
            f" {sessions['wall_s']:.1f} s (median session {sessions['session_s']['median']:.1f} s:"
            + ", ".join(f" {page} {s:.1f}" for page, s in sessions["page_s_median"].items()) + ")",
            f"   server RSS {sessions['rss_mb_before']:.0f} MB when healthy, {sessions['rss_mb']:.0f} MB after the sessions"
            f" (peak {sessions['peak_rss_mb']:.0f} MB)   [target <= {TARGETS['server_rss_mb'][0]:.0f} MB:"
            f" {verdict('server_rss_mb')}]",
        ]
    met = [t["met"] for t in results["targets"].values()]
    as_meant = results["org"] == "L" and (compared is None or compared["org"] == "XL")
    lines += ["", f"Targets: {met.count(True)} met, {met.count(False)} missed, {met.count(None)} not measured"
              + ("" if as_meant else " (the targets are for org L, and for L -> XL)")]
    return "\n".join(lines)


def _growth_lines(results: dict, verdict: Callable[[str], str]) -> list[str]:
    base, compared = results["org"], results["compared"]
    other = compared["org"]
    lines = [
        "",
        f"2b. The leader pages from org {base} to org {other}: the same heavy leader, runs interleaved with those above",
        f"   {'page':<26}{base + ' p50':>9}{other + ' p50':>9}{'growth':>8}{base + ' p95':>9}{other + ' p95':>9}{'growth':>8}"
        f"{'CPU growth p50, p95':>22}   target growth <= {TARGETS['growth_p50.home'][0]}x (p50, p95)",
    ]
    for page in PAGES:
        here, there, grew = results["rerun_ms"][page], compared["rerun_ms"][page], compared["growth"][page]
        lines.append(
            f"   {LABELS[page]:<26}{here['p50']:>9.1f}{there['p50']:>9.1f}{grew['p50']:>7.2f}x"
            f"{here['p95']:>9.1f}{there['p95']:>9.1f}{grew['p95']:>7.2f}x"
            f"{grew['cpu_p50']:>14.2f}x, {grew['cpu_p95']:.2f}x"
            f"   {verdict(f'growth_p50.{page}')}, {verdict(f'growth_p95.{page}')}"
        )
    return lines


def _team_lines(results: dict, verdict: Callable[[str], str]) -> list[str]:
    team = results["team"]
    who = team["who"]
    lines = [
        "",
        f"2c. Team mode at org {team['org']}: signed in by e-mail, on a copy of the file in which the heavy leader is a"
        " registered person; runs interleaved with those above",
        f"   {'script':<26}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50 ms':>12}{'compile ms':>12}"
        f"{'team/personal p50, p95, CPU p50':>34}   target p50 <= {TARGETS['team_rerun_p50_ms.home'][0]:.0f} ms"
        f" (People <= {TARGETS['team_rerun_p50_ms.admin'][0]:.0f} ms)",
    ]
    for name in TEAM_SCRIPTS:
        row = team["rerun_ms"][name]
        if name in PAGES:
            ratio = team["vs_personal"][name]
            against = f"{ratio['p50']:.2f}x, {ratio['p95']:.2f}x, {ratio['cpu_p50']:.2f}x"
        else:
            against = "-"
        mark = verdict(f"team_rerun_p50_ms.{name}") if f"team_rerun_p50_ms.{name}" in TARGETS else "reported"
        lines.append(
            f"   {TEAM_LABELS[name]:<26}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['script_cpu_p50']:>12.1f}"
            f"{row['compile_ms']:>12.1f}{against:>34}   {mark}"
        )
    lines += [
        f"   (leader pages as the heavy leader, {who['leader']['email']}; People as the administrator"
        f" {who['admin']['email']}, listing {who['people']:,} people;",
        f"   My coachees and A coachee's sessions as the heavy leader's coach {who['coach']['email']}, {who['coachees']}"
        " coachees, the heavy leader's sessions opened; team/personal: against the same page in personal mode, this run)",
    ]
    return lines


def _after_write_lines(results: dict) -> list[str]:
    after = results["after_write"]
    lines = [
        "",
        f"2d. The leader pages right after a write (nothing kept across reruns is used), org {results['org']}; reported, not judged",
        f"   {'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50 ms':>12}{'after/warm p50, p95, CPU p50':>32}",
    ]
    for name in PAGES:
        row, ratio = after["rerun_ms"][name], after["vs_warm"][name]
        lines.append(
            f"   {LABELS[name]:<26}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['script_cpu_p50']:>12.1f}"
            f"{ratio['p50']:>13.2f}x, {ratio['p95']:.2f}x, {ratio['cpu_p50']:.2f}x"
        )
    return lines


def _aggregation_lines(aggs: dict) -> list[str]:
    every = aggs["all"]
    lines = [
        f"3. Aggregations, DuckDB ({every['duckdb_threads']} threads) against pandas on frames held in memory"
        " (loaded once: only the columns needed, Arrow-backed); results checked equal first",
        f"   {'aggregation':<44}{'n':>4}{'DuckDB p50':>11}{'p95':>8}{'pandas p50':>11}{'p95':>8}{'speedup':>9}"
        f"{'pandas load':>13}{'frames':>9}{'DuckDB':>9}",
    ]
    for name in AGGREGATIONS:
        row = aggs[name]
        lines.append(
            f"   {row['label']:<44}{row['duckdb_ms']['n']:>4}{row['duckdb_ms']['p50']:>9.1f}ms{row['duckdb_ms']['p95']:>8.1f}"
            f"{row['pandas_ms']['p50']:>9.1f}ms{row['pandas_ms']['p95']:>8.1f}{row['speedup']:>8.2f}x"
            f"{row['pandas_load_ms']['p50']:>10.1f} ms{row['pandas_frames_mb']:>6.1f} MB{row['duckdb_memory_mb']:>6.1f} MB"
        )
    lines += [
        f"   all four at once: pandas frames {every['pandas_frames_mb']:.1f} MB ("
        + ", ".join(f"{table} {size:.1f}" for table, size in every["pandas_table_mb"].items())
        + f"), DuckDB {every['duckdb_memory_mb']:.1f} MB ({every['duckdb_memory_mb_when_opened']:.1f} MB of it when opened)",
        "   (speedup: pandas p50 / DuckDB p50, both with the data in memory, above 1 when DuckDB is faster; pandas load:",
        "   the one-time read of its frames, p50; memory: the frames' memory_usage(deep=True) against DuckDB's",
        "   duckdb_memory() after its side ran once on a freshly opened database)",
    ]
    return lines


def _first(load: dict) -> str:
    return f"{load['seconds']:.2f} s" if load["error"] is None else f"FAILED ({load['error']})"


def environment() -> dict:
    import duckdb
    import pandas
    import plotly
    import streamlit

    return {
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    from coaching.synthetic import ORG_SIZES

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", choices=list(ORG_SIZES), default="L", help="the organisation's size (default L)")
    parser.add_argument("--compare", choices=list(ORG_SIZES), metavar="ORG",
                        help="also rerun the leader pages at this size, interleaved, and report their growth (L -> XL)")
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run, not a measurement")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the numbers ({DEFAULT_JSON})")
    args = parser.parse_args(argv)
    if args.compare == args.org:
        parser.error("--compare needs another size than --org")
    counts = QUICK if args.quick else FULL
    began = time.perf_counter()
    # Other work on the machine skews every figure: the 1-minute load average as each part
    # starts (the browser part's own Chromium sessions raise it towards the end), and when.
    load, started = {}, {}

    def loadavg(part: str) -> None:
        load[part] = round(os.getloadavg()[0], 2)
        started[part] = round(time.perf_counter() - began, 1)

    loadavg("start")
    speed = calibration()

    with tempfile.TemporaryDirectory(prefix="koers-bench-") as tmp:
        work = Path(tmp)
        today = dt.date.today()
        built_db = work / "org.duckdb"
        built = build(built_db, args.org, today)
        # DuckDB lets one process open a file: AppTest keeps its copy open in this process
        # (st.cache_resource), the servers are other processes, and the tick saves change
        # rows, so each gets a copy of the file as built.
        apptest_db, server_db, ticks_db = work / "apptest.duckdb", work / "server.duckdb", work / "ticks.duckdb"
        for copy in (apptest_db, server_db, ticks_db):
            shutil.copy(built_db, copy)
        # Team mode's own copy: there the heavy leader signs in as a registered person, so
        # they cannot be personal mode's local leader too (one Database per file in this process).
        team_db = work / "team.duckdb"
        shutil.copy(built_db, team_db)
        team_who = team_copy(team_db, built["heavy_leader"]["person_id"], today)
        rerun_dbs = {args.org: apptest_db}
        compared_build = None
        if args.compare:
            loadavg("build_" + args.compare)
            rerun_dbs[args.compare] = work / "compared.duckdb"
            compared_build = build(rerun_dbs[args.compare], args.compare, today)
        floor_script = work / "empty.py"
        floor_script.write_text("import streamlit as st\n", encoding="utf-8")

        loadavg("aggregations")
        aggs = bench_aggregations(built_db, today, counts)
        loadavg("ticks")
        ticks = bench_ticks(ticks_db, today, counts["ticks"])
        loadavg("reruns")
        after_write_db = work / "after_write.duckdb"
        shutil.copy(built_db, after_write_db)
        reruns = bench_reruns(rerun_dbs, floor_script, counts["reruns"], team=(team_db, team_who), after_write=after_write_db)
        loadavg("server_and_browser")
        startup, browser, sessions = bench_server_and_browser(server_db, work, counts)
        loadavg("end")

    compared = None
    if args.compare:
        compared = {
            "org": args.compare,
            "build": compared_build,
            "rerun_ms": reruns[args.compare],
            "growth": growth(reruns[args.org], reruns[args.compare]),
        }
    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "org": args.org,
        "quick": args.quick,
        "counts": counts,
        "environment": {**environment(), "calibration": speed, "load_average": load, "part_started_s": started},
        "build": built,
        "rerun_ms": {"floor": reruns["floor"], **reruns[args.org]},
        "compared": compared,
        "team": {
            "org": args.org,
            "who": team_who,
            "rerun_ms": reruns[TEAM],
            "vs_personal": growth(reruns[args.org], reruns[TEAM]),  # team p50 / personal p50, per leader page
        },
        "after_write": {
            "rerun_ms": reruns[AFTER_WRITE],
            "vs_warm": growth(reruns[args.org], reruns[AFTER_WRITE]),  # after a write p50 / warm p50, per leader page
        },
        "aggregations": aggs,
        "tick_save_ms": ticks,
        "start_to_healthy": startup,
        "browser": browser,
        "sessions": sessions,
        "seconds_total": time.perf_counter() - began,
    }
    results["targets"] = targets(results)
    print(table(results))
    print(f"\n{results['seconds_total']:.1f} s in all; JSON written to {args.json}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
