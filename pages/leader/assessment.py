"""Self-assessment: rate every behaviour on the anchored scale, competency by competency.

Every answer is saved the moment it is given, so a half-done round is a draft that resumes
where the leader left it, also after closing the browser."""

import streamlit as st

from coaching import assessments
from coaching.assessments import MAX_COMMENT_CHARS
from coaching.framework import SCALE_LEVELS
from coaching.i18n import format_date
from coaching.ui import gate
from coaching.ui.widgets import answer_value, NOT_OBSERVED

ctx = gate.context()
db, me, framework, lang = ctx.db, ctx.identity, ctx.framework, ctx.language

st.title(ctx.t("assessment.title"))
gate.show_flash()

draft = assessments.current_draft(db, me)
if draft is None:
    if st.session_state.pop("assessment.just_submitted", False):
        st.page_link("pages/leader/profile.py", label=ctx.t("assessment.see_profile"), icon=":material/radar:")
    st.write(ctx.t("assessment.intro"))
    rounds = assessments.submitted_rounds(db, me)
    if rounds:
        st.caption(ctx.t("assessment.last_round", date=format_date(rounds[-1].assessed_on, lang), count=len(rounds)))
    st.button(
        ctx.t("assessment.start"),
        type="primary",
        icon=":material/play_arrow:",
        on_click=gate.attempt,
        args=(assessments.start_draft, db, me, framework, ctx.today()),
    )
    st.stop()

answers = assessments.answers(db, me, draft.id)
total = len(framework.behaviours)
done = len(answers.ratings)

st.caption(ctx.t("assessment.autosave"))
top = st.columns([1, 2], vertical_alignment="bottom")
top[0].date_input(
    ctx.t("assessment.date"),
    value=draft.assessed_on,
    max_value=ctx.today(),
    format="DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD",
    key=f"date.{draft.id}",
    on_change=lambda: gate.attempt(assessments.set_date, db, me, draft.id, st.session_state[f"date.{draft.id}"], ctx.today()),
)
top[1].progress(done / total, text=ctx.t("assessment.progress", done=done, total=total))

with st.expander(ctx.t("assessment.scale_title"), icon=":material/straighten:"):
    for level in SCALE_LEVELS:
        st.markdown(f"**{level}** — {framework.anchors[level](lang)}")
    st.markdown(f"**{framework.not_observed(lang)}** — {framework.not_observed_anchor(lang)}")

options = [*SCALE_LEVELS, NOT_OBSERVED]
captions = [framework.anchors[level](lang) for level in SCALE_LEVELS] + [framework.not_observed_anchor(lang)]


def save_answer(behaviour_id: str) -> None:
    value = st.session_state[f"rate.{draft.id}.{behaviour_id}"]
    if value is None:
        gate.attempt(assessments.unrate, db, me, draft.id, behaviour_id)
    else:
        gate.attempt(assessments.rate, db, me, framework, draft.id, behaviour_id, answer_value(value))


def save_target(competency_id: str) -> None:
    target = st.session_state[f"target.{draft.id}.{competency_id}"]
    gate.attempt(assessments.set_target, db, me, framework, draft.id, competency_id, target)


def save_comment(competency_id: str) -> None:
    comment = st.session_state[f"comment.{draft.id}.{competency_id}"]
    gate.attempt(assessments.set_comment, db, me, framework, draft.id, competency_id, comment)


for number, competency in enumerate(framework.competencies, start=1):
    with st.container(border=True):
        answered = sum(b.id in answers.ratings for b in competency.behaviours)
        st.subheader(f"{number}. {competency.name(lang)}")
        st.caption(ctx.t("assessment.answered", done=answered, total=len(competency.behaviours)))
        for behaviour in competency.behaviours:
            saved = answers.ratings.get(behaviour.id, "unanswered")
            st.markdown(f"**{behaviour.name(lang)}**")
            st.radio(
                behaviour.name(lang),
                label_visibility="collapsed",
                width="stretch",
                options=options,
                index=None if saved == "unanswered" else options.index(NOT_OBSERVED if saved is None else saved),
                format_func=lambda option: framework.not_observed(lang) if option == NOT_OBSERVED else str(option),
                captions=captions,
                horizontal=True,
                key=f"rate.{draft.id}.{behaviour.id}",
                on_change=save_answer,
                args=(behaviour.id,),
            )
        left, right = st.columns([1, 2])
        left.segmented_control(
            ctx.t("assessment.target"),
            options=SCALE_LEVELS,
            default=answers.targets.get(competency.id),
            key=f"target.{draft.id}.{competency.id}",
            on_change=save_target,
            args=(competency.id,),
            help=ctx.t("assessment.target_help"),
        )
        right.text_area(
            ctx.t("assessment.comment"),
            value=answers.comments.get(competency.id, ""),
            max_chars=MAX_COMMENT_CHARS,
            key=f"comment.{draft.id}.{competency.id}",
            on_change=save_comment,
            args=(competency.id,),
            placeholder=ctx.t("assessment.comment_placeholder"),
            height=90,
        )

missing = assessments.missing_behaviours(framework, answers.ratings)


def submit() -> None:
    st.session_state["assessment.tried_submit"] = True
    if gate.attempt(assessments.submit, db, me, framework, draft.id, success="assessment.submitted"):
        st.session_state["assessment.tried_submit"] = False
        st.session_state["assessment.just_submitted"] = True


st.divider()
if missing and st.session_state.get("assessment.tried_submit"):
    st.warning(ctx.t("assessment.missing", count=len(missing)), icon=":material/rule:")
    for behaviour in missing:
        st.markdown(f"- {framework.competency(behaviour.competency_id).name(lang)}: {behaviour.name(lang)}")
left, right = st.columns([3, 1])
left.button(
    ctx.t("assessment.submit"),
    type="primary",
    icon=":material/send:",
    on_click=submit,
    key="assessment.submit",
)
with right.popover(ctx.t("assessment.discard"), icon=":material/delete:"):
    st.write(ctx.t("assessment.discard_confirm"))
    st.button(
        ctx.t("assessment.discard_yes"),
        on_click=gate.attempt,
        args=(assessments.discard_draft, db, me, draft.id),
        kwargs={"success": "assessment.discarded"},
        key="assessment.discard_yes",
    )
