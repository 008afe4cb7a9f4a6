"""My coachees: the leaders a coach is paired with today, each with what that leader shares
(their profile, goals and plan, weekly completion, reflections, comments) and nothing else.
Every view is written to the leader's "Who saw my data"."""

import streamlit as st

from coaching import access, assessments, charts, goals, pairings, profile, tracker, weeks
from coaching.actions import list_actions
from coaching.charts import Series
from coaching.i18n import format_date, format_number
from coaching.ui import gate
from coaching.ui.text import plain
from coaching.ui.widgets import done_text

ctx = gate.context()
coach, lang = ctx.viewer, ctx.language
today = ctx.today()

st.title(ctx.t("coachees.title"))
st.caption(ctx.t("coachees.intro"))
gate.show_flash()

mine = pairings.coachees(ctx.db, coach, today)
if not mine:
    st.info(ctx.t("coachees.none"), icon=":material/group_off:")
    st.stop()

by_id = {c.leader_id: c for c in mine}
chosen_id = st.selectbox(ctx.t("coachees.choose"), list(by_id), format_func=lambda leader_id: by_id[leader_id].name,
                         key="coachees.chosen")
leader = by_id[chosen_id]
since = format_date(leader.starts_on, lang)
st.caption(ctx.t("coachees.paired_since", date=since) if leader.ends_on is None
           else ctx.t("coachees.paired_until", date=since, end=format_date(leader.ends_on, lang)))
shared = [kind for kind in access.KINDS if kind in leader.shared]
hidden = [kind for kind in access.KINDS if kind not in leader.shared]
if hidden:
    st.caption(ctx.t("coachees.not_shared", kinds=", ".join(ctx.t(f"privacy.kind_{k}") for k in hidden)))
if not shared:
    st.info(ctx.t("coachees.shares_nothing"), icon=":material/visibility_off:")
    st.stop()

# Only the open tab is read (on_change="rerun" makes the tabs lazy), so that the leader's
# "Who saw my data" lists what the coach opened, not every tab the screen could show.
tabs = dict(zip(shared, st.tabs([ctx.t(f"privacy.kind_{kind}") for kind in shared], on_change="rerun",
                                key=f"coachees.view.{leader.leader_id}")))

if "profile" in tabs and tabs["profile"].open:
    with tabs["profile"]:
        rounds = profile.profiles(ctx.db, coach, ctx.framework, of=leader.leader_id)
        if not rounds:
            st.write(ctx.t("coachees.no_rounds"))
        else:
            latest = rounds[-1]
            axes = {c.id: c.name(lang) for c in ctx.framework.competencies}
            short = {c.id: c.short_name(lang) for c in ctx.framework.competencies}
            series = [Series(ctx.t("profile.series_now", date=format_date(latest.round.assessed_on, lang)), latest.scores, "current")]
            if len(rounds) > 1:
                series.append(Series(format_date(rounds[-2].round.assessed_on, lang), rounds[-2].scores, "previous"))
            if latest.targets:
                series.append(Series(ctx.t("profile.series_target"), latest.targets, "target"))
            st.plotly_chart(charts.radar(axes, series, ctx.t("profile.not_rated"), ctx.look, short), key="coachees.radar")
            strengths = ", ".join(f"{axes[cid]} {format_number(score, lang)}" for cid, score in profile.strengths(latest.scores))
            st.markdown(f"**{ctx.t('profile.strengths')}** · {plain(strengths)}")

if "goals" in tabs and tabs["goals"].open:
    with tabs["goals"]:
        their_goals = goals.list_goals(ctx.db, coach, of=leader.leader_id)
        their_actions = list_actions(ctx.db, coach, of=leader.leader_id)
        if not their_goals:
            st.write(ctx.t("coachees.no_goals"))
        for goal in their_goals:
            with st.container(border=True):
                st.markdown(f"**{plain(goal.title)}** · {ctx.t(f'goals.status_{goal.status}')}")
                st.progress((goal.progress or 0) / 100, text=ctx.t("goals.progress", percent=goal.progress or 0))
                if goal.measure:
                    st.text(ctx.t("goals.measure_label") + " " + goal.measure)
                for action in (a for a in their_actions if a.goal_id == goal.id):
                    st.markdown(f"- {plain(action.title)}")

if "completion" in tabs and tabs["completion"].open:
    with tabs["completion"]:
        history = tracker.history(ctx.db, coach, today, of=leader.leader_id)
        this_week = weeks.week_start(today)
        week_done = tracker.completion(history, this_week)
        overall = tracker.completion(history)
        current, longest = tracker.streaks(history, this_week)
        numbers = st.columns(3)
        numbers[0].metric(ctx.t("tracker.this_week_done"), done_text(ctx, week_done.done, week_done.target, week_done.extra))
        numbers[1].metric(ctx.t("tracker.overall_done"), done_text(ctx, overall.done, overall.target, overall.extra))
        numbers[2].metric(ctx.t("tracker.streak"), ctx.t_count("tracker.weeks", current))

if "reflections" in tabs and tabs["reflections"].open:
    with tabs["reflections"]:
        feelings = tracker.reflections(ctx.db, coach, of=leader.leader_id)
        if len(feelings):
            st.plotly_chart(charts.wellbeing(feelings, {"energy": ctx.t("tracker.energy"), "stress": ctx.t("tracker.stress")}, ctx.look),
                            key="coachees.wellbeing")
        last_week = weeks.week_start(today) - weeks.ONE_WEEK
        entry = tracker.reflection(ctx.db, coach, last_week, of=leader.leader_id)
        st.subheader(ctx.t("coachees.last_week"), anchor=False)
        if entry.is_empty:
            st.write(ctx.t("coachees.no_reflection"))
        for field in ("went_well", "learned", "do_differently", "for_coach"):
            text = getattr(entry, field)
            if text:
                st.markdown(f"**{ctx.t(f'tracker.{field}')}**")
                st.text(text)  # the leader's own words, as plain text

if "comments" in tabs and tabs["comments"].open:
    with tabs["comments"]:
        latest_round, notes = assessments.latest_comments(ctx.db, coach, of=leader.leader_id)
        if latest_round:
            st.caption(ctx.t("coachees.comments_of", date=format_date(latest_round.assessed_on, lang)))
        if not notes:
            st.write(ctx.t("coachees.no_comments"))
        for competency in ctx.framework.competencies:
            if competency.id in notes:
                st.markdown(f"**{competency.name(lang)}**")
                st.text(notes[competency.id])
