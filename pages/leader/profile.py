"""The competency profile: where the leader stands, against an earlier round and the target."""

import pandas as pd
import streamlit as st

from coaching import charts, profile
from coaching.charts import Series
from coaching.i18n import format_date, format_number
from coaching.ui import cached, gate

ctx = gate.context()
lang, framework = ctx.language, ctx.framework

st.title(ctx.t("profile.title"))
gate.show_flash()

rounds = cached.profiles(ctx.db, ctx.identity, framework)
if not rounds:
    st.info(ctx.t("profile.empty"), icon=":material/info:")
    st.page_link("pages/leader/assessment.py", label=ctx.t("home.do.first_assessment"), icon=":material/checklist:")
    st.stop()

# Choose the round to show and the one to compare with (latest and the one before, at first).
newest_first = list(reversed(rounds))
round_label = {p.round.id: format_date(p.round.assessed_on, lang) for p in rounds}
# The widget keys carry the language, so that a language switch redraws the dates in it;
# the choice itself is remembered apart from the widgets.
pick = st.columns(2)
round_options = [p.round.id for p in newest_first]
remembered = st.session_state.get("profile.shown")
shown_id = pick[0].selectbox(
    ctx.t("profile.round"), round_options, format_func=round_label.get, key=f"profile.round.{lang}",
    index=round_options.index(remembered) if remembered in round_options else 0,
)
st.session_state["profile.shown"] = shown_id
shown = next(p for p in rounds if p.round.id == shown_id)
earlier = [p for p in newest_first if p.round.assessed_on <= shown.round.assessed_on and p.round.id != shown_id]
compare_options = [None] + [p.round.id for p in newest_first if p.round.id != shown_id]
remembered = st.session_state.get(f"profile.compared.{shown_id}", earlier[0].round.id if earlier else None)
compare_id = pick[1].selectbox(
    ctx.t("profile.compare"),
    compare_options,
    index=compare_options.index(remembered) if remembered in compare_options else 0,
    format_func=lambda rid: ctx.t("profile.no_comparison") if rid is None else round_label[rid],
    key=f"profile.compare.{shown_id}.{lang}",
)
st.session_state[f"profile.compared.{shown_id}"] = compare_id
compared = next((p for p in rounds if p.round.id == compare_id), None)

axes = {c.id: c.name(lang) for c in framework.competencies}
short = {c.id: c.short_name(lang) for c in framework.competencies}
series = [Series(ctx.t("profile.series_now", date=round_label[shown.round.id]), shown.scores, "current")]
if compared:
    series.append(Series(ctx.t("profile.series_now", date=round_label[compared.round.id]), compared.scores, "previous"))
if shown.targets:
    series.append(Series(ctx.t("profile.series_target"), shown.targets, "target"))

left, right = st.columns([6, 5], gap="large")  # the radar is the larger of the two
with left:
    st.subheader(ctx.t("profile.radar"))
    st.plotly_chart(cached.figure(charts.radar, axes, series, ctx.t("profile.not_rated"), ctx.look, short), theme="streamlit",
                    key="radar")
with right:
    st.subheader(ctx.t("profile.ranked" if compared else "profile.ranked_alone"))
    st.plotly_chart(cached.figure(charts.dumbbell, axes, series, ctx.t("profile.not_rated"), ctx.look), theme="streamlit",
                    key="dumbbell")

missing = [axes[cid] for cid, score in shown.scores.items() if score is None]
if missing:
    st.caption(ctx.t("profile.missing", names=", ".join(missing)))

best, grow = st.columns(2, gap="large")
with best.container(border=True):
    st.subheader(ctx.t("profile.strengths"), anchor=False)
    for cid, score in profile.strengths(shown.scores):
        st.markdown(f"**{axes[cid]}** · {format_number(score, lang)}")
with grow.container(border=True):
    st.subheader(ctx.t("profile.development"), anchor=False)
    areas = profile.development_areas(shown.scores, shown.targets)
    if not areas:
        st.write(ctx.t("profile.no_gaps"))
    for cid, gap in areas:
        target = shown.targets.get(cid)
        st.markdown(
            f"**{axes[cid]}** · "
            + ctx.t(
                "profile.gap" if target else "profile.gap_default",
                score=format_number(shown.scores[cid], lang),
                target=target or 4,
                gap=format_number(gap, lang),
            )
        )
        if st.button(ctx.t("profile.make_goal"), key=f"profile.goal.{cid}", icon=":material/flag:", type="tertiary"):
            st.session_state["goals.prefill"] = cid
            st.switch_page("pages/leader/goals.py")

st.subheader(ctx.t("profile.table"), anchor=False)
delta = profile.changes(shown.scores, compared.scores) if compared else {}


def number(value: float | None) -> str:
    return "—" if value is None else format_number(value, lang)


def change(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0.05 else "−" if value < -0.05 else "±") + format_number(abs(value), lang)


st.dataframe(
    pd.DataFrame(
        {
            ctx.t("profile.col_competency"): list(axes.values()),
            ctx.t("profile.col_now"): [number(shown.scores[cid]) for cid in axes],
            ctx.t("profile.col_before"): [number(compared.scores[cid]) if compared else "—" for cid in axes],
            ctx.t("profile.col_change"): [change(delta.get(cid)) for cid in axes],
            ctx.t("profile.col_target"): [str(shown.targets[cid]) if cid in shown.targets else "—" for cid in axes],
        }
    ),
    hide_index=True,
)

comments = profile.round_comments(ctx.db, ctx.identity, shown.round.id)
if comments:
    with st.expander(ctx.t("profile.comments"), icon=":material/notes:"):
        for cid in [c for c in axes if c in comments]:
            st.markdown(f"**{axes[cid]}**")
            st.text(comments[cid])  # the leader's own words, shown as plain text, never as markdown or HTML
