"""Who saw my data: what the leader shares with their coach, and every time someone other
than the leader was shown their content or changed what concerns them (team mode)."""

import pandas as pd
import streamlit as st

from coaching import access
from coaching.i18n import format_datetime
from coaching.ui import gate

ctx = gate.context()
me = ctx.identity

st.title(ctx.t("privacy.title"))
st.caption(ctx.t("privacy.intro"))
gate.show_flash()

with st.container(border=True):
    st.subheader(ctx.t("privacy.sharing"), anchor=False)
    st.caption(ctx.t("privacy.sharing_help"))
    shared = access.sharing(ctx.db, me)
    for kind in access.KINDS:

        def save(kind: str = kind) -> None:
            gate.attempt(access.set_sharing, ctx.db, me, kind, st.session_state[f"privacy.share.{kind}"], success="privacy.saved")

        st.toggle(ctx.t(f"privacy.kind_{kind}"), value=shared[kind], key=f"privacy.share.{kind}", on_change=save,
                  help=ctx.t(f"privacy.kind_{kind}_help"))

st.subheader(ctx.t("privacy.log"), anchor=False)
seen = access.who_saw(ctx.db, me)
if not seen:
    st.info(ctx.t("privacy.nobody"), icon=":material/visibility_off:")
else:
    st.dataframe(
        pd.DataFrame({
            ctx.t("privacy.col_when"): [format_datetime(s.at, ctx.language) for s in seen],
            ctx.t("privacy.col_who"): [s.viewer for s in seen],
            ctx.t("privacy.col_what"): [ctx.t(s.what) for s in seen],
        }),
        hide_index=True,
    )
