"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright, against
`streamlit run app.py` on a temporary database.

Every test in this folder is marked `browser` (deselect them with `-m "not browser"`).
Without Chromium they are skipped, except on CI (CI=true), where they fail: a CI run that
silently skips its browser tests would report green without having looked at the app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM_ARGS, chromium_path, streamlit_app

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"  # screenshots, git-ignored
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 15_000  # for any one Playwright action or expectation


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only this folder's: mark just ours.
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the item, so that the `page` fixture can tell whether
    # the test failed and save a screenshot of what the browser showed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


# Other folders (tests/faults) import these fixtures into their own conftest.py, and pytest
# then holds one `browser` fixture per folder; Playwright's sync API allows only one running
# instance per thread, so the fixtures share the Chromium this module starts.
_SHARED: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest):
    """One headless Chromium for the whole session (Debian's package, not Playwright's),
    closed when pytest ends."""
    if "chromium" in _SHARED:
        return _SHARED["chromium"]
    executable = chromium_path()
    if executable is None:
        _unavailable(
            "Chromium is not installed, so the browser tests cannot run: "
            "`apt-get install -y chromium` (do not run `playwright install`)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("The playwright package is missing: `pip install -r requirements-dev.txt`.")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except BaseException:
        playwright.stop()
        raise

    def close() -> None:
        chromium.close()
        playwright.stop()
        _SHARED.clear()

    request.config.add_cleanup(close)
    _SHARED["chromium"] = chromium
    return chromium


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """The database the app under test uses: a fresh file per test."""
    return tmp_path / "koers.duckdb"


@pytest.fixture
def koers(browser, db_file: Path) -> Iterator:
    """Koers running with `streamlit run` on a free port against this test's fresh database
    (the RunningApp of tests/e2e/server.py: `.url`, `.process`). Started after `browser`, so
    that a missing Chromium skips the test before a server is started for nothing."""
    with streamlit_app(db_file) as app:
        yield app
    # An uncaught exception in a page is logged with its traceback ("Uncaught app execution"),
    # also when the browser test did not happen to look at that part of the page.
    log = db_file.with_suffix(".server.log")
    if log.exists() and b"Traceback" in log.read_bytes():
        pytest.fail(f"the Streamlit server logged a traceback ({log}):\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest):
    """Open a page in a fresh browser context (its own session and cookies: a new visitor)
    with an English browser locale and the README's viewport. Closed after the test; the
    last one opened is saved to artifacts/ when the test failed."""
    contexts = []

    def make(locale: str = "en-US"):
        context = browser.new_context(viewport=VIEWPORT, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed and not hasattr(report, "wasxfail")
    if failed and contexts and contexts[-1].pages:
        ARTIFACTS.mkdir(exist_ok=True)
        try:
            contexts[-1].pages[-1].screenshot(path=ARTIFACTS / f"FAILED-{request.node.name}.png", full_page=True)
        except Exception:  # noqa: BLE001 - a failed screenshot must not hide the test's own failure
            pass
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page of a fresh browser context, English locale, 1400x1000."""
    return new_page()
