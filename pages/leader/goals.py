"""Goals: what the leader wants to reach, from scratch, from the profile or from one of the
five situations; each with its measure of success, target date, status and progress."""

import streamlit as st

from coaching import charts, goals
from coaching.errors import KoersError
from coaching.goals import HORIZONS, STATUSES, GoalInput
from coaching.i18n import format_date
from coaching.ui import cached, gate
from coaching.ui.text import plain
from coaching.validation import MAX_TEXT_CHARS, MAX_TITLE_CHARS

ctx = gate.context()
db, me, framework, lang = ctx.db, ctx.identity, ctx.framework, ctx.language

st.title(ctx.t("goals.title"))
st.caption(ctx.t("goals.intro"))
gate.show_flash()

competency_names = {c.id: c.name(lang) for c in framework.competencies}
behaviour_names = {b.id: b.name(lang) for b in framework.behaviours}


def goal_form(key: str, goal: goals.Goal | None = None, prefill: str | None = None) -> GoalInput | None:
    """The fields of a goal; returns what was submitted. The competencies come first, outside
    the form, so that the behaviours offered are those of the competencies chosen."""
    chosen = st.multiselect(
        ctx.t("goals.field_competencies"), list(competency_names), format_func=competency_names.get,
        default=list(goal.competencies) if goal else ([prefill] if prefill else []), key=f"{key}.competencies",
    )
    offered = [b.id for cid in chosen for b in framework.competency(cid).behaviours]
    offered += [b for b in (goal.behaviours if goal else ()) if b not in offered]  # never drop what was chosen before
    with st.form(key, border=False, enter_to_submit=False):
        title = st.text_input(
            ctx.t("goals.label_title"),
            value=goal.title if goal else (ctx.t("goals.prefill_title", name=competency_names[prefill]) if prefill else ""),
            max_chars=MAX_TITLE_CHARS,
        )
        behaviours = st.multiselect(
            ctx.t("goals.field_behaviours"), offered, format_func=behaviour_names.get,
            default=list(goal.behaviours) if goal else [], disabled=not offered,
            placeholder=ctx.t("goals.behaviours_placeholder") if offered else ctx.t("goals.behaviours_first"),
        )
        why = st.text_area(ctx.t("goals.field_why"), value=goal.why if goal else "", max_chars=MAX_TEXT_CHARS, height=80)
        measure = st.text_area(
            ctx.t("goals.label_measure"), value=goal.measure if goal else "", max_chars=MAX_TEXT_CHARS, height=80,
            placeholder=ctx.t("goals.measure_placeholder"),
        )
        left, right = st.columns(2)
        target_date = left.date_input(
            ctx.t("goals.label_target_date"), value=goal.target_date if goal else None,
            min_value=None if goal else ctx.today(),  # an existing goal may be past its date
            format="DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD",
        )
        horizon = right.radio(
            ctx.t("goals.field_horizon"), HORIZONS, index=HORIZONS.index(goal.horizon) if goal else 0,
            format_func=lambda h: ctx.t(f"goals.horizon_{h}"), horizontal=True,
        )
        status = st.selectbox(
            ctx.t("goals.field_status"), STATUSES, index=STATUSES.index(goal.status if goal else "active"),
            format_func=lambda s: ctx.t(f"goals.status_{s}"), help=ctx.t("goals.status_help"),
        )
        st.caption(ctx.t("goals.required_note"))
        if st.form_submit_button(ctx.t("goals.save"), type="primary", icon=":material/save:"):
            return GoalInput(title, why, horizon, measure, target_date, tuple(chosen), tuple(behaviours), status)
    return None


def plan_goal(goal_id: int) -> None:
    """Open the action plan on this goal."""
    st.session_state["plan.goal"] = goal_id
    st.session_state.pop("goals.just_saved", None)
    st.switch_page("pages/leader/plan.py")


my_goals = cached.list_goals(db, me)

# -- a goal just saved: its actions are one click away -------------------------------------

just_saved = next((g for g in my_goals if g.id == st.session_state.get("goals.just_saved")), None)
if just_saved is not None:
    with st.container(border=True):
        draft = just_saved.status == "draft"  # actions are for active goals: first what makes it one
        st.success(ctx.t("goals.saved_draft" if draft else "goals.next_plan", title=plain(just_saved.title)),
                   icon=":material/check_circle:")
        if not draft and st.button(ctx.t("goals.plan_this"), type="primary", icon=":material/route:", key="goals.plan_just_saved"):
            plan_goal(just_saved.id)

# -- a new goal -----------------------------------------------------------------------------

# A development area sent from the profile stays the form's starting point until the goal is
# saved (a refused save must not lose it); each saved goal gets a fresh, empty form.
prefill = st.session_state.get("goals.prefill")
prefill = prefill if prefill in competency_names else None
new_form = f"goal.new.{st.session_state.get('goals.saved_count', 0)}"
with st.expander(ctx.t("goals.new"), icon=":material/add_circle:", expanded=bool(prefill) or not my_goals):
    scratch, situation = st.tabs([ctx.t("goals.from_scratch"), ctx.t("goals.from_situation")])
    with scratch:
        entered = goal_form(new_form, prefill=prefill)
        if entered is not None:
            try:
                goal = goals.create_goal(db, me, framework, entered, f"profile:{prefill}" if prefill else "scratch")
            except KoersError as error:
                st.error(ctx.explain(error), icon=":material/error:")
            else:
                st.session_state.pop("goals.prefill", None)
                st.session_state["goals.saved_count"] = st.session_state.get("goals.saved_count", 0) + 1
                st.session_state["goals.just_saved"] = goal.id  # the box above says it is saved, and what next
                st.rerun()
    with situation:
        st.write(ctx.t("goals.situation_intro"))
        for option in goals.situations():
            with st.container(border=True):
                st.markdown(f"**{option.name(lang)}** — {option.about(lang)}")
                for template in option.goals:
                    st.markdown(f"- {template.title(lang)}")
                st.button(
                    ctx.t("goals.use_situation"),
                    key=f"situation.{option.id}",
                    on_click=gate.attempt,
                    args=(goals.start_from_situation, db, me, framework, option.id, lang, ctx.today()),
                    kwargs={"success": "goals.situation_done"},
                )

# -- my goals -----------------------------------------------------------------------------


# The dialog stays open through reruns while "goals.removing" names the goal it asks about.
def stop_removing() -> None:
    st.session_state.pop("goals.removing", None)


@st.dialog(ctx.t("goals.remove_title"), on_dismiss=stop_removing)
def confirm_removal(goal: goals.Goal) -> None:
    found = goals.history(db, me, goal.id)
    st.text(goal.title)
    if found.empty:
        st.write(ctx.t("goals.remove_delete"))
    else:
        st.write(ctx.t("goals.remove_archive", actions=found.actions, checkins=found.checkins, progress=found.progress))
    yes, no = st.columns(2)
    if yes.button(ctx.t("goals.remove_yes"), type="primary", key="goal.remove.yes"):
        gate.attempt(goals.remove_goal, db, me, goal.id, success="goals.removed")
        stop_removing()
        st.rerun()
    if no.button(ctx.t("goals.remove_no"), key="goal.remove.no"):
        stop_removing()
        st.rerun()


if not my_goals:
    st.info(ctx.t("goals.empty"), icon=":material/flag:")

for goal in my_goals:
    with st.container(border=True):
        head, badge = st.columns([4, 1], vertical_alignment="center")
        head.subheader(plain(goal.title), anchor=False)
        badge.badge(ctx.t(f"goals.status_{goal.status}"), color="green" if goal.status == "active" else "gray")
        facts = [ctx.t(f"goals.horizon_{goal.horizon}")]
        if goal.target_date:
            facts.append(ctx.t("goals.due", date=format_date(goal.target_date, lang)))
        facts += [competency_names[c] for c in goal.competencies if c in competency_names]
        st.caption(" · ".join(plain(f) for f in facts))
        if goal.measure:
            st.text(ctx.t("goals.measure_label") + " " + goal.measure)
        if goal.status == "draft" and goal.missing_for_active:
            st.warning(ctx.t("goals.missing", missing=", ".join(ctx.t(k) for k in goal.missing_for_active)), icon=":material/rule:")
        st.progress((goal.progress or 0) / 100, text=ctx.t("goals.progress", percent=goal.progress or 0))

        # The goal just saved has this button, as the primary one, in the box at the top.
        if (goal != just_saved or goal.status == "draft") and st.button(ctx.t("goals.plan_this"), key=f"goal.plan.{goal.id}", icon=":material/route:"):
            plan_goal(goal.id)

        # Closed details compute nothing (a lazy expander): the list stays fast with many goals.
        details = st.expander(ctx.t("goals.details"), key=f"goal.details.{goal.id}", on_change="rerun")
        if details.open:
            with details:
                edit, progress = st.tabs([ctx.t("goals.edit"), ctx.t("goals.progress_tab")])
                with edit:
                    entered = goal_form(f"goal.edit.{goal.id}", goal)
                    if entered is not None:
                        try:
                            goals.update_goal(db, me, framework, goal.id, entered)
                        except KoersError as error:
                            st.error(ctx.explain(error), icon=":material/error:")
                        else:
                            gate.flash("goals.saved", kind="success")
                            st.rerun()
                    st.button(
                        ctx.t("goals.remove"), key=f"goal.remove.{goal.id}", icon=":material/archive:",
                        on_click=st.session_state.__setitem__, args=("goals.removing", goal.id),
                    )
                with progress:
                    with st.form(f"goal.progress.{goal.id}", border=False):
                        percent = st.slider(ctx.t("goals.estimate"), 0, 100, goal.progress or 0, step=5, format="%d%%")
                        if st.form_submit_button(ctx.t("goals.save_estimate")):
                            gate.submit(goals.record_progress, db, me, goal.id, percent, success="goals.estimate_saved")
                    estimates = goals.progress_history(db, me, goal.id)
                    if len(estimates) > 0:
                        st.plotly_chart(charts.progress_line(estimates, ctx.t("goals.progress_tab"), ctx.look), key=f"goal.chart.{goal.id}")


removing = next((g for g in my_goals if g.id == st.session_state.get("goals.removing")), None)
if removing:
    confirm_removal(removing)

archived = cached.list_goals(db, me, archived=True)
if archived:
    with st.expander(ctx.t("goals.archived", count=len(archived)), icon=":material/inventory_2:"):
        for goal in archived:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.text(goal.title)
            right.button(
                ctx.t("goals.restore"), key=f"goal.restore.{goal.id}", on_click=gate.attempt,
                args=(goals.restore_goal, db, me, goal.id), kwargs={"success": "goals.restored"},
            )
