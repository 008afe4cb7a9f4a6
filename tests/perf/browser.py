"""The benchmark's browser parts, in Debian's Chromium through Playwright:

- the radar against a trivial one-chart page: seconds from page.goto until the chart's line
  is drawn, each load in a fresh context, loads alternating;
- many sessions at once: each in its own context loads Home, then Profile and the Weekly
  tracker through the sidebar (one Streamlit session each), all at the same time; then the
  server's resident memory is read from /proc/<pid>/status.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from pathlib import Path

from coaching.framework import LANGUAGES
from coaching.i18n import t
from tests.e2e.server import CHROMIUM_ARGS, chromium_path, wait_for_run

# The radar (polar subplot) and the trivial chart (cartesian) count as drawn once the line of
# their first trace is a visible SVG path: Plotly has laid out the axes and drawn the data, not
# merely mounted an empty `.js-plotly-plot` container.
RADAR_DRAWN = ".js-plotly-plot .polarlayer .scatterlayer .trace .lines path.js-line"
TRIVIAL_DRAWN = ".js-plotly-plot .cartesianlayer .scatterlayer .trace .lines path.js-line"
# Home is drawn once its one next step is (the primary button, key home.next); the weekly
# tracker once this week's actions show their days (st.pills keyed tracker.days.<week>.<action>...).
NEXT_STEP = ".st-key-home-next [data-testid^='stBaseButton']"
DAY_PILLS = "[class*='st-key-tracker-days-'] [data-testid='stButtonGroup'] button"
CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
NOT_RUNNING = "[data-testid='stApp'][data-test-script-state='notRunning']"
VIEWPORT = {"width": 1440, "height": 900}
TIMEOUT_MS = 180_000


def title(key: str) -> re.Pattern:
    """A page's title in any of the app's languages: the synthetic leader may speak Dutch."""
    return re.compile("^(" + "|".join(re.escape(t(language, key)) for language in LANGUAGES) + ")$")


def unavailable() -> str | None:
    """Why the browser parts cannot run here, or None."""
    if chromium_path() is None:
        return "Chromium not found (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


def memory(pid: int) -> dict:
    """The process's resident memory now (VmRSS) and at its peak (VmHWM), in MB (10^6 bytes)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) * 1024 / 1e6  # the kernel's kB are KiB
    return {"rss_mb": found["VmRSS"], "peak_rss_mb": found["VmHWM"]}


# -- the radar against a trivial chart --------------------------------------------------------


def radar_vs_trivial(app_url: str, trivial_url: str, loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
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
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
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
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(base_url + path, wait_until="commit")
        try:
            page.wait_for_selector(f"{drawn}, [data-testid='stException']", state="visible", timeout=90_000)
        except Exception as error:  # noqa: BLE001 - reported, not raised: the other loads still count
            return {"seconds": None, "error": type(error).__name__}
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


# -- many sessions at once, and the server's memory ----------------------------------------


def concurrent_sessions(app_url: str, pid: int, sessions: int) -> dict:
    """`sessions` browser contexts at once, each: Home by URL (its next step drawn), then
    Profile (radar drawn) and Weekly tracker (this week's day pills drawn) through the
    sidebar; the server's memory once all have finished, with every session still open."""
    return asyncio.run(_sessions(app_url, pid, sessions))


async def _sessions(app_url: str, pid: int, count: int) -> dict:
    from playwright.async_api import async_playwright

    before = memory(pid)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            contexts = [await browser.new_context(viewport=VIEWPORT, locale="en-US") for _ in range(count)]
            began = time.perf_counter()
            visits = await asyncio.gather(*(_visit(context, app_url) for context in contexts))
            wall = time.perf_counter() - began
            after = memory(pid)
            for context in contexts:
                await context.close()
        finally:
            await browser.close()
    return {
        "skipped": None,
        "sessions": count,
        "pages": ["home", "profile", "tracker"],
        "wall_s": wall,
        "session_s": {"median": statistics.median(v["total"] for v in visits), "samples": [round(v["total"], 3) for v in visits]},
        "page_s_median": {page: statistics.median(v[page] for v in visits) for page in ("home", "profile", "tracker")},
        "rss_mb_before": before["rss_mb"],
        "rss_mb": after["rss_mb"],
        "peak_rss_mb": after["peak_rss_mb"],
    }


async def _visit(context, app_url: str) -> dict:
    page = await context.new_page()
    times = {}
    start = time.perf_counter()
    await page.goto(app_url + "/", wait_until="commit")
    await page.get_by_role("heading", name=title("home.title")).first.wait_for(timeout=TIMEOUT_MS)
    await page.locator(NEXT_STEP).first.wait_for(timeout=TIMEOUT_MS)
    await _run_done(page)
    times["home"] = time.perf_counter() - start

    mark = time.perf_counter()
    await page.locator("[data-testid='stSidebarNavLink'][href$='/profile']").click(timeout=TIMEOUT_MS)
    await page.get_by_role("heading", name=title("profile.title")).first.wait_for(timeout=TIMEOUT_MS)
    await page.locator(RADAR_DRAWN).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    await _run_done(page)
    times["profile"] = time.perf_counter() - mark

    mark = time.perf_counter()
    await page.locator("[data-testid='stSidebarNavLink'][href$='/tracker']").click(timeout=TIMEOUT_MS)
    await page.get_by_role("heading", name=title("tracker.title")).first.wait_for(timeout=TIMEOUT_MS)
    await page.locator(DAY_PILLS).first.wait_for(timeout=TIMEOUT_MS)
    await _run_done(page)
    times["tracker"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    if await page.locator("[data-testid='stException']").count():
        raise RuntimeError("a page showed an exception during the concurrent sessions")
    return times


async def _run_done(page) -> None:
    await page.wait_for_selector(CONNECTED, timeout=TIMEOUT_MS)
    await page.wait_for_selector(NOT_RUNNING, timeout=TIMEOUT_MS)
