"""Koers: the entry point. Who is looking, in which language, and the pages they may see."""

import streamlit as st

from coaching.ui import gate, sidebar

st.set_page_config(page_title="Koers", page_icon=":material/explore:", layout="wide")

ctx = gate.start()
sidebar.draw(ctx)

pages = [
    st.Page("pages/home.py", title=ctx.t("nav.home"), icon=":material/home:", default=True),
    st.Page("pages/assessment.py", title=ctx.t("nav.assessment"), icon=":material/checklist:"),
    st.Page("pages/profile.py", title=ctx.t("nav.profile"), icon=":material/radar:"),
    st.Page("pages/goals.py", title=ctx.t("nav.goals"), icon=":material/flag:"),
    st.Page("pages/plan.py", title=ctx.t("nav.plan"), icon=":material/route:"),
    st.Page("pages/tracker.py", title=ctx.t("nav.tracker"), icon=":material/calendar_view_week:"),
]
st.navigation(pages).run()
