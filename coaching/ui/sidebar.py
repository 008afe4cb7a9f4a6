"""The sidebar every page shares: the language switch, the storage warning, who is signed in."""

from __future__ import annotations

import streamlit as st

from coaching.framework import LANGUAGES
from coaching.ui import gate
from coaching.ui.gate import Context


def draw(ctx: Context) -> None:
    with st.sidebar:
        st.segmented_control(
            ctx.t("sidebar.language"),
            options=LANGUAGES,
            default=ctx.language,
            required=True,
            format_func=lambda code: ctx.t(f"language.{code}"),
            key="koers.language_switch",
            on_change=lambda: gate.set_language(st.session_state["koers.language_switch"]),
        )
        storage = gate.storage_warning(ctx)
        if storage:
            st.warning(storage, icon=":material/cloud_off:")
        if ctx.team_mode:
            st.caption(ctx.t("sidebar.signed_in", name=ctx.viewer.display_name))
            st.button(ctx.t("login.logout"), on_click=st.logout, icon=":material/logout:")
