"""A short run of the benchmark (tests/perf/bench.py --quick), so that it cannot rot.

It checks that every number was produced and written as JSON, never how fast anything was:
timings on a shared machine are no pass/fail matter. The browser part needs Chromium: without
it that part is skipped, except under CI (CI=true), where it fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.server import ROOT, chromium_path

BENCH = Path(__file__).resolve().parent / "bench.py"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, dict]:
    output = tmp_path_factory.mktemp("bench") / "bench.json"
    environment = {key: value for key, value in os.environ.items() if key != "KOERS_DB"}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(output)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"bench.py failed:\n{done.stdout}\n{done.stderr}"
    assert output.is_file(), "bench.py wrote no JSON"
    return done, json.loads(output.read_text(encoding="utf-8"))


def positive(value: object) -> bool:
    return isinstance(value, float) and value > 0


def test_server_side_numbers_and_start_up(quick_run):
    done, results = quick_run
    for page in ("floor", "home", "assessment", "profile"):
        row = results["rerun_ms"][page]
        assert positive(row["p50"]) and positive(row["p95"]), (page, row)
        assert positive(row["script_cpu_p50"]), (page, row)
        assert row["n"] >= 1 and all(positive(v) for v in row["samples"]), (page, row)
    for page in ("home", "assessment", "profile"):
        row = results["rerun_ms"][page]
        assert positive(row["p50_vs_floor"]) and positive(row["p95_vs_floor"]), (page, row)
        assert positive(row["compile_ms"]), (page, row)
    startup = results["start_to_healthy"]
    assert positive(startup["app_s"]["median"]) and positive(startup["trivial_chart_s"]), startup
    assert results["setup"]["submitted_rounds"] == 20
    assert positive(results["targets"]["profile_rerun_p50_ms"]["value"])
    assert positive(results["targets"]["start_to_healthy_s"]["value"])
    # The same numbers are in the printed table.
    assert "Profile (radar)" in done.stdout and "Start to healthy" in done.stdout


@pytest.mark.browser
def test_browser_numbers(quick_run):
    done, results = quick_run
    browser = results["browser"]
    if browser["skipped"]:
        assert chromium_path() is None, f"Chromium is there, yet the browser part was skipped: {browser['skipped']}"
        assert "Browser: skipped" in done.stdout
        message = f"benchmark's browser part: {browser['skipped']}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    assert positive(browser["profile_radar_s"]["median"]), browser
    assert positive(browser["trivial_chart_s"]["median"]), browser
    assert all(positive(v) for v in browser["profile_radar_s"]["samples"] + browser["trivial_chart_s"]["samples"])
    assert positive(browser["ratio"]), browser
    assert positive(results["targets"]["radar_vs_trivial_ratio"]["value"])
    assert "ratio radar/trivial" in done.stdout
