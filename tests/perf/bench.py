"""Koers benchmark at organisation scale: one command, one table, the same numbers as JSON.

    python tests/perf/bench.py --org L            # the measurement (org S, M or L)
    python tests/perf/bench.py --org S --quick    # the smoke run of the test suite
    python tests/perf/bench.py --org L --json out.json

1. Build: coaching.synthetic.build_org into a temporary DuckDB file (timed), the file's size
   after a CHECKPOINT. The heavy leader (the first with role 'leader': 20 rounds, three years
   of 10 goals and 40 weekly actions) becomes personal mode's local leader (kind 'local'), with
   a half-answered draft.
2. Warm server-side reruns (streamlit.testing.v1.AppTest) of all six pages as that leader,
   with the floor of an empty script measured the same way, runs interleaved: p50, p95.
3. Aggregations: DuckDB against a plain pandas approach (whole tables read with
   `SELECT * FROM t`, then filtered, merged and grouped in pandas), results checked equal,
   timed in turn: profile over rounds, tracker over three years, two cohort summaries.
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
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
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
    "home": "pages/home.py",
    "assessment": "pages/assessment.py",
    "profile": "pages/profile.py",
    "goals": "pages/goals.py",
    "plan": "pages/plan.py",
    "tracker": "pages/tracker.py",
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
SEED = 20261127

FULL = {"reruns": 50, "agg_min": 7, "agg_max": 60, "agg_budget_s": 8.0, "ticks": 200,
        "browser_loads": 7, "starts": 3, "sessions": 10}
QUICK = {"reruns": 3, "agg_min": 2, "agg_max": 3, "agg_budget_s": 0.0, "ticks": 10,
         "browser_loads": 1, "starts": 1, "sessions": 2}

# (limit, how the value must compare with it): the targets at org L.
TARGETS = {
    **{f"rerun_p50_ms.{page}": (60.0, "<=") for page in PAGES},
    "aggregation_speedup.profile": (10.0, ">="),
    "aggregation_speedup.tracker_history": (10.0, ">="),
    "aggregation_speedup.cohort_scores": (10.0, ">="),
    "aggregation_speedup.cohort_completion": (10.0, ">="),
    "tick_save_p50_ms": (30.0, "<"),
    "radar_vs_trivial_ratio": (1.3, "<="),
    "server_rss_mb": (500.0, "<="),
    "database_mb": (200.0, "<="),
    "start_to_healthy_s": (3.0, "<"),  # the earlier issue's target
}


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


# -- 1. the organisation ------------------------------------------------------------------


def build(path: Path, org: str, today: dt.date) -> dict:
    """The organisation, its heavy leader made the local leader with a half-answered draft,
    and the file's size before and after a CHECKPOINT."""
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
            heavy = cursor.execute("SELECT min(id) FROM people WHERE role = 'leader'").fetchone()[0]
            cursor.execute("UPDATE people SET kind = 'local' WHERE id = ?", [heavy])
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


# -- 2. warm server-side reruns -------------------------------------------------------------


def bench_reruns(db_path: Path, floor_script: Path, reruns: int) -> dict:
    """Warm at.run() times per page, the pages interleaved run by run so that drift in the
    machine's speed hits all of them alike."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    os.environ["KOERS_DB"] = str(db_path)
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
        return _time_reruns(AppTest, floor_script, reruns, last_cpu)
    finally:
        PagesManager.__init__ = original_init
        LocalScriptRunner._run_script_thread = original_thread


def _time_reruns(AppTest, floor_script: Path, reruns: int, last_cpu: list[float]) -> dict:
    def app_on(page: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        if page != "pages/home.py":
            at.switch_page(page).run()
        return at

    floor = AppTest.from_file(str(floor_script), default_timeout=120)
    floor.run()
    apps = {"floor": floor, **{name: app_on(path) for name, path in PAGES.items()}}
    for name, at in apps.items():
        _check_page(name, at)

    samples: dict[str, list[float]] = {name: [] for name in apps}
    cpu: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(reruns):
        for name, at in apps.items():
            start = time.perf_counter()
            at.run()
            samples[name].append(time.perf_counter() - start)
            cpu[name].append(last_cpu[0])
    for name, at in apps.items():
        _check_page(name, at)

    result = {name: summary_ms(times) for name, times in samples.items()}
    for name, times in cpu.items():
        result[name]["script_cpu_p50"] = percentile(times, 50) * 1000
    # AppTest makes a new script cache for every run, so each at.run() parses and compiles
    # app.py and the page again; `streamlit run` keeps them compiled. Reported so that it can
    # be subtracted.
    result["floor"]["compile_ms"] = compile_ms([floor_script])
    for name, path in PAGES.items():
        result[name]["compile_ms"] = compile_ms([APP, ROOT / path])
        result[name]["p50_vs_floor"] = result[name]["p50"] / result["floor"]["p50"]
        result[name]["p95_vs_floor"] = result[name]["p95"] / result["floor"]["p95"]
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


def _check_page(name: str, at) -> None:
    """Make sure a timing is of the page meant, as the heavy leader, not of an error."""
    if at.exception:
        raise RuntimeError(f"{name}: the script raised {at.exception[0].message}")
    if name == "floor":
        return
    if not at.sidebar.get("button_group"):
        raise RuntimeError(f"{name}: the page ran without app.py (no language switch in the sidebar)")
    checks = {
        # Home's first figure is the number of submitted rounds: the heavy leader's 20.
        "home": lambda: len(at.metric) >= 3 and at.metric[0].value == "20",
        "assessment": lambda: len(at.radio) > 0,
        "profile": lambda: len(at.get("plotly_chart")) == 2,
        "goals": lambda: len(at.expander) >= 10,
        "plan": lambda: len(at.selectbox) >= 1 and len(at.get("plotly_chart")) >= 1,
        "tracker": lambda: len(at.metric) == 4 and len(at.dataframe) >= 1,
    }
    if not checks[name]():
        raise RuntimeError(f"{name}: the page did not show what the heavy leader's page shows")


# -- 3. aggregations: DuckDB against pandas -------------------------------------------------


def bench_aggregations(db_path: Path, today: dt.date, counts: dict) -> dict:
    from coaching import people
    from coaching.db import Database
    from coaching.framework import load_framework
    from tests.perf import aggregations

    db = Database(db_path)
    try:
        leader = people.local_leader(db)
        with db.read() as cursor:
            threads = cursor.execute("SELECT current_setting('threads')").fetchone()[0]
        results = {}
        for agg in aggregations.aggregations(db, leader, load_framework(), today):
            # Both once, untimed, and compared: a timing of a wrong answer is no timing.
            duck = agg.duckdb()
            loaded = aggregations.read_tables(db, *agg.tables)
            differs = agg.differs(duck, agg.pandas(loaded))
            if differs:
                raise RuntimeError(f"{agg.name}: DuckDB and pandas disagree: {differs}")
            duck_s, load_s, compute_s, total_s = [], [], [], []
            began = time.perf_counter()
            while len(duck_s) < counts["agg_max"] and (
                len(duck_s) < counts["agg_min"] or time.perf_counter() - began < counts["agg_budget_s"]
            ):
                start = time.perf_counter()
                agg.duckdb()
                duck_s.append(time.perf_counter() - start)
                start = time.perf_counter()
                loaded = aggregations.read_tables(db, *agg.tables)
                middle = time.perf_counter()
                agg.pandas(loaded)
                end = time.perf_counter()
                load_s.append(middle - start)
                compute_s.append(end - middle)
                total_s.append(end - start)
            duck_ms, pandas_ms = summary_ms(duck_s), summary_ms(total_s)
            results[agg.name] = {
                "label": agg.label,
                "verified_equal": True,
                "duckdb_ms": duck_ms,
                "pandas_ms": pandas_ms,
                "pandas_load_ms_p50": percentile(load_s, 50) * 1000,
                "pandas_compute_ms_p50": percentile(compute_s, 50) * 1000,
                "pandas_rows_loaded": float(sum(len(frame) for frame in loaded.values())),
                "speedup": pandas_ms["p50"] / duck_ms["p50"],
                "compute_only_speedup": percentile(compute_s, 50) * 1000 / duck_ms["p50"],
            }
        results["duckdb_threads"] = threads
        return results
    finally:
        db.close()


# -- 4. saving a tick ----------------------------------------------------------------------


def bench_ticks(db_path: Path, today: dt.date, count: int) -> dict:
    """`count` ticks through tracker.set_day on days of the heavy leader's actions that were
    not ticked (in the last year's weeks; some weeks without a check-in row yet), each timed,
    then the same days unticked, each timed."""
    from coaching import people, tracker, weeks
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
        history = tracker.history(db, leader, today)
        recent = history[history["week_start"] >= this_week - 52 * weeks.ONE_WEEK]
        candidates = []
        for action_id, monday in zip(recent["action_id"], recent["week_start"]):
            for weekday in range(1, 8):
                if monday + dt.timedelta(days=weekday - 1) <= today and weekday not in ticked.get((action_id, monday), ()):
                    candidates.append((int(action_id), monday, weekday))
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
    reruns, aggs = results["rerun_ms"], results["aggregations"]
    browser, sessions = results["browser"], results["sessions"]
    values = {f"rerun_p50_ms.{page}": reruns[page]["p50"] for page in PAGES}
    values.update({f"aggregation_speedup.{name}": aggs[name]["speedup"] for name in
                   ("profile", "tracker_history", "cohort_scores", "cohort_completion")})
    values["tick_save_p50_ms"] = results["tick_save_ms"]["tick"]["p50"]
    values["radar_vs_trivial_ratio"] = None if browser.get("skipped") else browser["ratio"]
    values["server_rss_mb"] = None if sessions.get("skipped") else sessions["rss_mb"]
    values["database_mb"] = results["build"]["after_checkpoint"]["database_mb"]
    values["start_to_healthy_s"] = results["start_to_healthy"]["app_s"]["median"]
    return values


def targets(results: dict) -> dict:
    """Each target with its value and whether it was met (None: not measured)."""
    compare = {"<=": lambda v, l: v <= l, "<": lambda v, l: v < l, ">=": lambda v, l: v >= l}
    found = {}
    for name, value in target_values(results).items():
        limit, op = TARGETS[name]
        found[name] = {"value": value, "limit": limit, "op": op, "met": None if value is None else compare[op](value, limit)}
    return found


def table(results: dict) -> str:
    def verdict(name: str) -> str:
        met = results["targets"][name]["met"]
        return "skipped" if met is None else ("met" if met else "MISSED")

    env, built = results["environment"], results["build"]
    heavy, reruns = built["heavy_leader"], results["rerun_ms"]
    lines = [
        f"Koers benchmark, org {built['org']}{' (quick)' if results['quick'] else ''}, {results['date']}"
        f" - Python {env['python']}, Streamlit {env['streamlit']}, DuckDB {env['duckdb']}, pandas {env['pandas']},"
        f" {env['cpus']} CPUs",
        "1-minute load average as each part starts: "
        + ", ".join(f"{part.replace('_', ' ')} {value}" for part, value in env["load_average"].items()),
        "",
        "1. The organisation (coaching.synthetic.build_org)",
        "   " + ", ".join(f"{table} {count:,}" for table, count in built["rows"].items()),
        f"   build {built['build_s']:.2f} s; database {built['after_checkpoint']['database_mb']:.1f} MB after CHECKPOINT"
        f" ({built['after_build']['database_mb']:.1f} MB + WAL {built['after_build']['wal_mb']:.1f} MB right after the build)"
        f"   [target <= {TARGETS['database_mb'][0]:.0f} MB: {verdict('database_mb')}]",
        f"   heavy leader (person {heavy['person_id']}, the local leader): {heavy['submitted_rounds']} rounds,"
        f" {heavy['goals']} goals, {heavy['actions']} actions, {heavy['checkins']:,} check-ins,"
        f" draft {heavy['draft_answered']}/{heavy['behaviours']} answered",
        "",
        f"2. Warm rerun as the heavy leader, AppTest, {reruns['floor']['n']} runs each, interleaved",
        f"   {'script':<26}{'p50 ms':>9}{'p95 ms':>9}{'p50/floor':>11}{'p95/floor':>11}{'CPU p50 ms':>12}"
        f"{'compile ms':>12}   target p50 <= {TARGETS['rerun_p50_ms.home'][0]:.0f} ms",
    ]
    for name, label in LABELS.items():
        row = reruns[name]
        if name == "floor":
            ratios, mark = f"{'1.0x':>11}{'1.0x':>11}", ""
        else:
            ratios = f"{row['p50_vs_floor']:>10.1f}x{row['p95_vs_floor']:>10.1f}x"
            mark = "   " + verdict(f"rerun_p50_ms.{name}")
        lines.append(
            f"   {label:<26}{row['p50']:>9.1f}{row['p95']:>9.1f}{ratios}"
            f"{row['script_cpu_p50']:>12.1f}{row['compile_ms']:>12.1f}{mark}"
        )
    lines += [
        "   (CPU: the script thread's CPU time; compile: parsing app.py and the page, which AppTest",
        "   repeats on every run and `streamlit run` does once)",
        "",
        f"3. Aggregations, DuckDB ({results['aggregations']['duckdb_threads']} threads) against pandas"
        " (whole tables read with SELECT * ... .df(), then pandas); results checked equal first",
        f"   {'aggregation':<42}{'n':>4}{'DuckDB p50':>11}{'p95':>8}{'pandas p50':>11}{'p95':>8}{'(load':>8}"
        f"{'+ compute)':>11}{'speedup':>9}   target >= {TARGETS['aggregation_speedup.profile'][0]:.0f}x",
    ]
    for name, row in results["aggregations"].items():
        if name == "duckdb_threads":
            continue
        lines.append(
            f"   {row['label']:<42}{row['duckdb_ms']['n']:>4}{row['duckdb_ms']['p50']:>9.1f}ms{row['duckdb_ms']['p95']:>8.1f}"
            f"{row['pandas_ms']['p50']:>9.1f}ms{row['pandas_ms']['p95']:>8.1f}{row['pandas_load_ms_p50']:>8.1f}"
            f"{row['pandas_compute_ms_p50']:>11.1f}{row['speedup']:>8.1f}x   {verdict('aggregation_speedup.' + name)}"
            f" (compute alone {row['compute_only_speedup']:.1f}x)"
        )
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
    lines += ["", f"Targets: {met.count(True)} met, {met.count(False)} missed, {met.count(None)} not measured"
              + ("" if results["org"] == "L" else " (the targets are for org L)")]
    return "\n".join(lines)


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
    parser.add_argument("--org", choices=sorted(ORG_SIZES), default="L", help="the organisation's size (default L)")
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run, not a measurement")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the numbers ({DEFAULT_JSON})")
    args = parser.parse_args(argv)
    counts = QUICK if args.quick else FULL
    began = time.perf_counter()
    # Other work on the machine skews every figure: the 1-minute load average as each part
    # starts (the browser part's own Chromium sessions raise it towards the end).
    load = {}

    def loadavg(part: str) -> None:
        load[part] = round(os.getloadavg()[0], 2)

    loadavg("start")

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
        floor_script = work / "empty.py"
        floor_script.write_text("import streamlit as st\n", encoding="utf-8")

        loadavg("aggregations")
        aggs = bench_aggregations(built_db, today, counts)
        loadavg("ticks")
        ticks = bench_ticks(ticks_db, today, counts["ticks"])
        loadavg("reruns")
        rerun_ms = bench_reruns(apptest_db, floor_script, counts["reruns"])
        loadavg("server_and_browser")
        startup, browser, sessions = bench_server_and_browser(server_db, work, counts)
        loadavg("end")

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "org": args.org,
        "quick": args.quick,
        "counts": counts,
        "environment": {**environment(), "load_average": load},
        "build": built,
        "rerun_ms": rerun_ms,
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
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
