"""The `Koers` helper shared by the browser tests: a Playwright page on the running app that
knows when the server has finished the script run an action started.

Every click reruns the script. `Koers.act` waits until the server has finished that rerun
(it counts the `script_finished` messages on the app's websocket) and then for the page
to show it (`wait_for_run`), so that a test never reads or clicks the page of the run
before. The `data-test-script-state` attribute alone is not enough: a fast rerun (80 ms
here) can start and finish within one React render, and the attribute then never changes.
A run that was cut short for a rerun (`st.rerun`, `st.switch_page`, a click during a run)
is not counted: the run that follows it is the one the page will show.
What a step depends on is also checked by content (`expect`, which retries)."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable

from playwright.sync_api import Locator, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from coaching.framework import load_framework
from tests.e2e.server import ROOT, wait_for_run

FRAMEWORK = load_framework()
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"  # git-ignored
RUN_TIMEOUT_S = 20.0
_CUT_SHORT = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")

# The radar's axis labels as a leader reads them: Plotly breaks long ones into <tspan> lines.
_RADAR_LABELS = """(plot) => [...plot.querySelectorAll(".angularaxistick text")].map((text) => {
  const lines = [...text.querySelectorAll("tspan.line")].map((line) => line.textContent);
  return lines.length ? lines.join(" ") : text.textContent;
})"""

# A link's title without its icon (a Material Symbols ligature: its name, as text).
_LINK_TITLES = """(links) => links.map((link) => {
  const copy = link.cloneNode(true);
  copy.querySelectorAll("[data-testid='stIconMaterial']").forEach((icon) => icon.remove());
  return copy.textContent;
})"""


class Koers:
    """A browser page on the running app, and the script runs the server finished for it."""

    def __init__(self, page: Page, url: str):
        self.page = page
        self.url = url
        self.finished_runs = 0
        page.on("websocket", self._watch)

    def _watch(self, websocket: WebSocket) -> None:
        websocket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished" and message.script_finished != _CUT_SHORT:
                self.finished_runs += 1

    def _until_run_after(self, before: int) -> None:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while self.finished_runs <= before:
            if time.monotonic() > deadline:
                raise AssertionError(f"no script run finished within {RUN_TIMEOUT_S} s of the last action")
            self.page.wait_for_timeout(15)  # lets Playwright deliver the websocket events
        wait_for_run(self.page)

    def act(self, action: Callable[[], object]) -> None:
        """Do something that reruns the script (a click), and wait until that run is over."""
        before = self.finished_runs
        action()
        self._until_run_after(before)

    def open(self, path: str = "") -> None:
        self.act(lambda: self.page.goto(f"{self.url}/{path}"))

    def reload(self) -> None:
        self.act(self.page.reload)

    # -- what a leader does -------------------------------------------------------------

    def go_to(self, title: str) -> None:
        link = self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
        self.act(link.click)

    def menu(self) -> list[str]:
        """The titles of the sidebar's navigation links, in order ([]: no menu, as when
        there is one screen only)."""
        links = self.page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
        return [re.sub(r"\s+", " ", text).strip() for text in links.evaluate_all(_LINK_TITLES)]

    # -- team mode ----------------------------------------------------------------------

    def sign_in(self, email: str) -> None:
        """Press "Sign in", give the address on the sign-in page of the local OpenID Connect
        provider (oidc-provider-mock: one field, the subject, which it also sends as the
        e-mail address) and wait for the app's run after the redirect back."""
        self.open()
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.page.get_by_placeholder("sub").fill(email)
        self.act(self.page.get_by_role("button", name="Authorize", exact=True).click)

    def sign_out(self, where: Locator | None = None) -> None:
        """Press "Sign out" (in `where`, the sidebar say) and confirm on the provider's
        end-session page, which sends the browser back to the app."""
        (where or self.page).get_by_role("button", name="Sign out", exact=True).click()
        self.act(self.page.get_by_role("button", name="End session", exact=True).click)

    def switch_language(self, name: str) -> None:
        switch = self.language_switch()
        self.act(switch.get_by_role("radio", name=name, exact=True).click)
        expect(self.language_switch().get_by_role("radio", name=name, exact=True)).to_have_attribute("aria-checked", "true")

    def language_switch(self) -> Locator:
        return self.page.get_by_test_id("stSidebar").get_by_role("radiogroup", name=re.compile("^(Language|Taal)$"))

    def select(self, combobox: Locator, option: str) -> None:
        """Choose an option of an st.selectbox (its `combobox`), and wait for the rerun.
        A click on the field toggles its list, so open it until the option shows."""
        listed = self.page.get_by_role("option", name=option, exact=True)
        for _ in range(5):
            combobox.click()
            try:
                expect(listed).to_be_visible(timeout=1_000)
                break
            except AssertionError:
                self.page.keyboard.press("Escape")
        self.act(listed.click)
        expect(combobox).to_have_value(option)

    def radio_group(self, behaviour_name: str) -> Locator:
        """The stRadio group of one behaviour; its label is the behaviour's name."""
        group = self.page.get_by_role("radiogroup", name=behaviour_name, exact=True)
        return self.page.get_by_test_id("stRadio").filter(has=group)

    def answer(self, behaviour_name: str, option: str) -> None:
        """Click the label of one radio option ("1".."5" or "Not observed")."""
        label = self.radio_group(behaviour_name).get_by_test_id("stRadioOption").filter(
            has_text=re.compile(rf"^{re.escape(option)}$")
        )
        self.act(label.click)

    def radar(self) -> Locator:
        return self.page.locator(".st-key-radar .js-plotly-plot")

    def radar_labels(self, expected: list[str]) -> list[str]:
        """The radar's axis labels, once they are `expected` (Plotly draws after the run),
        or whatever they are after the timeout, for the assertion to show."""
        plot = self.radar()
        expect(plot).to_be_visible()
        try:
            self.page.wait_for_function(
                f"([plot, expected]) => JSON.stringify(({_RADAR_LABELS})(plot)) === JSON.stringify(expected)",
                arg=[plot.element_handle(), expected],
                timeout=10_000,
            )
        except Exception:  # noqa: BLE001 - the caller's assertion reports the difference
            pass
        return plot.evaluate(_RADAR_LABELS)

    def screenshot(self, name: str, whole_page: bool = True) -> None:
        """Save the page to artifacts/. Streamlit scrolls inside `stMain`, so Playwright's
        full_page would only give the viewport: grow the viewport to the content instead."""
        ARTIFACTS.mkdir(exist_ok=True)
        viewport = self.page.viewport_size
        if whole_page:
            height = self.page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
            self.page.set_viewport_size({"width": viewport["width"], "height": min(max(height, viewport["height"]), 16_000)})
            # Plotly lays its charts out again after a resize.
            self.page.wait_for_timeout(1_000 if self.page.locator(".js-plotly-plot").count() else 100)
        try:
            self.page.screenshot(path=ARTIFACTS / name, animations="disabled")
        finally:
            self.page.set_viewport_size(viewport)


def competency_names(language: str) -> list[str]:
    return [c.name(language) for c in FRAMEWORK.competencies]


def bordered_box(page: Page, heading: str, containing: Locator | None = None) -> Locator:
    """The innermost block holding this heading (and `containing`): its bordered container."""
    blocks = page.get_by_test_id("stVerticalBlock").filter(has=page.get_by_role("heading", name=heading, exact=True))
    if containing is not None:
        blocks = blocks.filter(has=containing)
    return blocks.last


def steady_today() -> dt.date:
    """Today, not within a minute and a half of midnight: the server takes its own
    `date.today()` on every run, and a test's dates must stay the same for both (close to
    midnight this waits for the next day)."""
    now = dt.datetime.now()
    to_midnight = (dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time()) - now).total_seconds()
    if to_midnight < 90:
        time.sleep(to_midnight + 1)
    return dt.date.today()
