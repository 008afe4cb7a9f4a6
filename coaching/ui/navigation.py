"""The screens and who sees them: one table, read by app.py to build the menu from the viewer's
roles, by the gate to answer a deep link while it stops a run, and by the tests that sweep
every screen. A screen that is not in someone's menu does not exist for them: its address
shows nothing of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import streamlit as st
from streamlit.navigation.page import StreamlitPage


@dataclass(frozen=True)
class Screen:
    script: str
    title: str  # catalog key
    icon: str
    team_only: bool = False  # shown in team mode only, and in the demo (where Kate has a coach)

    @property
    def url_path(self) -> str:
        return PurePosixPath(self.script).stem


# Per role, its section of the menu and its screens; the first screen of the first section a
# viewer has is their start page.
SECTIONS: tuple[tuple[str, str, tuple[Screen, ...]], ...] = (
    ("leader", "nav.section_leader", (
        Screen("pages/leader/home.py", "nav.home", ":material/home:"),
        Screen("pages/leader/assessment.py", "nav.assessment", ":material/checklist:"),
        Screen("pages/leader/profile.py", "nav.profile", ":material/radar:"),
        Screen("pages/leader/goals.py", "nav.goals", ":material/flag:"),
        Screen("pages/leader/plan.py", "nav.plan", ":material/route:"),
        Screen("pages/leader/tracker.py", "nav.tracker", ":material/calendar_view_week:"),
        Screen("pages/leader/coaching.py", "nav.my_coaching", ":material/forum:", team_only=True),
        Screen("pages/leader/privacy.py", "nav.privacy", ":material/visibility:", team_only=True),
    )),
    ("coach", "nav.section_coach", (
        Screen("pages/coach/coachees.py", "nav.coachees", ":material/groups:"),
        Screen("pages/coach/workspace.py", "nav.workspace", ":material/co_present:"),
    )),
    ("hr", "nav.section_hr", (
        Screen("pages/hr/cohorts.py", "nav.cohorts", ":material/monitoring:"),
    )),
    ("admin", "nav.section_admin", (
        Screen("pages/admin/people.py", "nav.people", ":material/manage_accounts:"),
    )),
)

SCREENS: tuple[Screen, ...] = tuple(screen for _, _, screens in SECTIONS for screen in screens)


# Live mode, for a coach sharing their screen: this screen alone, and no menu (no other
# coachee's name, no other screen).
LIVE = Screen("pages/coach/workspace.py", "nav.workspace", ":material/co_present:")


def screens_for(roles: frozenset[str], team_mode: bool, demo: bool = False) -> dict[str, tuple[Screen, ...]]:
    """The sections (by role) and screens someone with these roles sees."""
    found = {}
    for role, _, screens in SECTIONS:
        if role in roles:
            found[role] = tuple(s for s in screens if team_mode or demo or not s.team_only)
    return found


def live(t) -> StreamlitPage:
    """The navigation of live mode: the workspace at every address, the menu hidden."""
    return st.navigation([st.Page(LIVE.script, title=t(LIVE.title), icon=LIVE.icon, default=True)], position="hidden")


def pages(t, roles: frozenset[str], team_mode: bool, demo: bool = False) -> dict[str, list[st.Page]] | list[st.Page]:
    """The menu for these roles, titled in the viewer's language (`t` translates a key): one
    section per role when there is more than one."""
    sections = screens_for(roles, team_mode, demo)
    first = True
    menu: dict[str, list[st.Page]] = {}
    for role, title, _ in SECTIONS:
        if role not in sections:
            continue
        menu[t(title)] = []
        for screen in sections[role]:
            menu[t(title)].append(st.Page(screen.script, title=t(screen.title), icon=screen.icon, default=first))
            first = False
    if len(menu) == 1:
        return next(iter(menu.values()))
    return menu


def stand_ins(run) -> list[st.Page]:
    """A page per screen's address that only runs `run`: a run stopped before the real
    pages exist still answers a deep link (/goals) without "page not found"."""
    return [
        st.Page(run, title="Koers", url_path=screen.url_path, default=number == 0)
        for number, screen in enumerate(SCREENS)
    ]
