"""Koers: the entry point. Who is looking, in which language, and the pages they may see."""

from pathlib import Path

import streamlit as st

from coaching.errors import KoersError
from coaching.ui import gate, navigation, notices, sidebar

# Shipped with the app: an icon named by a font (":material/...") is fetched from a font
# server on every load, and Koers makes no requests to third parties.
ICON = str(Path(__file__).parent / "coaching" / "ui" / "icon.png")

st.set_page_config(page_title="Koers", page_icon=ICON, layout="wide")
st.logo(ICON, size="large")

ctx = gate.start()
sidebar.draw(ctx)
notices.draw(ctx)

try:
    if gate.live() is not None:  # a coach sharing their screen: the live workspace only
        navigation.live(ctx.t).run()
    else:
        st.navigation(navigation.pages(ctx.t, ctx.viewer.roles, ctx.team_mode, gate.in_demo())).run()
except KoersError as error:
    # A service that failed mid-page (the database, usually): a message, not a traceback.
    gate.show_failure(error)
