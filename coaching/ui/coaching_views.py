"""Pieces of the coaching screens that the coach's workspace and the leader's "My coaching"
share, or that would crowd the workspace page: an agreement, the session history, the next
session as the coach prepares it, live mode's type and timer, and the views of what a leader
shares with their coach."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from coaching import actions, agreements, assessments, charts, goals, profile, sessions, tracker, weeks
from coaching.actions import ActionInput
from coaching.agreements import Agreement
from coaching.charts import Series
from coaching.i18n import format_date, format_number
from coaching.pairings import Coachee
from coaching.people import Identity
from coaching.sessions import Session, SessionInput
from coaching.ui import gate
from coaching.ui.gate import Context
from coaching.ui.text import plain
from coaching.ui.widgets import done_text
from coaching.validation import MAX_TEXT_CHARS, MAX_TITLE_CHARS

# Live mode is read from a distance, on a shared screen: larger type in the main area. A
# constant style sheet, no user text in it.
_LARGE_TYPE = """<style>
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] [data-testid="stText"] { font-size: 1.3rem; line-height: 1.6; }
</style>"""


def large_type() -> None:
    st.html(_LARGE_TYPE)


def session_timer(ctx: Context, started_at: dt.datetime, minutes: int | None) -> None:
    """Minutes since live mode began (against the agreed length), redrawn every 15 seconds."""

    @st.fragment(run_every=dt.timedelta(seconds=15))
    def timer() -> None:
        elapsed = int((dt.datetime.now(dt.timezone.utc) - started_at).total_seconds() // 60)
        text = ctx.t("workspace.timer_of", minutes=elapsed, length=minutes) if minutes else ctx.t("workspace.timer", minutes=elapsed)
        st.markdown(f":material/timer: **{text}**")

    timer()


def confirm_leave_live(ctx: Context) -> None:
    @st.dialog(ctx.t("workspace.leave_live_title"))
    def confirm() -> None:
        st.write(ctx.t("workspace.leave_live_body"))
        if st.button(ctx.t("workspace.leave_live_confirm"), type="primary", key="workspace.leave_live_yes"):
            gate.attempt(sessions.leave_live, ctx.db, ctx.viewer)
            st.rerun()

    confirm()


# -- the agreement ------------------------------------------------------------------------------


def agreement(ctx: Context, found: Agreement) -> None:
    terms, lang = found.terms, ctx.language
    with st.container(border=True):
        st.markdown("**" + ctx.t("agreement.version", version=found.version, date=format_date(found.proposed_at.date(), lang)) + "**")
        if found.accepted_at:
            st.caption(ctx.t("agreement.accepted_on", date=format_date(found.accepted_at.date(), lang)))
        else:
            st.caption(ctx.t("agreement.waiting"))
        period = (ctx.t("agreement.period", start=format_date(terms.starts_on, lang), end=format_date(terms.ends_on, lang))
                  if terms.ends_on else ctx.t("agreement.period_open", start=format_date(terms.starts_on, lang)))
        st.write(period + " " + ctx.t("agreement.rhythm", weeks=terms.every_weeks, minutes=terms.session_minutes,
                                        meeting=ctx.t(f"agreements.meeting_{terms.meeting}")))
        for name in agreements.TEXTS:
            text = getattr(terms, name)
            if text:
                st.markdown(f"**{ctx.t(f'agreements.field_{name}')}**")
                st.text(text)


# -- sessions -----------------------------------------------------------------------------------


def session_heading(ctx: Context, session: Session) -> str:
    return ctx.t("workspace.session_line", date=format_date(session.held_on, ctx.language), phase=ctx.t(f"phase.{session.phase}.name"),
                 status=ctx.t(f"sessions.status_{session.status}"))


def note_lines(ctx: Context, notes: list[sessions.Note], viewer: Identity) -> None:
    """Notes as plain text, each marked shared or private (the private ones are the viewer's own)."""
    for note in notes:
        mark = ctx.t("workspace.note_shared") if note.shared else ctx.t("workspace.note_private")
        st.markdown(f"**{plain(note.author_name)}** · {mark}")
        st.text(note.text)


def note_form(ctx: Context, viewer: Identity, session_id: int, other_name: str, today: dt.date) -> None:
    with st.form(f"notes.add.{session_id}", clear_on_submit=True, border=False):
        text = st.text_area(ctx.t("workspace.add_note"), max_chars=MAX_TEXT_CHARS, height=90)
        kind = st.segmented_control(ctx.t("workspace.note_kind"), ["private", "shared"], default="private", required=True,
                                    format_func=lambda k: ctx.t("workspace.kind_private") if k == "private"
                                    else ctx.t("workspace.kind_shared", name=plain(other_name)))
        if st.form_submit_button(ctx.t("workspace.save_note"), icon=":material/save:"):
            gate.submit(sessions.add_note, ctx.db, viewer, session_id, text, kind == "shared", today, success="workspace.note_saved")


HISTORY_SHOWN = 8  # the latest sessions listed; the rest behind a switch


def session_history(ctx: Context, viewer: Identity, pairing_id: int, earlier: list[Session], today: dt.date,
                    other_name: str = "") -> None:
    """Earlier sessions, the latest first, each in a lazy expander: a closed one reads and
    draws nothing (a pairing of three years has some seventy sessions). Open: the goal, the
    measure, the actions agreed and the notes, and a note to add to a held session."""
    show_all = st.session_state.get(f"history.all.{pairing_id}", False)
    opened = []
    for session in earlier if show_all else earlier[:HISTORY_SHOWN]:
        label = session_heading(ctx, session) + (f" — {plain(session.goal)}" if session.goal else "")
        box = st.expander(label, key=f"history.{session.id}", on_change="rerun")
        if box.open:
            opened.append((session, box))
    if len(earlier) > HISTORY_SHOWN:
        st.toggle(ctx.t("workspace.all_sessions", count=len(earlier)), key=f"history.all.{pairing_id}")
    if not opened:
        return
    notes = sessions.notes(ctx.db, viewer, [s.id for s, _ in opened], today)
    agreed = sessions.agreed_actions(ctx.db, viewer, pairing_id, today)
    for session, box in opened:
        with box:
            if session.success:
                st.markdown(f"**{ctx.t('sessions.field_success')}:** {plain(session.success)}")
            if agreed.get(session.id):
                st.markdown(f"**{ctx.t('workspace.agreed_actions')}**")
                st.markdown("\n".join(f"- {plain(a.title)}" for a in agreed[session.id]))
            note_lines(ctx, notes[session.id], viewer)
            if session.status == "held" and other_name:
                note_form(ctx, viewer, session.id, other_name, today)


def next_session_for_coach(ctx: Context, leader: Coachee, session: Session, today: dt.date) -> None:
    """The next session as the coach prepares and runs it: its agenda (drafted from the weeks
    since the one before, the first time it is opened), its goal and measure, notes, and the
    actions agreed in it."""
    db, coach, lang = ctx.db, ctx.viewer, ctx.language
    with st.container(border=True):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.subheader(ctx.t("workspace.next_session", date=format_date(session.held_on, lang)), anchor=False)
            if session.held_on <= today:  # the session took place: one click, and the next one can be planned
                held = SessionInput(session.held_on, session.phase, session.goal, session.success, "held")
                st.button(ctx.t("workspace.mark_held"), icon=":material/task_alt:", key=f"workspace.held.{session.id}", width="content",
                          on_click=gate.attempt, args=(sessions.update, db, coach, session.id, held, today),
                          kwargs={"success": "workspace.session_saved"})
        st.caption(ctx.t(f"phase.{session.phase}.name"))
        if session.goal:
            st.markdown(f"**{ctx.t('sessions.field_goal')}:** {plain(session.goal)}")
        if session.success:
            st.markdown(f"**{ctx.t('sessions.field_success')}:** {plain(session.success)}")
        items = sessions.draft_agenda(db, coach, session.id, today, lang)
        st.markdown("**" + ctx.t("workspace.agenda") + "**")
        st.caption(ctx.t("workspace.agenda_help"))
        # Each item's id rides along in a hidden column: a row added in the editor has none.
        table = pd.DataFrame({"id": pd.array([i.id for i in items], dtype="Int64"), "text": [i.text for i in items],
                              "source": [ctx.t(f"workspace.source_{i.source}") for i in items]})
        edited = st.data_editor(
            table, num_rows="dynamic", hide_index=True, key=f"workspace.agenda.{session.id}.{len(items)}",
            column_config={
                "id": None,
                "text": st.column_config.TextColumn(ctx.t("sessions.field_item"), max_chars=sessions.MAX_ITEM_CHARS, width="large"),
                "source": st.column_config.TextColumn(ctx.t("workspace.source"), disabled=True, width="small"),
            },
        )
        if st.button(ctx.t("workspace.save_agenda"), icon=":material/save:", key=f"workspace.save_agenda.{session.id}"):
            rows = [(None if pd.isna(item_id) else int(item_id), "" if pd.isna(text) else str(text))
                    for item_id, text in zip(edited["id"], edited["text"])]
            gate.submit(sessions.set_agenda, db, coach, session.id, rows, today, success="workspace.agenda_saved")

        editor = st.expander(ctx.t("workspace.edit_session"), icon=":material/edit:", key=f"workspace.edit_open.{session.id}",
                             on_change="rerun")  # lazy: a closed editor draws nothing
        if editor.open:
            with editor, st.form(f"workspace.session.{session.id}", border=False):
                held_on = st.date_input(ctx.t("sessions.field_date"), value=session.held_on,
                                        format="DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD")
                phase = st.segmented_control(ctx.t("sessions.field_phase"), sessions.PHASES, default=session.phase, required=True,
                                             format_func=lambda p: ctx.t(f"phase.{p}.name"))
                goal = st.text_input(ctx.t("sessions.field_goal"), value=session.goal, max_chars=MAX_TEXT_CHARS)
                success = st.text_input(ctx.t("sessions.field_success"), value=session.success, max_chars=MAX_TEXT_CHARS)
                status = st.segmented_control(ctx.t("sessions.field_status"), sessions.STATUSES, default=session.status, required=True,
                                              format_func=lambda s: ctx.t(f"sessions.status_{s}"))
                if st.form_submit_button(ctx.t("workspace.save_session"), type="primary", icon=":material/save:"):
                    gate.submit(sessions.update, db, coach, session.id, SessionInput(held_on, phase, goal, success, status), today,
                                success="workspace.session_saved")
        notes = sessions.notes(db, coach, [session.id], today)[session.id]
        note_lines(ctx, notes, coach)
        note_form(ctx, coach, session.id, leader.name, today)

        if "goals" in leader.shared:
            # Lazy: the leader's goals are read (and logged) only when the coach opens it.
            agree = st.expander(ctx.t("workspace.agree_action"), icon=":material/handshake:", key=f"workspace.agree_open.{session.id}",
                                on_change="rerun")
            their_goals = ([g for g in goals.list_goals(db, coach, of=leader.leader_id) if g.status in ("active", "draft", "on_hold")]
                           if agree.open else [])
            if their_goals:
                with agree:
                    with st.form(f"workspace.agree.{session.id}", clear_on_submit=True, border=False):
                        by_id = {g.id: g.title for g in their_goals}
                        goal_id = st.selectbox(ctx.t("workspace.for_goal"), list(by_id), format_func=by_id.get)
                        title = st.text_input(ctx.t("actions.field_title"), max_chars=MAX_TITLE_CHARS)
                        times = st.number_input(ctx.t("plan.times"), min_value=1, max_value=7, value=1)
                        if st.form_submit_button(ctx.t("workspace.agree"), icon=":material/add_task:"):
                            entered = ActionInput(title, "weekly", int(times), (), today)
                            gate.submit(sessions.agree_action, db, coach, session.id, goal_id, entered, today,
                                        success="workspace.action_agreed")
            elif agree.open:
                with agree:
                    st.write(ctx.t("coachees.no_goals"))


# -- what a leader shares with their coach ------------------------------------------------------


def shared_content(ctx: Context, kind: str, leader_id: int, today: dt.date) -> None:
    """One kind of what the leader shares; each read goes into their "Who saw my data"."""
    db, coach, lang, framework = ctx.db, ctx.viewer, ctx.language, ctx.framework
    if kind == "profile":
        rounds = profile.profiles(db, coach, framework, of=leader_id)
        if not rounds:
            st.write(ctx.t("coachees.no_rounds"))
            return
        latest = rounds[-1]
        axes = {c.id: c.name(lang) for c in framework.competencies}
        short = {c.id: c.short_name(lang) for c in framework.competencies}
        series = [Series(ctx.t("profile.series_now", date=format_date(latest.round.assessed_on, lang)), latest.scores, "current")]
        if len(rounds) > 1:
            series.append(Series(format_date(rounds[-2].round.assessed_on, lang), rounds[-2].scores, "previous"))
        if latest.targets:
            series.append(Series(ctx.t("profile.series_target"), latest.targets, "target"))
        st.plotly_chart(charts.radar(axes, series, ctx.t("profile.not_rated"), ctx.look, short), key="coachees.radar")
        strengths = ", ".join(f"{axes[cid]} {format_number(score, lang)}" for cid, score in profile.strengths(latest.scores))
        st.markdown(f"**{ctx.t('profile.strengths')}** · {plain(strengths)}")
    elif kind == "goals":
        their_goals = goals.list_goals(db, coach, of=leader_id)
        their_actions = actions.list_actions(db, coach, of=leader_id)
        if not their_goals:
            st.write(ctx.t("coachees.no_goals"))
        for goal in their_goals:
            with st.container(border=True):
                st.markdown(f"**{plain(goal.title)}** · {ctx.t(f'goals.status_{goal.status}')}")
                st.progress((goal.progress or 0) / 100, text=ctx.t("goals.progress", percent=goal.progress or 0))
                if goal.measure:
                    st.text(ctx.t("goals.measure_label") + " " + goal.measure)
                mine = [a for a in their_actions if a.goal_id == goal.id]
                if mine:
                    st.markdown("\n".join(f"- {plain(a.title)}" for a in mine))
    elif kind == "completion":
        history = tracker.history(db, coach, today, of=leader_id)
        this_week = weeks.week_start(today)
        week_done, overall = tracker.completion(history, this_week), tracker.completion(history)
        current, _ = tracker.streaks(history, this_week)
        numbers = st.columns(3)
        numbers[0].metric(ctx.t("tracker.this_week_done"), done_text(ctx, week_done.done, week_done.target, week_done.extra))
        numbers[1].metric(ctx.t("tracker.overall_done"), done_text(ctx, overall.done, overall.target, overall.extra))
        numbers[2].metric(ctx.t("tracker.streak"), ctx.t_count("tracker.weeks", current))
    elif kind == "reflections":
        feelings = tracker.reflections(db, coach, of=leader_id)
        if len(feelings):
            st.plotly_chart(charts.wellbeing(feelings, {"energy": ctx.t("tracker.energy"), "stress": ctx.t("tracker.stress")}, ctx.look),
                            key="coachees.wellbeing")
        entry = tracker.reflection(db, coach, weeks.week_start(today) - weeks.ONE_WEEK, of=leader_id)
        st.subheader(ctx.t("coachees.last_week"), anchor=False)
        if entry.is_empty:
            st.write(ctx.t("coachees.no_reflection"))
        for field in ("went_well", "learned", "do_differently", "for_coach"):
            text = getattr(entry, field)
            if text:
                st.markdown(f"**{ctx.t(f'tracker.{field}')}**")
                st.text(text)  # the leader's own words, as plain text
    elif kind == "comments":
        latest_round, notes = assessments.latest_comments(db, coach, of=leader_id)
        if latest_round:
            st.caption(ctx.t("coachees.comments_of", date=format_date(latest_round.assessed_on, lang)))
        if not notes:
            st.write(ctx.t("coachees.no_comments"))
        for competency in framework.competencies:
            if competency.id in notes:
                st.markdown(f"**{competency.name(lang)}**")
                st.text(notes[competency.id])
