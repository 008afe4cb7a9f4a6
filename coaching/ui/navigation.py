"""The screens and their place in the navigation: one table, read by app.py to build the
menu and by the gate to answer a deep link while it stops a run."""

from __future__ import annotations

from pathlib import PurePosixPath

import streamlit as st

# (script, title key, icon); the first is the default page.
LEADER_PAGES = (
    ("pages/home.py", "nav.home", ":material/home:"),
    ("pages/assessment.py", "nav.assessment", ":material/checklist:"),
    ("pages/profile.py", "nav.profile", ":material/radar:"),
    ("pages/goals.py", "nav.goals", ":material/flag:"),
    ("pages/plan.py", "nav.plan", ":material/route:"),
    ("pages/tracker.py", "nav.tracker", ":material/calendar_view_week:"),
)


def pages(t) -> list[st.Page]:
    """The leader's screens, titled in the viewer's language (`t` translates a key)."""
    return [
        st.Page(script, title=t(title), icon=icon, default=number == 0)
        for number, (script, title, icon) in enumerate(LEADER_PAGES)
    ]


def stand_ins(run) -> list[st.Page]:
    """A page per screen's address that only runs `run`: a run stopped before the real
    pages exist still answers a deep link (/goals) without "page not found"."""
    return [
        st.Page(run, title="Koers", url_path=PurePosixPath(script).stem, default=number == 0)
        for number, (script, _, _) in enumerate(LEADER_PAGES)
    ]
