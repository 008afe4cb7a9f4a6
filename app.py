"""Koers: the entry point. Who is looking, in which language, and the pages they may see."""

import streamlit as st

from coaching.errors import KoersError
from coaching.ui import gate, navigation, sidebar

st.set_page_config(page_title="Koers", page_icon=":material/explore:", layout="wide")

ctx = gate.start()
sidebar.draw(ctx)

try:
    st.navigation(navigation.pages(ctx.t, ctx.viewer.roles, ctx.team_mode)).run()
except KoersError as error:
    # A service that failed mid-page (the database, usually): a message, not a traceback.
    gate.show_failure(error)
