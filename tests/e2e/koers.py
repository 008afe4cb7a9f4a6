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

# Everything a person can read on the page: its text, the values of visible fields and the
# cells of canvas-drawn tables (their accessible table).
_READABLE = """() => {
  const parts = [document.body.innerText];
  for (const input of document.querySelectorAll("input, textarea")) {
    if (input.checkVisibility()) parts.push(input.value);
  }
  for (const cell of document.querySelectorAll("[data-testid='stDataFrame'] [role='gridcell']")) parts.push(cell.textContent);
  return parts.join("\\n");
}"""

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

    # -- the self-assessment: one competency at a time ------------------------------------

    def competency_step(self) -> int:
        """The number (1..) of the competency the self-assessment shows, read from its "Go to
        a competency" box ("3. Decision making", or "✓ 3. …" once complete), in any language."""
        value = self.page.locator("[class*='st-key-assessment-jump-'] input").input_value()
        found = re.match(r"^(?:✓ )?(\d+)\. ", value)
        assert found, f"the self-assessment does not say which competency it shows ({value!r})"
        return int(found.group(1))

    def walk_to_competency(self, number: int) -> None:
        """Press Next (or Previous) until the self-assessment shows competency `number` (1..),
        checking after each press that it moved one step."""
        jump = self.page.locator("[class*='st-key-assessment-jump-'] input")
        for _ in range(len(FRAMEWORK.competencies)):
            now = self.competency_step()
            if now == number:
                return
            key = "next" if number > now else "previous"
            self.act(self.page.locator(f".st-key-assessment-{key}").get_by_role("button").click)
            moved = now + 1 if key == "next" else now - 1
            expect(jump).to_have_value(re.compile(rf"^(✓ )?{moved}\. "))
        assert self.competency_step() == number

    def radio_group(self, behaviour_name: str) -> Locator:
        """The segmented control (role radiogroup) of one behaviour on the competency shown;
        its accessible name is the behaviour's name, its options are radios "1".."5" and
        "Not observed"."""
        return self.page.get_by_test_id("stButtonGroup").get_by_role("radiogroup", name=behaviour_name, exact=True)

    def answer(self, behaviour_name: str, option: str) -> None:
        """Walk with Next (or Previous) to the behaviour's competency, choose `option` ("1".."5"
        or "Not observed") in its segmented control, and wait for the run that saves it."""
        behaviour = next(b for b in FRAMEWORK.behaviours if behaviour_name in (b.name("en"), b.name("nl")))
        competency = FRAMEWORK.competency(behaviour.competency_id)
        self.walk_to_competency(FRAMEWORK.competencies.index(competency) + 1)
        choice = self.radio_group(behaviour_name).get_by_role("radio", name=option, exact=True)
        self.act(choice.click)
        expect(self.radio_group(behaviour_name).get_by_role("radio", name=option, exact=True)).to_have_attribute(
            "aria-checked", "true"
        )

    # -- the weekly tracker -------------------------------------------------------------

    def day_pill(self, action_title: str, day: str) -> Locator:
        """The pill of one day ("Mo".."Su") of one action in the weekly tracker. Each action's
        days are one or more st.pills labelled with its title (the days that cannot be ticked
        are pills of their own, disabled); aria-pressed says whether the day is ticked."""
        return self.page.get_by_test_id("stMain").get_by_role("toolbar", name=action_title, exact=True).get_by_role(
            "button", name=day, exact=True
        )

    def tick(self, action_title: str, day: str) -> None:
        """Tap one day's pill of an action in the weekly tracker, and wait for the run that
        saves it."""
        self.act(self.day_pill(action_title, day).click)

    def radar(self) -> Locator:
        return self.page.locator(".st-key-radar .js-plotly-plot")

    def radar_labels(self, expected: list[str]) -> list[str]:
        """The radar's axis labels, once they are `expected` (Plotly draws after the run),
        or whatever they are after the timeout, for the assertion to show."""
        plot = self.radar()
        expect(plot).to_be_visible(timeout=15_000)  # Plotly lays out after the run: slow on a busy machine
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


def readable(page: Page) -> str:
    """Everything a person can read on the page: its text, the values of the visible fields,
    and the cells of the tables (drawn on a canvas: their accessible grid)."""
    return page.evaluate(_READABLE)


def competency_names(language: str) -> list[str]:
    return [c.name(language) for c in FRAMEWORK.competencies]


def radar_names(language: str) -> list[str]:
    """The radar's axis labels: each competency's short name (its name when it has none)."""
    return [c.short_name(language) for c in FRAMEWORK.competencies]


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
