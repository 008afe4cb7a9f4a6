"""People and roles (administrators): invite people, give them roles, pair coaches with
leaders, put leaders in cohorts, deactivate and reactivate. Names, e-mails, roles, pairings
and cohorts only: an administrator sees nobody's ratings, goals, notes or reflections."""

import pandas as pd
import streamlit as st

from coaching import cohorts, pairings, people
from coaching.errors import KoersError
from coaching.framework import LANGUAGES
from coaching.i18n import format_date
from coaching.people import ROLES
from coaching.ui import gate
from coaching.validation import MAX_TITLE_CHARS

ctx = gate.context()
admin, lang = ctx.viewer, ctx.language
date_format = "DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD"

st.title(ctx.t("admin.title"))
st.caption(ctx.t("admin.intro"))
gate.show_flash()


def role_names(roles) -> str:
    return ", ".join(ctx.t(f"role.{role}") for role in ROLES if role in roles)


# -- invite ------------------------------------------------------------------------------------

with st.expander(ctx.t("admin.invite"), icon=":material/person_add:"):
    with st.form(f"admin.invite.{st.session_state.get('admin.invited', 0)}", enter_to_submit=False):
        left, right = st.columns(2)
        email = left.text_input(ctx.t("admin.field_email"), max_chars=320)
        name = right.text_input(ctx.t("people.field_name"), max_chars=MAX_TITLE_CHARS)
        roles = st.multiselect(ctx.t("admin.field_roles"), ROLES, default=["leader"], format_func=lambda r: ctx.t(f"role.{r}"))
        language = st.radio(ctx.t("admin.field_language"), LANGUAGES, horizontal=True, format_func=lambda c: ctx.t(f"language.{c}"))
        if st.form_submit_button(ctx.t("admin.invite_button"), type="primary", icon=":material/send:"):
            try:
                added = people.add_person(ctx.db, admin, email, name, roles, language)
            except KoersError as error:
                st.error(ctx.explain(error), icon=":material/error:")
            else:
                st.session_state["admin.invited"] = st.session_state.get("admin.invited", 0) + 1
                gate.flash("admin.invited", kind="success", name=added.display_name)
                st.rerun()

# -- everyone ----------------------------------------------------------------------------------

everyone = people.list_people(ctx.db, admin)
search = st.text_input(ctx.t("admin.search"), placeholder=ctx.t("admin.search_placeholder"), key="admin.search")
needle = search.strip().lower()
shown = [p for p in everyone if not needle or needle in p.display_name.lower() or needle in (p.email or "")]
st.caption(ctx.t("admin.count", shown=len(shown), total=len(everyone)))
st.dataframe(
    pd.DataFrame({
        ctx.t("people.field_name"): [p.display_name for p in shown],
        ctx.t("admin.field_email"): [p.email for p in shown],
        ctx.t("admin.field_roles"): [role_names(p.roles) for p in shown],
        ctx.t("admin.col_cohorts"): [", ".join(p.cohorts) for p in shown],
        ctx.t("admin.col_active"): [p.active for p in shown],
    }),
    hide_index=True,
    height=320,
)

if not shown:
    st.stop()

# -- one person --------------------------------------------------------------------------------

by_id = {p.id: p for p in shown}
chosen = st.selectbox(ctx.t("admin.choose"), list(by_id), key="admin.chosen",
                      format_func=lambda person_id: f"{by_id[person_id].display_name} · {by_id[person_id].email}")
person = by_id[chosen]

with st.container(border=True):
    st.subheader(person.display_name, anchor=False)
    st.caption(f"{person.email} · {ctx.t('admin.active') if person.active else ctx.t('admin.inactive')}")

    with st.form(f"admin.roles.{person.id}", border=False, enter_to_submit=False):
        new_roles = st.multiselect(ctx.t("admin.field_roles"), ROLES, default=sorted(person.roles, key=ROLES.index),
                                   format_func=lambda r: ctx.t(f"role.{r}"))
        if st.form_submit_button(ctx.t("admin.save_roles"), icon=":material/save:"):
            gate.submit(people.set_roles, ctx.db, admin, person.id, new_roles, success="admin.saved")

    all_cohorts = cohorts.list_cohorts(ctx.db, admin)
    if all_cohorts:
        names = {c.id: c.name for c in all_cohorts}
        with st.form(f"admin.cohorts.{person.id}", border=False, enter_to_submit=False):
            member_of = st.multiselect(ctx.t("admin.col_cohorts"), list(names), format_func=names.get,
                                       default=[c.id for c in all_cohorts if c.name in person.cohorts])
            if st.form_submit_button(ctx.t("admin.save_cohorts"), icon=":material/save:"):
                gate.submit(cohorts.set_cohorts, ctx.db, admin, person.id, member_of, success="admin.saved")

    if person.active:
        st.button(ctx.t("admin.deactivate"), icon=":material/person_off:", key=f"admin.deactivate.{person.id}",
                  on_click=gate.attempt, args=(people.set_active, ctx.db, admin, person.id, False),
                  kwargs={"success": "admin.saved"}, help=ctx.t("admin.deactivate_help"))
    else:
        st.button(ctx.t("admin.reactivate"), icon=":material/person_check:", key=f"admin.reactivate.{person.id}",
                  on_click=gate.attempt, args=(people.set_active, ctx.db, admin, person.id, True),
                  kwargs={"success": "admin.saved"})

# -- pairings ----------------------------------------------------------------------------------

with st.container(border=True):
    st.subheader(ctx.t("admin.pairings"), anchor=False)
    theirs = pairings.list_pairings(ctx.db, admin, person.id)
    today = ctx.today()
    if not theirs:
        st.write(ctx.t("admin.no_pairings"))
    for pairing in theirs:
        period = format_date(pairing.starts_on, lang, "medium") + " – " + (
            format_date(pairing.ends_on, lang, "medium") if pairing.ends_on else ctx.t("admin.open_ended"))
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(ctx.t("admin.pairing", coach=pairing.coach_name, leader=pairing.leader_name, period=period))
        if pairing.active_on(today):
            right.button(ctx.t("admin.end_pairing"), key=f"admin.end.{pairing.id}", on_click=gate.attempt,
                         args=(pairings.end, ctx.db, admin, pairing.id, today), kwargs={"success": "admin.saved"})

    others = [p for p in everyone if p.id != person.id and p.active]
    if "leader" in person.roles:
        partners = {p.id: p for p in others if "coach" in p.roles}
        role_of_partner = "coach"
    else:
        partners = {p.id: p for p in others if "leader" in p.roles}
        role_of_partner = "leader"
    if ("leader" in person.roles or "coach" in person.roles) and partners:
        with st.form(f"admin.pair.{person.id}", border=False, enter_to_submit=False):
            partner = st.selectbox(ctx.t(f"admin.pair_with_{role_of_partner}"), list(partners),
                                   format_func=lambda pid: f"{partners[pid].display_name} · {partners[pid].email}")
            left, right = st.columns(2)
            starts = left.date_input(ctx.t("pairings.field_starts"), value=today, format=date_format)
            ends = right.date_input(ctx.t("pairings.field_ends"), value=None, format=date_format)
            if st.form_submit_button(ctx.t("admin.pair"), icon=":material/link:"):
                coach_id, leader_id = (partner, person.id) if role_of_partner == "coach" else (person.id, partner)
                gate.submit(pairings.pair, ctx.db, admin, coach_id, leader_id, starts, ends, success="admin.saved")

# -- cohorts -----------------------------------------------------------------------------------

with st.expander(ctx.t("admin.new_cohort"), icon=":material/group_add:"):
    with st.form("admin.cohort", enter_to_submit=False):
        cohort_name = st.text_input(ctx.t("cohorts.field_name"), max_chars=MAX_TITLE_CHARS)
        cohort_start = st.date_input(ctx.t("cohorts.field_starts"), value=None, format=date_format)
        if st.form_submit_button(ctx.t("admin.create_cohort"), icon=":material/add:"):
            gate.submit(cohorts.create_cohort, ctx.db, admin, cohort_name, cohort_start, success="admin.saved")
