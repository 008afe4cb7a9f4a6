"""Cohorts (HR): the groups of leaders an HR pilot follows. For now the cohorts and their size;
the cohort view (participation, anonymised profiles over at least five leaders, never
anyone's content) comes next."""

import pandas as pd
import streamlit as st

from coaching import access, cohorts
from coaching.i18n import format_date
from coaching.ui import gate

ctx = gate.context()

st.title(ctx.t("cohorts.title"))
st.info(ctx.t("cohorts.coming", minimum=access.MIN_GROUP), icon=":material/construction:")

found = cohorts.list_cohorts(ctx.db, ctx.viewer)
if not found:
    st.write(ctx.t("cohorts.none"))
else:
    st.dataframe(
        pd.DataFrame({
            ctx.t("cohorts.col_name"): [c.name for c in found],
            ctx.t("cohorts.col_starts"): [format_date(c.starts_on, ctx.language, "medium") if c.starts_on else "—" for c in found],
            ctx.t("cohorts.col_members"): [c.members for c in found],
        }),
        hide_index=True,
    )
