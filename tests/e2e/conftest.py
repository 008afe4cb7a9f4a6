"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright, against
`streamlit run app.py` on a temporary database.

Every test in this folder is marked `browser` (deselect them with `-m "not browser"`).
Without Chromium they are skipped, except on CI (CI=true), where they fail: a CI run that
silently skips its browser tests would report green without having looked at the app."""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM_ARGS, chromium_path, free_port, stop, streamlit_app

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"  # screenshots, git-ignored
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 15_000  # for any one Playwright action or expectation
# Team mode: the administrator the settings name, a predefined user of the local provider.
ADMIN, ADMIN_NAME = "ada@example.org", "Ada Admin"


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
    _no_traceback(db_file)


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


def _no_traceback(db_file: Path) -> None:
    # An uncaught exception in a page is logged with its traceback ("Uncaught app execution"),
    # also when the browser test did not happen to look at that part of the page.
    log = db_file.with_suffix(".server.log")
    if log.exists() and b"Traceback" in log.read_bytes():
        pytest.fail(f"the Streamlit server logged a traceback ({log}):\n{log.read_text(errors='replace')[-4000:]}")


# -- team mode: a local OpenID Connect provider, and Koers signing in with it ------------------


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[str]:
    """oidc-provider-mock on a free port: its base address. The administrator is a predefined
    user with a name; anyone else is made from the address typed on its sign-in page."""
    if importlib.util.find_spec("oidc_provider_mock") is None:
        _unavailable("oidc-provider-mock is missing: `pip install -r requirements-dev.txt`.")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    admin = json.dumps({"sub": ADMIN, "email": ADMIN, "name": ADMIN_NAME})
    log = open(tmp_path / "provider.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port), "--user-claims", admin],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the OpenID Connect provider did not start:\n{(tmp_path / 'provider.log').read_text()}")
                time.sleep(0.05)
        yield url
    finally:
        stop(process)
        log.close()


@pytest.fixture
def team(browser, provider: str, db_file: Path, tmp_path: Path) -> Iterator[str]:
    """Koers in team mode (settings with [auth], on the port its redirect address names),
    with the administrator named in the settings; its address. No traceback in its log.
    A test that needs people or coaching data before the first sign-in writes them into
    `db_file` first (override `db_file` in the test module)."""
    port = free_port()
    settings = tmp_path / "secrets.toml"
    settings.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "koers"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "\n[koers]\n"
        f'admins = ["{ADMIN}"]\n',
        encoding="utf-8",
    )
    with streamlit_app(db_file, env={"STREAMLIT_SECRETS_FILES": str(settings)}, port=port) as app:
        yield app.url
    _no_traceback(db_file)


@pytest.fixture
def visitor(team: str, new_page):
    """A person at a browser of their own (fresh cookies), on the app's address: a `Koers`.
    (After `team`, so that a failed test's screenshot is taken while the server still runs.)"""
    from tests.e2e.koers import Koers  # Playwright is imported only once a browser test runs

    def make() -> Koers:
        page = new_page()
        # The provider's pages style themselves from a CDN: not needed, and maybe offline.
        page.context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
        return Koers(page, team)

    return make
