"""Koers benchmark: how fast the profile page is, measured three ways in one run.

    python tests/perf/bench.py [--quick] [--json PATH]

1. Warm server-side reruns (streamlit.testing.v1.AppTest) of Home, Self-assessment (with a
   draft started) and Profile, for a leader with 20 submitted rounds, against the floor of an
   empty script measured the same way in the same run: p50 and p95 in ms, and page/floor.
2. Start to healthy: seconds from Popen of `streamlit run app.py` to /_stcore/health "ok".
3. In Chromium: seconds from page.goto of /profile until the radar's line is drawn, against
   the same for tests/perf/trivial_chart.py (one go.Scatter) served by another
   `streamlit run`, loads alternating, medians and their ratio.

Prints a table and writes the same numbers as JSON (default tests/perf/results/bench.json).
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

from tests.e2e.server import CHROMIUM_ARGS, chromium_path, streamlit_app, wait_for_run  # noqa: E402

APP = ROOT / "app.py"
TRIVIAL_CHART = Path(__file__).resolve().parent / "trivial_chart.py"
DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "bench.json"

# The pages as app.py names them in st.Page (paths relative to app.py).
PAGES = {"home": "pages/home.py", "assessment": "pages/assessment.py", "profile": "pages/profile.py"}
ROUNDS = 20
WEEKS_BETWEEN_ROUNDS = 3
SEED = 20261127

# The radar (polar subplot) and the trivial chart (cartesian) count as drawn once the line of
# their first trace is a visible SVG path: Plotly has laid out the axes and drawn the data, not
# merely mounted an empty `.js-plotly-plot` container.
RADAR_DRAWN = ".js-plotly-plot .polarlayer .scatterlayer .trace .lines path.js-line"
TRIVIAL_DRAWN = ".js-plotly-plot .cartesianlayer .scatterlayer .trace .lines path.js-line"

TARGETS = {
    "profile_rerun_p50_ms": 50.0,
    "start_to_healthy_s": 3.0,
    "radar_vs_trivial_ratio": 1.5,
}

FULL = {"reruns": 50, "browser_loads": 5, "starts": 3}
QUICK = {"reruns": 5, "browser_loads": 1, "starts": 1}


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


# -- the database -------------------------------------------------------------------------


def make_history(path: Path, today: dt.date) -> dict:
    """A database with the local leader's 20 submitted rounds, three weeks apart and all in the
    past, scores drifting upward with noise so that rounds differ, targets and comments on
    some; plus an open draft with part of the behaviours answered."""
    from coaching import assessments, people
    from coaching.db import Database
    from coaching.framework import SCALE_LEVELS, load_framework

    rng = random.Random(SEED)
    framework = load_framework()
    db = Database(path)
    try:
        leader = people.local_leader(db)
        level = {c.id: rng.uniform(1.8, 3.4) for c in framework.competencies}
        first_day = today - dt.timedelta(days=10 + WEEKS_BETWEEN_ROUNDS * 7 * (ROUNDS - 1))
        for number in range(ROUNDS):
            ratings: dict[str, int | None] = {}
            for competency in framework.competencies:
                level[competency.id] = min(4.6, level[competency.id] + rng.uniform(-0.1, 0.25))
                for behaviour in competency.behaviours:
                    if rng.random() < 0.05:
                        ratings[behaviour.id] = None  # not observed
                    else:
                        ratings[behaviour.id] = max(1, min(5, round(level[competency.id] + rng.uniform(-0.8, 0.8))))
            chosen = rng.sample([c.id for c in framework.competencies], k=rng.randint(0, 5))
            targets = {cid: rng.choice(SCALE_LEVELS[2:]) for cid in chosen}
            comments = {cid: f"Round {number + 1}: what I noticed about {cid.replace('_', ' ')}." for cid in chosen[:2]}
            assessments.record_round(
                db,
                leader,
                framework,
                first_day + dt.timedelta(weeks=WEEKS_BETWEEN_ROUNDS * number),
                ratings,
                targets,
                comments,
                today=today,
            )
        draft = assessments.start_draft(db, leader, framework, today)
        started = framework.behaviours[: len(framework.behaviours) // 2]
        for behaviour in started:
            assessments.rate(db, leader, framework, draft.id, behaviour.id, rng.choice(SCALE_LEVELS))
        assessments.set_target(db, leader, framework, draft.id, framework.competencies[0].id, 4)
        assessments.set_comment(db, leader, framework, draft.id, framework.competencies[0].id, "Halfway through.")
        rounds = len(assessments.submitted_rounds(db, leader))
    finally:
        db.close()
    return {
        "submitted_rounds": rounds,
        "first_round": first_day.isoformat(),
        "weeks_between_rounds": WEEKS_BETWEEN_ROUNDS,
        "draft_answered": len(started),
        "behaviours": len(framework.behaviours),
    }


# -- 1. warm server-side reruns -------------------------------------------------------------


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
    # (docs/performance.md). With no `pages/` folder this changes nothing.
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
    def app_on(page: str | None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    def floor() -> AppTest:
        at = AppTest.from_file(str(floor_script), default_timeout=60)
        at.run()
        return at

    apps = {
        "floor": floor(),
        "home": app_on(None),
        "assessment": app_on(PAGES["assessment"]),  # the draft made in make_history
        "profile": app_on(PAGES["profile"]),
    }
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
    for name in ("home", "assessment", "profile"):
        result[name]["compile_ms"] = compile_ms([APP, ROOT / PAGES[name]])
    for name in ("home", "assessment", "profile"):
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
    """Make sure a timing is of the page meant, not of an error message."""
    if at.exception:
        raise RuntimeError(f"{name}: the script raised {at.exception[0].message}")
    if name != "floor" and not at.sidebar.get("button_group"):
        raise RuntimeError(f"{name}: the page ran without app.py (no language switch in the sidebar)")
    if name == "profile" and len(at.get("plotly_chart")) != 2:
        raise RuntimeError("profile: expected the radar and the dumbbell chart")
    if name == "assessment" and not at.radio:
        raise RuntimeError("assessment: expected the draft's rating questions")
    if name == "home" and not at.metric:
        raise RuntimeError("home: expected the programme figures")


# -- 2. and 3. the real server and the browser --------------------------------------------


def bench_server_and_browser(db_path: Path, work: Path, starts: int, loads: int) -> tuple[dict, dict]:
    """Start the app `starts` times (the last one also serves the browser part)."""
    healthy: list[float] = []
    for number in range(starts - 1):
        copy = work / f"start{number}.duckdb"
        shutil.copy(db_path, copy)
        with streamlit_app(copy) as app:
            healthy.append(app.seconds_to_healthy)
    with streamlit_app(db_path) as app:
        healthy.append(app.seconds_to_healthy)
        with streamlit_app(work / "trivial.duckdb", script=str(TRIVIAL_CHART.relative_to(ROOT))) as trivial:
            startup = {
                "app_s": {"median": statistics.median(healthy), "samples": [round(v, 3) for v in healthy]},
                "trivial_chart_s": trivial.seconds_to_healthy,
            }
            browser = bench_browser(app.url, trivial.url, loads)
    return startup, browser


def bench_browser(app_url: str, trivial_url: str, loads: int) -> dict:
    executable = chromium_path()
    if executable is None:
        return {"skipped": "Chromium not found (apt-get install -y chromium)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "the playwright package is not installed"}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            # The first session of a fresh server imports pandas, plotly and duckdb and opens
            # the database: reported apart as the first load, left out of the medians.
            first = {
                "profile_s": _first_load(browser, app_url, "/profile", RADAR_DRAWN),
                "trivial_s": _first_load(browser, trivial_url, "/", TRIVIAL_DRAWN),
            }
            radar, plain = [], []
            for _ in range(loads):
                radar.append(_load(browser, app_url + "/profile", RADAR_DRAWN))
                plain.append(_load(browser, trivial_url + "/", TRIVIAL_DRAWN))
            version = browser.version
        finally:
            browser.close()
    radar_median, plain_median = statistics.median(radar), statistics.median(plain)
    return {
        "skipped": None,
        "chromium": version,
        "loads": loads,
        "profile_radar_s": {"median": radar_median, "samples": [round(v, 3) for v in radar]},
        "trivial_chart_s": {"median": plain_median, "samples": [round(v, 3) for v in plain]},
        "ratio": radar_median / plain_median,
        "first_load": first,
    }


def _load(browser, url: str, drawn: str) -> float:
    """Seconds from page.goto(url) until the `drawn` selector is visible, in a fresh browser
    context (empty cache, new Streamlit session): what a first visit costs."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector(drawn, state="visible", timeout=60_000)
        elapsed = time.perf_counter() - start
        wait_for_run(page, timeout=60_000)  # let the run finish before the session goes away
        return elapsed
    finally:
        context.close()


def _first_load(browser, base_url: str, path: str, drawn: str) -> dict:
    """The first visit of a fresh server, timed like the others. If the page shows an error
    instead of its chart, say so, and warm the server up through its root instead."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(base_url + path, wait_until="commit")
        page.locator(drawn).or_(page.locator("[data-testid='stException']")).first.wait_for(
            state="visible", timeout=60_000
        )
        elapsed = time.perf_counter() - start
        wait_for_run(page, timeout=60_000)
        error = page.locator("[data-testid='stException']")
        if error.count():
            message = error.first.inner_text().strip().splitlines()[0]
            message = message if len(message) <= 90 else message[:87] + "..."
            page.goto(base_url + "/", wait_until="commit")
            wait_for_run(page, timeout=60_000)
            return {"seconds": None, "error": message}
        return {"seconds": elapsed, "error": None}
    finally:
        context.close()


# -- report -------------------------------------------------------------------------------


def targets(results: dict) -> dict:
    """Each target with its value and whether it was met (None: not measured)."""
    browser = results["browser"]
    values = {
        "profile_rerun_p50_ms": results["rerun_ms"]["profile"]["p50"],
        "start_to_healthy_s": results["start_to_healthy"]["app_s"]["median"],
        "radar_vs_trivial_ratio": None if browser.get("skipped") else browser["ratio"],
    }
    within = {"radar_vs_trivial_ratio"}  # "within 1.5x": the limit itself still counts as met
    return {
        name: {
            "value": value,
            "limit": TARGETS[name],
            "met": None if value is None else (value <= TARGETS[name] if name in within else value < TARGETS[name]),
        }
        for name, value in values.items()
    }


def table(results: dict) -> str:
    def verdict(name: str) -> str:
        met = results["targets"][name]["met"]
        return "skipped" if met is None else ("met" if met else "MISSED")

    reruns, setup = results["rerun_ms"], results["setup"]
    lines = [
        f"Koers benchmark {results['date']}{' (quick)' if results['quick'] else ''}"
        f" - Python {results['environment']['python']}, Streamlit {results['environment']['streamlit']},"
        f" {results['environment']['cpus']} CPUs, load average {results['environment']['load_average']}",
        "",
        f"1. Warm rerun, AppTest, {reruns['floor']['n']} runs each "
        f"({setup['submitted_rounds']} submitted rounds, "
        f"draft {setup['draft_answered']}/{setup['behaviours']} answered)",
        f"   {'script':<28}{'p50 ms':>9}{'p95 ms':>9}{'p50/floor':>11}{'p95/floor':>11}{'CPU p50 ms':>12}"
        f"{'compile ms':>12}",
    ]
    labels = {
        "floor": "floor (empty script)",
        "home": "Home",
        "assessment": "Self-assessment (draft)",
        "profile": "Profile (radar)",
    }
    for name, label in labels.items():
        row = reruns[name]
        if name == "floor":
            ratios = f"{'1.0x':>11}{'1.0x':>11}"
        else:
            ratios = f"{row['p50_vs_floor']:>10.1f}x{row['p95_vs_floor']:>10.1f}x"
        lines.append(
            f"   {label:<28}{row['p50']:>9.1f}{row['p95']:>9.1f}{ratios}"
            f"{row['script_cpu_p50']:>12.1f}{row['compile_ms']:>12.1f}"
        )
    lines += [
        "   (CPU: the script thread's CPU time; compile: parsing app.py and the page, which AppTest",
        "   repeats on every run and `streamlit run` does once)",
        f"   target: Profile p50 < {TARGETS['profile_rerun_p50_ms']:.0f} ms: {verdict('profile_rerun_p50_ms')}",
    ]

    startup = results["start_to_healthy"]
    samples = ", ".join(f"{v:.2f}" for v in startup["app_s"]["samples"])
    lines += [
        "",
        "2. Start to healthy (Popen of `streamlit run` -> /_stcore/health ok)",
        f"   app.py            {startup['app_s']['median']:>6.2f} s  (median of {samples})",
        f"   trivial_chart.py  {startup['trivial_chart_s']:>6.2f} s",
        f"   target: app.py < {TARGETS['start_to_healthy_s']:.0f} s: {verdict('start_to_healthy_s')}",
        "",
    ]

    browser = results["browser"]
    if browser.get("skipped"):
        lines.append(f"3. Browser: skipped - {browser['skipped']}")
    else:
        first = browser["first_load"]
        lines += [
            f"3. Browser, Chromium {browser['chromium']}: goto -> chart drawn, fresh context, "
            f"{browser['loads']} loads each, alternating",
            f"   {'page':<28}{'median s':>9}   samples",
            f"   {'Profile /profile (radar)':<28}{browser['profile_radar_s']['median']:>9.2f}   "
            + ", ".join(f"{v:.2f}" for v in browser["profile_radar_s"]["samples"]),
            f"   {'trivial chart':<28}{browser['trivial_chart_s']['median']:>9.2f}   "
            + ", ".join(f"{v:.2f}" for v in browser["trivial_chart_s"]["samples"]),
            f"   ratio radar/trivial {browser['ratio']:.2f}x",
            f"   first load of a fresh server (left out above): profile {_first(first['profile_s'])},"
            f" trivial {_first(first['trivial_s'])}",
            f"   target: ratio <= {TARGETS['radar_vs_trivial_ratio']}: {verdict('radar_vs_trivial_ratio')}",
        ]
    return "\n".join(lines)


def _first(load: dict) -> str:
    return f"{load['seconds']:.2f} s" if load["error"] is None else f"FAILED ({load['error']})"


def environment() -> dict:
    import duckdb
    import plotly
    import streamlit

    return {
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "plotly": plotly.__version__,
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        # Other work on the machine skews every figure: the 1-minute load average at the end.
        "load_average": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run, not a measurement")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the numbers ({DEFAULT_JSON})")
    args = parser.parse_args(argv)
    counts = QUICK if args.quick else FULL
    began = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="koers-bench-") as tmp:
        work = Path(tmp)
        today = dt.date.today()
        seed_db = work / "seed.duckdb"
        setup = make_history(seed_db, today)
        # AppTest opens its copy in this process and keeps it open (st.cache_resource); the
        # servers are other processes and DuckDB allows one per file, so each gets its own copy.
        apptest_db, server_db = work / "apptest.duckdb", work / "server.duckdb"
        shutil.copy(seed_db, apptest_db)
        shutil.copy(seed_db, server_db)
        floor_script = work / "empty.py"
        floor_script.write_text("import streamlit as st\n", encoding="utf-8")

        rerun_ms = bench_reruns(apptest_db, floor_script, counts["reruns"])
        startup, browser = bench_server_and_browser(server_db, work, counts["starts"], counts["browser_loads"])

    results = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "environment": environment(),
        "setup": setup,
        "rerun_ms": rerun_ms,
        "start_to_healthy": startup,
        "browser": browser,
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
