"""The coach's journey in team mode, in Chromium: one server, its data written into the database
before it starts (through the services, as the app would have written them).

Carl Coach coaches Kate Leader and Anna Hiddenname (a name found nowhere else, and first in
the list: opening Kate takes a click on her row). Kate had a session two weeks ago, with a
private note of Carl's, a private note of hers and a shared note; the next session is next
week, with an agenda (and private notes of both, written beforehand); Carl proposed the
coaching agreement, and Kate has not accepted it yet.

1. Carl opens "My coachees": both coachees in the table; selecting Kate's row (its checkbox:
   a click on one of its cells only focuses the cell) opens Kate in the "Coaching workspace".
2. He starts live mode, to share his screen: only Kate's session, no private note of either
   side, no other coachee, no menu; screenshots in the light theme at 1400 and 390 px and in
   the dark theme.
3. A deep link followed while live (within the session) still shows only the live workspace.
4. He adds a shared note in live mode.
5. "Leave live mode" asks first; once confirmed, the workspace (with its coachee picker) is back.
6. Kate opens "My coaching": she accepts the agreement, reads the shared notes and her own
   private ones (never Carl's), and adds a point to the next session's agenda.
The server must log no traceback (the `team` fixture checks it).

A second test types an address while live: a new Streamlit session, still live (live mode is
kept per coach in the database, not in the browser's session).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coaching import actions, agreements, goals, pairings, people, sessions
from coaching.agreements import Terms
from coaching.db import Database
from coaching.sessions import SessionInput
from tests.e2e.conftest import ADMIN, ADMIN_NAME
from tests.e2e.koers import FRAMEWORK, Koers, readable, steady_today

KATE, CARL, ANNA = "kate@example.org", "carl@example.org", "anna@example.org"
KATE_NAME, CARL_NAME, ANNA_NAME = "Kate Leader", "Carl Coach", "Anna Hiddenname"
CARL_PRIVATE, KATE_PRIVATE, SHARED = "CARL-PRIVATE-NOTE", "KATE-PRIVATE-NOTE", "SHARED-NOTE-OK"
SHARED_NEXT = "SHARED-NOTE-NEXT: I will bring the board's email"  # on the next session: the one live mode shows
SESSION_GOAL = "Practise saying no without apologising"
AGENDA = ("AGENDA-CARL: the budget talk with the board", "AGENDA-KATE: my week of saying no")
LIVE_NOTE = "LIVE-NOTE: try the two-minute pause before answering"
KATE_POINT = "AGENDA-KATE-2: feedback from my team"
NEVER_LIVE = (CARL_PRIVATE, KATE_PRIVATE, ANNA_NAME)  # never on a screen Carl shares


def plant(path: Path, today: dt.date) -> None:
    """Write the people, the pairings and Kate's coaching into the database file."""
    db = Database(path)
    try:
        ada = people.add_person(db, None, ADMIN, ADMIN_NAME, ["admin"])  # the first person: no one asks
        kate = people.add_person(db, ada, KATE, KATE_NAME, ["leader"])
        anna = people.add_person(db, ada, ANNA, ANNA_NAME, ["leader"])
        carl = people.add_person(db, ada, CARL, CARL_NAME, ["coach"])
        since = today - dt.timedelta(days=60)
        pairing = pairings.pair(db, ada, carl.person_id, kate.person_id, since)
        pairings.pair(db, ada, carl.person_id, anna.person_id, since)

        goal = goals.create_goal(db, kate, FRAMEWORK, goals.GoalInput(
            "Delegate the weekly report", measure="The team sends it without me", target_date=today + dt.timedelta(days=60)))
        actions.create_action(db, kate, goal.id, actions.ActionInput("Hand over one task", "weekly", 1, (), since), today)

        held = sessions.plan(db, carl, pairing.id, SessionInput(today - dt.timedelta(days=14), 2, "Agree how we work",
                                                                "Both know what to expect", "held"), today)
        sessions.add_note(db, carl, held.id, f"{CARL_PRIVATE}: she rescues her team", False, today)
        sessions.add_note(db, kate, held.id, f"{KATE_PRIVATE}: I felt nervous", False, today)
        sessions.add_note(db, kate, held.id, f"{SHARED}: we meet every two weeks", True, today)

        upcoming = sessions.plan(db, carl, pairing.id, SessionInput(today + dt.timedelta(days=7), 3, SESSION_GOAL), today)
        sessions.add_item(db, carl, upcoming.id, AGENDA[0], today)
        sessions.add_item(db, kate, upcoming.id, AGENDA[1], today)
        # Written beforehand, each for themselves: the session live mode shows has private notes too.
        sessions.add_note(db, carl, upcoming.id, f"{CARL_PRIVATE} (to prepare): ask about her manager", False, today)
        sessions.add_note(db, kate, upcoming.id, f"{KATE_PRIVATE} (to prepare): I dread this one", False, today)
        sessions.add_note(db, kate, upcoming.id, SHARED_NEXT, True, today)

        agreements.propose(db, carl, pairing.id, Terms(
            since, today + dt.timedelta(days=300), 2, 60, "video",
            coach_expects="Come prepared", leader_expects="Honest questions",
            confidentiality="HR hears only that we meet", ending="A closing session"), today)
    finally:
        db.close()


@pytest.fixture
def db_file(db_file: Path) -> Path:
    """This test's database, with Carl, his coachees and Kate's coaching in it before the
    server starts (the `team` fixture starts it on this file)."""
    plant(db_file, steady_today())
    return db_file


# -- helpers ------------------------------------------------------------------------------------


def shown(page: Page) -> tuple[str, str]:
    """What a person reads on the page, and the page's whole HTML."""
    return readable(page), page.content()


def expect_live(app: Koers) -> None:
    """The live workspace and nothing else: Kate's session, no menu, nothing private, nobody else."""
    page = app.page
    expect(page.get_by_role("heading", name=f"Session with {KATE_NAME}", level=1)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(page.get_by_role("combobox", name="Coachee")).to_have_count(0)
    text, html = shown(page)
    for secret in NEVER_LIVE:
        assert secret not in text, f"{secret!r} is on the shared screen"
        assert secret not in html, f"{secret!r} is in the shared page's HTML"


def background_is_dark(page: Page) -> bool:
    rgb = page.get_by_test_id("stApp").evaluate(
        "app => getComputedStyle(app).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)")
    return sum(rgb) / 3 < 100


def sideways(page: Page) -> int:
    """How many pixels the page or its main area is wider than the window (0: none)."""
    return page.evaluate("""() => {
      const main = document.querySelector('[data-testid="stMain"]');
      return Math.max(document.documentElement.scrollWidth - innerWidth, main.scrollWidth - main.clientWidth, 0);
    }""")


def open_row(app: Koers, number: int) -> None:
    """Select row `number` (1: the first under the header) of the page's table by its row
    marker (the checkbox at its left: a click on one of its cells only focuses that cell),
    which opens that coachee. The grid is drawn on a canvas and its accessible cells have no
    box: the row's place is the table's height shared among its rows."""
    grid = app.page.get_by_test_id("stDataFrame")
    rows = grid.locator("[role='row']").count()
    frame = grid.bounding_box()
    assert frame, "the table is not on the page"
    height = frame["height"] / rows
    app.act(lambda: app.page.mouse.click(frame["x"] + 16, frame["y"] + height * (number + 0.5)))


def follow(app: Koers, path: str) -> None:
    """Go to the app's address `path` within the running session, as an in-app link or the
    browser's Back button does (history.pushState, then popstate): no reload."""
    app.act(lambda: app.page.evaluate(
        "path => { history.pushState({}, '', path); window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
        f"/{path}"))


# -- the journey ----------------------------------------------------------------------------------


def test_a_coach_runs_a_session_live_and_the_leader_accepts_and_prepares(visitor) -> None:
    # 1. Carl, a coach: his caseload, and a click on Kate's row opens her workspace.
    carl = visitor()
    carl.sign_in(CARL)
    page = carl.page
    carl.go_to("My coachees")
    expect(page.get_by_role("heading", name="My coachees", level=1)).to_be_visible()
    rows = page.get_by_test_id("stDataFrame").locator("[role='row']")
    expect(rows).to_have_count(3)  # the header and two coachees
    expect(rows.nth(1).locator("[role='gridcell']").first).to_have_text(ANNA_NAME)
    expect(rows.nth(2).locator("[role='gridcell']").first).to_have_text(KATE_NAME)
    carl.screenshot("coach-dashboard.png")
    open_row(carl, 2)
    expect(page.get_by_role("heading", name=KATE_NAME, level=1)).to_be_visible()
    expect(page.get_by_role("combobox", name="Coachee")).to_have_value(KATE_NAME)
    assert re.search(r"/workspace$", page.url), page.url
    expect(page.get_by_text(SESSION_GOAL).first).to_be_visible()
    carl.screenshot("coach-workspace.png")

    # 2. Live mode: what a shared screen may show, and nothing more.
    carl.act(page.get_by_role("button", name="Start live mode").click)
    expect_live(carl)
    text = readable(page)
    assert SESSION_GOAL in text and SHARED_NEXT in text and all(item in text for item in AGENDA), text
    # (The shared notes of earlier sessions, SHARED-NOTE-OK, are not on it: it shows one session.)
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(page.get_by_role("heading", name="Shared notes")).to_be_visible()
    carl.screenshot("coach-live-1400-light.png")
    assert not background_is_dark(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    expect_live(carl)
    assert sideways(page) == 0, "the live workspace scrolls sideways at 390 px"
    carl.screenshot("coach-live-390-light.png")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => { const c = getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor;"
                           " return c.match(/[\\d.]+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) / 3 < 100; }")
    expect_live(carl)
    carl.screenshot("coach-live-1400-dark.png")
    page.emulate_media(color_scheme="light")

    # 3. Deep links followed while live (in the running session, as a link or Back would):
    # still the live workspace only. ("" is where his caseload is when not live: step 5.)
    for path in ("coachees", ""):
        follow(carl, path)
        expect_live(carl)

    # 4. A shared note, written live.
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Save note"))
    form.get_by_role("textbox", name="A shared note").fill(LIVE_NOTE)
    carl.act(form.get_by_role("button", name="Save note").click)
    expect(page.get_by_test_id("stMain").get_by_text(LIVE_NOTE)).to_be_visible()
    expect_live(carl)

    # 5. Leaving live mode is deliberate: a dialog first.
    page.get_by_role("button", name="Leave live mode").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Leave live mode?")
    carl.act(dialog.get_by_role("button", name="Yes, leave live mode").click)
    expect(page.get_by_role("dialog")).to_have_count(0)
    picker = page.get_by_role("combobox", name="Coachee")
    expect(picker).to_have_value(KATE_NAME)
    expect(page.get_by_role("heading", name=KATE_NAME, level=1)).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(1)
    picker.click()
    expect(page.get_by_role("option", name=ANNA_NAME, exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    follow(carl, "")  # the deep link of step 3, now that he is not live: his caseload, Anna in it
    expect(page.get_by_role("heading", name="My coachees", level=1)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").locator("[role='gridcell']").filter(has_text=ANNA_NAME)).to_have_count(1)
    carl.page.context.close()

    # 6. Kate: the agreement to accept, the notes she may read, a point for the next session.
    kate = visitor()
    kate.sign_in(KATE)
    page = kate.page
    kate.go_to("My coaching")
    expect(page.get_by_role("heading", name="My coaching", level=1)).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="Your coach proposed version 1")).to_be_visible()
    expect(page.get_by_text("Waiting for the leader to accept it.")).to_be_visible()
    kate.act(page.get_by_role("button", name="I accept this agreement").click)
    expect(page.get_by_test_id("stAlert").filter(has_text="You accepted the agreement.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Accepted on "))).to_be_visible()
    expect(page.get_by_role("button", name="I accept this agreement")).to_have_count(0)

    page.get_by_test_id("stExpander").filter(has_text="held").locator("summary").click()  # the session two weeks ago
    expect(page.get_by_text(f"{SHARED}: we meet every two weeks")).to_be_visible()
    expect(page.get_by_text(LIVE_NOTE)).to_be_visible()  # Carl's shared note, under the next session
    text, html = shown(page)
    assert SHARED in text and KATE_PRIVATE in text and LIVE_NOTE in text, text
    assert CARL_PRIVATE not in text and CARL_PRIVATE not in html

    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add to the agenda"))
    form.get_by_role("textbox", name="Something I want to bring up").fill(KATE_POINT)
    kate.act(form.get_by_role("button", name="Add to the agenda").click)
    expect(page.get_by_test_id("stAlert").filter(has_text="Added to the agenda.")).to_be_visible()
    expect(page.get_by_text(KATE_POINT)).to_be_visible()
    kate.screenshot("my-coaching.png")



def test_live_mode_survives_an_address_typed_while_sharing(visitor) -> None:
    carl = visitor()
    carl.sign_in(CARL)
    carl.go_to("Coaching workspace")
    carl.select(carl.page.get_by_role("combobox", name="Coachee"), KATE_NAME)
    carl.act(carl.page.get_by_role("button", name="Start live mode").click)
    expect_live(carl)
    carl.open("coachees")  # typed in the address bar: the app loads anew, in a new session
    expect_live(carl)
    carl.reload()
    expect_live(carl)
