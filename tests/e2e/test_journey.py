"""The leader's journey in a real browser: a first self-assessment on a fresh database, the
profile it gives, the language switch and that it is remembered, and Kate's demo.

`Koers` (tests/e2e/koers.py) drives the page and waits for each script run."""

from __future__ import annotations

import os
import re
import shutil

from playwright.sync_api import Page, expect

from tests.e2e.koers import ARTIFACTS, FRAMEWORK, Koers, bordered_box, competency_names
from tests.e2e.server import ROOT

SCREENSHOT = ROOT / "docs" / "screenshot.png"  # the README's picture
# Kate's dates are relative to today, so the README's picture would change every day: it is
# written only on request (KOERS_UPDATE_SCREENSHOT=1); the artifacts/ copy is always written.
UPDATE_SCREENSHOT = os.environ.get("KOERS_UPDATE_SCREENSHOT") == "1"

# The answers of the journey: 3 for most behaviours, 4 for communication, one "Not observed".
NOT_OBSERVED_BEHAVIOUR = "market_trends"
FOURS = {b.id for b in FRAMEWORK.competency("communication").behaviours}
TARGET_COMPETENCY, TARGET = "strategic_thinking", 4


def option_for(behaviour_id: str) -> str:
    if behaviour_id == NOT_OBSERVED_BEHAVIOUR:
        return FRAMEWORK.not_observed("en")
    return "4" if behaviour_id in FOURS else "3"


# -- tests --------------------------------------------------------------------------------


def test_first_assessment_gives_a_profile_in_english_and_dutch(koers, page: Page) -> None:
    app = Koers(page, koers.url)
    app.open()
    expect(page.get_by_role("heading", name="Koers", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Take your first self-assessment")).to_be_visible()
    app.screenshot("home-empty-en.png")

    app.go_to("Self-assessment")
    expect(page.get_by_role("heading", name="Self-assessment", level=1)).to_be_visible()
    app.act(page.get_by_role("button", name="Start a new round").click)
    progress = page.get_by_test_id("stProgress")
    expect(progress).to_contain_text("0 of 25 behaviours answered")
    expect(page.get_by_test_id("stRadio")).to_have_count(len(FRAMEWORK.behaviours))

    for done, behaviour in enumerate(FRAMEWORK.behaviours, start=1):
        app.answer(behaviour.name("en"), option_for(behaviour.id))
        expect(progress).to_contain_text(f"{done} of 25 behaviours answered")

    # A target for one competency, in the segmented control below its behaviours.
    competency = FRAMEWORK.competency(TARGET_COMPETENCY)
    number = FRAMEWORK.competencies.index(competency) + 1
    target_control = page.get_by_role("radiogroup", name="Where I want to be in a year")
    box = bordered_box(page, f"{number}. {competency.name('en')}", containing=target_control)
    target = box.get_by_role("radiogroup", name="Where I want to be in a year").get_by_role("radio", name=str(TARGET))
    app.act(target.click)
    expect(target).to_have_attribute("aria-checked", "true")

    # Every answer is still there after all those reruns (each was saved on its own).
    for behaviour in FRAMEWORK.behaviours:
        chosen = app.radio_group(behaviour.name("en")).get_by_role("radio", name=option_for(behaviour.id), exact=True)
        expect(chosen).to_be_checked()
    app.screenshot("assessment-filled-en.png")

    app.act(page.get_by_role("button", name="Submit this round").click)
    expect(page.get_by_text("Your round is submitted. Your profile is up to date.")).to_be_visible()
    expect(page.get_by_role("button", name="Start a new round")).to_be_visible()

    app.go_to("Profile")
    expect(page.get_by_role("heading", name="Your competency profile", level=1)).to_be_visible()
    assert app.radar_labels(competency_names("en")) == competency_names("en")
    legend = app.radar().locator(".legendtext")
    expect(legend).to_have_count(2)  # this round and the target: no earlier round to compare with
    expect(legend.last).to_have_text("Target")
    strengths = bordered_box(page, "Top strengths")
    expect(strengths.locator("p").first).to_have_text("Communication · 4.0")
    areas = bordered_box(page, "Development areas")
    expect(areas).to_contain_text("Strategic thinking · 3.0 now, target 4 (gap 1.0)")
    app.screenshot("profile-en.png")

    app.switch_language("Nederlands")
    expect(page.get_by_role("heading", name="Je competentieprofiel", level=1)).to_be_visible()
    dutch = app.radar_labels(competency_names("nl"))
    assert dutch == competency_names("nl")
    assert "Strategisch denken" in dutch
    expect(app.radar().locator(".legendtext").last).to_have_text("Doel")
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Zelfbeoordeling")).to_be_visible()
    expect(bordered_box(page, "Ontwikkelpunten")).to_contain_text("Strategisch denken · nu 3,0, doel 4 (verschil 1,0)")
    app.screenshot("profile-nl.png")


def test_language_choice_is_remembered_after_a_reload(koers, page: Page, new_page) -> None:
    app = Koers(page, koers.url)
    app.open()
    expect(page.get_by_text("Your course as a leader")).to_be_visible()

    app.switch_language("Nederlands")
    expect(page.get_by_text("Jouw koers als leider")).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Zelfbeoordeling")).to_be_visible()

    # A reload is a new Streamlit session: the language comes back from the database.
    app.reload()
    expect(page.get_by_text("Jouw koers als leider")).to_be_visible()
    expect(app.language_switch().get_by_role("radio", name="Nederlands")).to_have_attribute("aria-checked", "true")

    # Also in another browser, whose own locale is English: the choice belongs to the person.
    other = Koers(new_page(locale="en-US"), koers.url)
    other.open()
    expect(other.page.get_by_text("Jouw koers als leider")).to_be_visible()

    # And back.
    other.switch_language("English")
    expect(other.page.get_by_text("Your course as a leader")).to_be_visible()
    other.reload()
    expect(other.page.get_by_text("Your course as a leader")).to_be_visible()


def test_kates_demo_shows_a_profile_with_three_rounds(koers, page: Page) -> None:
    app = Koers(page, koers.url)
    app.open()
    app.act(page.get_by_role("button", name="Open Kate's demo").click)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Demo: you are looking at Kate's data.")
    rounds = page.get_by_test_id("stMetric").filter(has_text="Assessment rounds")
    expect(rounds.get_by_test_id("stMetricValue")).to_have_text("3")
    app.screenshot("home-demo-en.png")

    app.go_to("Profile")
    expect(page.get_by_role("heading", name="Your competency profile", level=1)).to_be_visible()
    assert app.radar_labels(competency_names("en")) == competency_names("en")
    # The latest round, the one before it, and Kate's targets.
    expect(app.radar().locator(".legendtext")).to_have_count(3)
    expect(page.locator(".st-key-dumbbell .js-plotly-plot")).to_be_visible()
    # The table draws on a canvas; its cells are also in an (invisible) accessible table.
    cells = page.get_by_test_id("stDataFrame").locator("[role='gridcell']")
    for name in competency_names("en"):
        expect(cells.filter(has_text=re.compile(rf"^{re.escape(name)}$"))).to_have_count(1)

    # The README's picture: the profile as it opens, in the 1400x1000 viewport.
    page.mouse.move(0, 0)
    app.screenshot("profile-demo-en.png", whole_page=False)
    if UPDATE_SCREENSHOT:
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(ARTIFACTS / "profile-demo-en.png", SCREENSHOT)
    app.screenshot("profile-demo-en-full.png")

    # Three rounds to choose from.
    page.get_by_test_id("stSelectbox").filter(has_text="Round").click()
    expect(page.get_by_role("option")).to_have_count(3)
    page.keyboard.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)


def test_a_bookmarked_page_opens_on_a_fresh_server(koers, page: Page) -> None:
    # The very first request to a fresh server is a deep link: Streamlit first takes our
    # pages/ folder for an old-style app and runs the page alone; the gate reruns it through
    # app.py (see coaching.ui.gate.context), and the server log must stay free of tracebacks.
    app = Koers(page, koers.url)
    app.open("profile")
    expect(page.get_by_test_id("stException")).to_have_count(0, timeout=5_000)
    expect(page.get_by_role("heading", name="Your competency profile", level=1)).to_be_visible(timeout=5_000)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_text("Weekly tracker")).to_be_visible()
    expect(nav.get_by_text("assessment", exact=True)).to_have_count(0)  # no raw file names
