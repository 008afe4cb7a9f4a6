"""Self-assessment: rate every behaviour on the anchored scale, one competency at a time.

Every answer is saved the moment it is given, so a half-done round is a draft that resumes
where the leader left it, also after closing the browser. Which competency is on screen is
kept in the session per draft; a draft opened afresh starts at the first one with a gap."""

import streamlit as st

from coaching import assessments
from coaching.assessments import MAX_COMMENT_CHARS
from coaching.errors import KoersError
from coaching.framework import SCALE_LEVELS
from coaching.i18n import format_date
from coaching.ui import gate
from coaching.ui.text import plain
from coaching.ui.widgets import answer_value, NOT_OBSERVED

ctx = gate.context()
db, me, framework, lang = ctx.db, ctx.identity, ctx.framework, ctx.language
JUST_SUBMITTED = "assessment.just_submitted"  # the id of the round this session just submitted

st.title(ctx.t("assessment.title"))
gate.show_flash()

draft = assessments.current_draft(db, me)
if draft is None:
    rounds = assessments.submitted_rounds(db, me)
    # Right after a submit the next step is the profile; a new round is the lesser choice.
    # Kept by round id: another identity (the demo) or a later round does not inherit it.
    just_submitted = bool(rounds) and st.session_state.get(JUST_SUBMITTED) == rounds[-1].id
    if just_submitted:
        if st.button(ctx.t("assessment.see_profile"), type="primary", icon=":material/radar:", key="assessment.see_profile"):
            st.switch_page("pages/leader/profile.py")
    else:
        st.write(ctx.t("assessment.intro"))
    if rounds:
        st.caption(ctx.t_count("assessment.last_round", len(rounds), date=format_date(rounds[-1].assessed_on, lang)))
    st.button(
        ctx.t("assessment.start"),
        type="secondary" if just_submitted else "primary",
        icon=":material/play_arrow:",
        on_click=gate.attempt,
        args=(assessments.start_draft, db, me, framework, ctx.today()),
        key="assessment.start",
    )
    st.stop()

answers = assessments.answers(db, me, draft.id)
competencies = framework.competencies
missing = assessments.missing_behaviours(framework, answers.ratings)
complete = [not any(b.competency_id == c.id for b in missing) for c in competencies]
total = len(framework.behaviours)

STEP = f"assessment.step.{draft.id}"  # not a widget key: it outlives a visit to another page
TRIED = f"assessment.tried_submit.{draft.id}"
SCROLL_UP = "assessment.scroll_up"
if STEP not in st.session_state:
    st.session_state[STEP] = next((i for i, done in enumerate(complete) if not done), len(competencies) - 1)
step = st.session_state[STEP]
competency = competencies[step]


def go_to(index: int) -> None:
    st.session_state[STEP] = index
    st.session_state[SCROLL_UP] = True


st.caption(ctx.t("assessment.autosave"))
top = st.columns([3, 2], vertical_alignment="bottom")
top[0].progress((total - len(missing)) / total, text=ctx.t("assessment.progress", done=total - len(missing), total=total))
JUMP = f"assessment.jump.{draft.id}"
st.session_state[JUMP] = step  # however the step was reached (Next, a missing answer), the box shows it
top[1].selectbox(
    ctx.t("assessment.jump"),
    options=list(range(len(competencies))),
    format_func=lambda i: ctx.t(
        "assessment.jump_option_done" if complete[i] else "assessment.jump_option", number=i + 1, name=competencies[i].name(lang)
    ),
    key=JUMP,
    on_change=lambda: go_to(st.session_state[JUMP]),
)

st.subheader(ctx.t("assessment.step", number=step + 1, total=len(competencies), name=plain(competency.name(lang))), anchor=False)
# The anchors once per competency, so each scale below can be just 1-5 and fit a phone.
# A no-break space keeps each number on the line of its anchor.
legend = [f"**{level}**\u00a0{plain(framework.anchors[level](lang))}" for level in SCALE_LEVELS]
legend.append(f"**{plain(framework.not_observed(lang))}**\u00a0{plain(framework.not_observed_anchor(lang))}")
st.caption(" · ".join(legend))

options = [*SCALE_LEVELS, NOT_OBSERVED]
anchors = {**{level: framework.anchors[level](lang) for level in SCALE_LEVELS}, NOT_OBSERVED: framework.not_observed_anchor(lang)}


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


for behaviour in competency.behaviours:
    saved = answers.ratings.get(behaviour.id, "unanswered")
    # Side by side when wide; Streamlit stacks the columns on a phone, the name above its scale.
    name, scale = st.columns([2, 3], vertical_alignment="center")
    name.markdown(f"**{plain(behaviour.name(lang))}**")
    answer = scale.container(gap="xxsmall")  # what the chosen point means sits right under it
    chosen = answer.segmented_control(
        behaviour.name(lang),
        label_visibility="collapsed",
        options=options,
        default=None if saved == "unanswered" else (NOT_OBSERVED if saved is None else saved),
        format_func=lambda option: framework.not_observed(lang) if option == NOT_OBSERVED else str(option),
        key=f"rate.{draft.id}.{behaviour.id}",
        on_change=save_answer,
        args=(behaviour.id,),
        wrap=True,  # a column would otherwise scroll it sideways where it does not fit
    )
    if chosen is not None:
        answer.caption(plain(anchors[chosen]))

left, right = st.columns([1, 2])
left.segmented_control(
    ctx.t("assessment.target"),
    options=SCALE_LEVELS,
    default=answers.targets.get(competency.id),
    key=f"target.{draft.id}.{competency.id}",
    on_change=save_target,
    args=(competency.id,),
    help=ctx.t("assessment.target_help"),
    wrap=True,
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


def submit() -> None:
    try:
        assessments.submit(db, me, framework, draft.id)
    except assessments.IncompleteRound:
        st.session_state[TRIED] = True  # the list above the buttons says what, where the leader looks
    except KoersError as error:
        gate.flash(error)
    else:
        gate.flash("assessment.submitted", kind="success")
        st.session_state[JUST_SUBMITTED] = draft.id
        st.session_state.pop(TRIED, None)


# Once a submit found gaps, every step lists them by competency, each a way to go there.
if missing and st.session_state.get(TRIED):
    st.warning(ctx.t_count("assessment.missing", len(missing)), icon=":material/rule:")
    for index, other in enumerate(competencies):
        gaps = [b for b in missing if b.competency_id == other.id]
        if gaps:
            with st.container(gap=None):
                st.button(
                    ctx.t("assessment.jump_option", number=index + 1, name=plain(other.name(lang))),
                    type="tertiary",
                    icon=":material/arrow_forward:",
                    on_click=go_to,
                    args=(index,),
                    key=f"assessment.go_to.{other.id}",
                )
                st.caption(" · ".join(plain(b.name(lang)) for b in gaps))

# A horizontal container keeps Previous and Next on one row on a phone; columns would stack.
with st.container(horizontal=True, horizontal_alignment="distribute"):
    st.button(
        ctx.t("assessment.previous"),
        icon=":material/arrow_back:",
        disabled=step == 0,
        on_click=go_to,
        args=(step - 1,),
        key="assessment.previous",
    )
    if step == len(competencies) - 1:
        st.button(ctx.t("assessment.submit"), type="primary", icon=":material/send:", on_click=submit, key="assessment.submit")
    else:
        st.button(
            ctx.t("assessment.next"),
            type="primary",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=go_to,
            args=(step + 1,),
            key="assessment.next",
        )

st.divider()
with st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="bottom"):
    st.date_input(
        ctx.t("assessment.date"),
        value=draft.assessed_on,
        max_value=ctx.today(),
        format="DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD",
        key=f"date.{draft.id}",
        on_change=lambda: gate.attempt(assessments.set_date, db, me, draft.id, st.session_state[f"date.{draft.id}"], ctx.today()),
        width=220,
    )
    with st.popover(ctx.t("assessment.discard"), icon=":material/delete:"):
        st.write(ctx.t("assessment.discard_confirm"))
        st.button(
            ctx.t("assessment.discard_yes"),
            on_click=gate.attempt,
            args=(assessments.discard_draft, db, me, draft.id),
            kwargs={"success": "assessment.discarded"},
            key="assessment.discard_yes",
        )

if st.session_state.pop(SCROLL_UP, False):
    # Streamlit keeps the scroll position across reruns: without this, Next on a phone opens
    # the next competency at its bottom. The step in the comment makes each script new to React.
    st.html(
        f'<script>/* step {step} */ document.querySelector(\'[data-testid="stMain"]\')?.scrollTo({{top: 0}});</script>',
        unsafe_allow_javascript=True,
    )
