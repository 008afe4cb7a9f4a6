"""What every page shows above its title: states that change whose data is on screen, or
whether it can be saved. They sit on the page itself, not in the sidebar, which a phone
keeps folded away."""

from __future__ import annotations

import streamlit as st

from coaching.ui import gate
from coaching.ui.gate import Context


def draw(ctx: Context) -> None:
    if gate.in_demo():
        with st.container(horizontal=True, vertical_alignment="center", key="notice.demo"):
            st.warning(ctx.t("demo.banner"), icon=":material/theater_comedy:", width="stretch")
            st.button(ctx.t("demo.leave"), on_click=gate.leave_demo, icon=":material/logout:", key="demo.leave")
    if ctx.db.read_only:
        st.warning(ctx.t("error.db_read_only"), icon=":material/lock:")
