"""Team mode end to end, in Chromium, signed in through a local OpenID Connect provider
(oidc-provider-mock, run as a process): one server for the whole journey.

1. The administrator the settings name signs in for the first time and lands on "People and
   roles", their only screen. They invite a leader (Kate), a coach who is also a leader
   (Carl), another leader (Lena), HR (Hanna) and someone they deactivate (Dirk), and pair
   Carl with Kate.
2. Each person then signs in in a browser of their own and sees exactly their menu: Kate
   writes a goal, Carl sees it in his "Coaching workspace" while Kate shares her goals and no longer
   after she switches that off, Kate reads that Carl saw it, Lena finds no trace of Kate
   anywhere, HR has "Cohorts" only, an unknown address and a deactivated one are turned away.
   A deep link to a screen that is not someone's shows nothing of it.
3. Signing out is one click in the sidebar (and the provider's "End session").
Screenshots of the administrator's screen, the coach's page and Kate's "Who saw my data" go
to artifacts/; the server must log no traceback.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ADMIN, ADMIN_NAME
from tests.e2e.koers import Koers, readable

KATE, CARL, LENA = "kate@example.org", "carl@example.org", "lena@example.org"
HANNA, DIRK, STRANGER = "hanna@example.org", "dirk@example.org", "zoe@example.org"
# Who the administrator invites: address, name, roles (as the form names them).
INVITES = (
    (KATE, "Kate Leader", ("Leader",)),
    (CARL, "Carl Coach", ("Leader", "Coach")),
    (LENA, "Lena Leader", ("Leader",)),
    (HANNA, "Hanna HR", ("HR",)),
    (DIRK, "Dirk Departed", ("Leader",)),
)
GOAL = "KATE-SECRET-GOAL"

LEADER_MENU = ["Home", "Self-assessment", "Profile", "Goals", "Action plan", "Weekly tracker", "My coaching", "Who saw my data"]
COACH_MENU = [*LEADER_MENU, "My coachees", "Coaching workspace"]
SECTIONS = ("My development", "Coaching", "HR", "Administration")  # the menu's section headers


# -- helpers ----------------------------------------------------------------------------------


def choose(multiselect: Locator, option: str) -> None:
    """Add an option to an st.multiselect (in a form: no rerun) by typing it and picking it."""
    page = multiselect.page
    field, tags = multiselect.get_by_role("combobox"), multiselect.get_by_test_id("stMultiSelectTagsContainer")
    for _ in range(5):
        field.click()
        field.press_sequentially(option)
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=2_000)
            expect(tags).to_contain_text(option, timeout=2_000)
            break
        except (AssertionError, PlaywrightTimeoutError):
            field.press("Escape")
            field.fill("")
    page.keyboard.press("Escape")
    expect(tags).to_contain_text(option)


def unchoose(multiselect: Locator, option: str) -> None:
    """Remove a chosen option of an st.multiselect (its tag's delete button)."""
    multiselect.get_by_role("button", name=f"Remove {option}", exact=True).click()
    expect(multiselect.get_by_role("button", name=f"Remove {option}", exact=True)).to_have_count(0)


def expect_menu(app: Koers, titles: list[str], sections: tuple[str, ...] = ()) -> None:
    """The sidebar's menu is exactly these screens, under exactly these section headers."""
    if titles:
        expect(app.page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")).to_have_count(len(titles))
    else:
        expect(app.page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert app.menu() == titles
    nav = app.page.get_by_test_id("stSidebarNav")
    for section in SECTIONS:
        expect(nav.get_by_text(section, exact=True)).to_have_count(1 if section in sections else 0)


def expect_not_found(app: Koers, path: str, heading: str, *texts: str) -> None:
    """A deep link to a screen that is not this person's shows nothing of it."""
    app.open(path)
    dialog = app.page.get_by_role("dialog")
    expect(dialog).to_contain_text("Page not found")
    expect(app.page.get_by_role("heading", name=heading, level=1)).to_have_count(0)
    for text in texts:
        expect(app.page.get_by_text(text)).to_have_count(0)
    app.page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)


def invite(app: Koers, email: str, name: str, roles: tuple[str, ...]) -> None:
    """Register someone with the invite form of People and roles (Leader is chosen already)."""
    page = app.page
    # By its text: while a list is open, the rest of the page is hidden from role queries.
    form = page.get_by_test_id("stForm").filter(has_text="E-mail address")
    if not form.is_visible():
        page.get_by_test_id("stExpander").filter(has_text="Invite someone").locator("summary").click()
    expect(form).to_be_visible()
    form.get_by_label("E-mail address").fill(email)
    form.get_by_label("Name").fill(name)
    chosen = form.get_by_test_id("stMultiSelect")
    for role in roles:
        if role != "Leader":
            choose(chosen, role)
    if "Leader" not in roles:
        unchoose(chosen, "Leader")
    app.act(form.get_by_role("button", name="Invite").click)
    expect(page.get_by_test_id("stAlert").filter(has_text=f"{name} is registered and can sign in now.")).to_be_visible()


def expect_register(page: Page, deactivated: str | None = None) -> None:
    """The table of everyone registered, row by row (its accessible table: the grid is drawn
    on a canvas): the administrator and the people invited, in the order of their names."""
    rows = page.get_by_test_id("stDataFrame").locator("[role='row']")
    expected = sorted(((name, email, ", ".join(roles)) for email, name, roles in INVITES), key=lambda row: row[0])
    expected = [(ADMIN_NAME, ADMIN, "Administrator"), *expected]
    expect(rows).to_have_count(len(expected) + 1)  # and the header
    for number, (name, email, roles) in enumerate(expected, start=1):
        active = "false" if email == deactivated else "true"
        expect(rows.nth(number).locator("[role='gridcell']")).to_have_text([name, email, roles, "", active])


def pick(combobox: Locator, option: str) -> None:
    """Choose an option of an st.selectbox inside a form (no rerun): open its list, click."""
    listed = combobox.page.get_by_role("option", name=option, exact=True)
    for _ in range(5):
        combobox.click()
        try:
            listed.click(timeout=2_000)
            break
        except PlaywrightTimeoutError:
            combobox.page.keyboard.press("Escape")
    expect(combobox).to_have_value(option)


def write_goal(app: Koers, title: str) -> None:
    """Write a draft goal (a title is all a draft needs) with the new-goal form of Goals."""
    page = app.page
    app.go_to("Goals")
    save = page.get_by_role("button", name="Save goal")
    if not save.first.is_visible():  # the form is in an expander, open when there are no goals yet
        page.get_by_test_id("stExpander").filter(has_text="New goal").locator("summary").first.click()
    form = page.get_by_test_id("stForm").filter(has=save).first
    form.get_by_role("textbox", name=re.compile(r"^Goal\b")).fill(title)
    pick(form.get_by_role("combobox", name=re.compile(r"^Status")), "Draft")
    app.act(form.get_by_role("button", name="Save goal").click)
    expect(page.get_by_text(f"{title} is saved as a draft.", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_text(title).first).to_be_visible()


def turned_away(app: Koers, email: str, reason: str) -> Koers:
    """Sign in as someone Koers does not serve: the reason, whom to ask, and nothing else."""
    app.sign_in(email)
    expect(app.page.get_by_test_id("stAlert")).to_contain_text(reason)
    expect(app.page.get_by_text(f"Ask an administrator of Koers: {ADMIN_NAME} ({ADMIN}).")).to_be_visible()
    expect(app.page.get_by_test_id("stSidebarNav")).to_have_count(0)
    expect(app.page.get_by_role("heading", level=1)).to_have_text(["Koers"])  # no screen of Koers
    return app


def leave(app: Koers) -> None:
    """Close this person's browser: fewer live sessions for the rest of the journey."""
    app.page.context.close()


def choose_person(app: Koers, name: str, email: str) -> None:
    app.select(app.page.get_by_role("combobox", name="Person"), f"{name} · {email}")
    expect(app.page.get_by_role("heading", name=name, level=3)).to_be_visible()


# -- the journey ------------------------------------------------------------------------------------


def test_a_team_signs_in_and_each_sees_only_their_own_screens(visitor) -> None:
    # 1. The administrator of the settings signs in for the first time: their only screen.
    admin = visitor()
    admin.sign_in(ADMIN)
    page = admin.page
    expect(page.get_by_role("heading", name="People and roles", level=1)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {ADMIN_NAME}")
    expect_menu(admin, [])  # one screen: no menu to choose from
    for email, name, roles in INVITES:
        invite(admin, email, name, roles)
    expect(page.get_by_text(f"{len(INVITES) + 1} of {len(INVITES) + 1} people")).to_be_visible()
    expect_register(page)

    choose_person(admin, "Dirk Departed", DIRK)
    admin.act(page.get_by_role("button", name="Deactivate").click)
    expect(page.get_by_test_id("stAlert").filter(has_text="Saved.")).to_be_visible()
    expect(page.get_by_text(f"{DIRK} · deactivated: cannot sign in")).to_be_visible()
    expect_register(page, deactivated=DIRK)

    choose_person(admin, "Kate Leader", KATE)
    pairing = page.get_by_test_id("stForm").filter(has_text="Pair with coach")
    expect(pairing.get_by_role("combobox", name="Pair with coach")).to_have_value(f"Carl Coach · {CARL}")
    admin.act(pairing.get_by_role("button", name="Pair").click)
    expect(page.get_by_test_id("stAlert").filter(has_text="Saved.")).to_be_visible()
    expect(page.get_by_text("Carl Coach coaches Kate Leader")).to_be_visible()
    admin.screenshot("team-admin-people.png")
    leave(admin)

    # 2. Kate, a leader: the leader's screens, nothing else; she writes a goal.
    kate = visitor()
    kate.sign_in(KATE)
    expect(kate.page.get_by_role("heading", name="Koers", level=1)).to_be_visible()
    expect_menu(kate, LEADER_MENU)
    expect_not_found(kate, "people", "People and roles", "Invite someone", CARL, LENA)
    write_goal(kate, GOAL)
    kate.go_to("Who saw my data")
    log = kate.page.get_by_test_id("stDataFrame").locator("[role='gridcell']")
    expect(log.filter(has_text="paired you with a coach")).to_have_count(1)  # by the administrator
    expect(log.filter(has_text=ADMIN_NAME)).to_have_count(1)
    expect(log.filter(has_text="Carl Coach")).to_have_count(0)  # he has not looked yet

    # Carl, a coach who is a leader too: both sections; Kate and, while she shares it, her goal.
    carl = visitor()
    carl.sign_in(CARL)
    expect_menu(carl, COACH_MENU, sections=("My development", "Coaching"))
    carl.go_to("Coaching workspace")
    expect(carl.page.get_by_role("combobox", name="Coachee")).to_have_value("Kate Leader")
    expect(carl.page.get_by_role("heading", name="Kate Leader", level=1)).to_be_visible()
    carl.act(carl.page.get_by_role("tab", name="Goals and action plan").click)  # a tab's content is drawn when opened
    expect(carl.page.get_by_text(GOAL)).to_be_visible()
    assert GOAL in readable(carl.page)  # what the checks for its absence read
    carl.screenshot("team-coach-workspace.png")

    # Kate reads that Carl saw her goals, and stops sharing them.
    kate.go_to("Who saw my data")  # the same screen, drawn again
    expect(log.filter(has_text="saw your goals and action plan")).to_have_count(1)
    expect(log.filter(has_text="Carl Coach").first).to_be_attached()
    toggle = kate.page.get_by_role("switch", name="Goals and action plan")
    expect(toggle).to_be_checked()
    kate.act(kate.page.locator("label").filter(has=toggle).click)  # the switch's own label takes the click
    expect(kate.page.get_by_text("Saved: your coach sees this from the next time they open your page.")).to_be_visible()
    expect(toggle).not_to_be_checked()
    kate.screenshot("team-leader-privacy.png")

    carl.reload()
    expect(carl.page.get_by_role("heading", name="Kate Leader", level=1)).to_be_visible()  # the workspace: its coachee
    expect(carl.page.get_by_role("combobox", name="Coachee")).to_have_value("Kate Leader")
    expect(carl.page.get_by_text("Not shared with you: Goals and action plan")).to_be_visible()
    expect(carl.page.get_by_role("tab", name="Goals and action plan")).to_have_count(0)
    assert GOAL not in readable(carl.page)
    leave(carl)

    # Lena, another leader: no trace of Kate on any screen she can go to.
    lena = visitor()
    lena.sign_in(LENA)
    expect_menu(lena, LEADER_MENU)
    for title in LEADER_MENU:
        lena.go_to(title)
        expect(lena.page.get_by_role("heading", level=1)).to_be_visible()
        text = readable(lena.page)
        # (Koers's demo leader is called Kate too: her name alone is no trace of ours)
        assert GOAL not in text and "Kate Leader" not in text and KATE not in text, title
    expect(lena.page.get_by_text("Nobody but you has been shown your content.")).to_be_visible()  # the last screen
    expect_not_found(lena, "coachees", "My coachees", "Kate Leader")
    expect_not_found(lena, "workspace", "Coaching workspace", "Kate Leader")
    leave(lena)

    # Hanna, HR: "Cohorts" only (one screen: no menu).
    hanna = visitor()
    hanna.sign_in(HANNA)
    expect(hanna.page.get_by_role("heading", name="Cohorts", level=1)).to_be_visible()
    expect_menu(hanna, [])
    expect_not_found(hanna, "goals", "Goals", "New goal")
    assert GOAL not in readable(hanna.page)
    leave(hanna)

    # Dirk, who was deactivated, and someone not registered: why not, whom to ask, nothing else.
    leave(turned_away(visitor(), DIRK, f"The account of {DIRK} has been deactivated, so Koers shows nothing."))
    stranger = turned_away(visitor(), STRANGER, f"{STRANGER} is not registered in Koers.")
    stranger.open("goals")  # a deep link: the same message, nothing of the screen, no dialog
    expect(stranger.page.get_by_test_id("stAlert")).to_contain_text(f"{STRANGER} is not registered in Koers.")
    expect(stranger.page.get_by_role("heading", name="Goals")).to_have_count(0)
    expect(stranger.page.get_by_role("dialog")).to_have_count(0)
    stranger.sign_out()  # their way out is on the page: they have no menu
    expect(stranger.page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()

    # 3. Signing out is one click in the sidebar (and the provider's "End session"). The app
    # the provider sends the browser back to is a fresh load: the sign-in cookie is gone.
    kate.sign_out(kate.page.get_by_test_id("stSidebar"))
    expect(kate.page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(kate.page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert GOAL not in readable(kate.page)
