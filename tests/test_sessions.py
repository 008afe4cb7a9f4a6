import datetime as dt

import pytest

from coaching import access, actions, goals, pairings, sessions, tracker
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.sessions import SessionInput

D = dt.date
TODAY = D(2026, 11, 27)  # a Friday


def test_a_session_is_logged_with_its_goal_measure_and_phase_and_both_sides_see_it(db, pair):
    pairing, coach, leader, _, _ = pair
    held = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 13), 2, "Agree how we work", "Both sign the agreement", "held"), TODAY)
    upcoming = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 12, 4), 3), TODAY)
    for who in (coach, leader):
        assert [s.id for s in sessions.logbook(db, who, pairing.id, TODAY)] == [upcoming.id, held.id]  # latest first
    assert sessions.next_session(sessions.logbook(db, leader, pairing.id, TODAY), TODAY) == upcoming
    changed = sessions.update(db, coach, upcoming.id, SessionInput(D(2026, 12, 5), 3, "Values", "Three values named"), TODAY)
    assert (changed.held_on, changed.goal, changed.success) == (D(2026, 12, 5), "Values", "Three values named")


@pytest.mark.parametrize("entry, key", [
    (SessionInput(D(2026, 8, 31)), "sessions.error_outside_pairing"),  # before the pairing
    (SessionInput(D(2027, 9, 1)), "sessions.error_outside_pairing"),  # after it closed
    (SessionInput(D(2026, 12, 1), phase=6), "sessions.error_phase"),
    (SessionInput(D(2026, 12, 1), phase=True), "sessions.error_phase"),
    (SessionInput(D(2026, 12, 1), status="done"), "sessions.error_status"),
    (SessionInput(D(2026, 12, 1), goal="x" * 4001), "error.too_long"),
    (SessionInput(None), "error.required"),
])
def test_a_bad_session_is_refused_with_its_reason_and_nothing_is_stored(db, pair, entry, key):
    pairing, coach, leader, _, _ = pair
    with pytest.raises(ValidationError) as refused:
        sessions.plan(db, coach, pairing.id, entry, TODAY)
    assert refused.value.key == key
    assert sessions.logbook(db, leader, pairing.id, TODAY) == []


def test_a_session_in_a_closed_pairing_is_refused_and_its_coach_sees_nothing_any_more(db, pair):
    pairing, coach, leader, other_coach, admin = pair
    session = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 20), status="held"), TODAY)
    sessions.add_note(db, leader, session.id, "Mine, shared", True, TODAY)
    pairings.end(db, admin, pairing.id, D(2026, 11, 25))
    with pytest.raises(AccessDenied):  # the pairing is closed: no new session, nothing shown
        sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 24)), TODAY)
    for read in (lambda who: sessions.logbook(db, who, pairing.id, TODAY), lambda who: sessions.notes(db, who, [session.id], TODAY),
                 lambda who: sessions.agenda(db, who, session.id, TODAY)):
        with pytest.raises(AccessDenied):
            read(coach)
        with pytest.raises(AccessDenied):
            read(other_coach)
        read(leader)  # the leader keeps their history
    with pytest.raises(NotFound):
        sessions.logbook(db, coach, 10_000, TODAY)


def test_a_private_note_is_never_handed_to_the_other_side(db, pair):
    pairing, coach, leader, _, _ = pair
    session = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 20), status="held"), TODAY)
    sessions.add_note(db, coach, session.id, "Coach only: watch the pattern", False, TODAY)
    sessions.add_note(db, leader, session.id, "Leader only: I was nervous", False, TODAY)
    sessions.add_note(db, coach, session.id, "Shared: next time, the budget talk", True, TODAY)
    sessions.add_note(db, leader, session.id, "Shared: thanks", True, TODAY)
    seen = {who.display_name: [n.text for n in sessions.notes(db, who, [session.id], TODAY)[session.id]] for who in (coach, leader)}
    assert seen == {
        "Coach": ["Coach only: watch the pattern", "Shared: next time, the budget talk", "Shared: thanks"],
        "Leader": ["Leader only: I was nervous", "Shared: next time, the budget talk", "Shared: thanks"],
    }


@pytest.mark.parametrize("text, key", [("", "error.required"), ("   ", "error.required"), ("x" * 4001, "error.too_long"), (None, "error.required")])
def test_an_empty_or_huge_note_is_refused(db, pair, text, key):
    pairing, coach, leader, _, _ = pair
    session = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 20)), TODAY)
    with pytest.raises(ValidationError) as refused:
        sessions.add_note(db, leader, session.id, text, True, TODAY)
    assert refused.value.key == key
    assert sessions.notes(db, leader, [session.id], TODAY) == {session.id: []}


def test_the_agenda_is_drafted_once_from_what_the_leader_shares(db, pair, framework):
    pairing, coach, leader, _, _ = pair
    goal = goals.create_goal(db, leader, framework, goals.GoalInput("Delegate", measure="m", target_date=D(2027, 3, 1)))
    kept = actions.create_action(db, leader, goal.id, actions.ActionInput("Weekly one-to-ones", "weekly", 1, (), D(2026, 11, 2)), TODAY)
    actions.create_action(db, leader, goal.id, actions.ActionInput("Hand over the budget", "weekly", 2, (), D(2026, 11, 2)), TODAY)
    for monday in (D(2026, 11, 9), D(2026, 11, 16)):
        tracker.set_day(db, leader, kept.id, monday, 2, True, TODAY)
    goals.record_progress(db, leader, goal.id, 40)
    tracker.save_reflection(db, leader, D(2026, 11, 16), tracker.Reflection(energy=4, stress=2, for_coach="Saying no to my boss"), TODAY)
    sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 6), status="held"), TODAY)
    upcoming = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 12, 4)), TODAY)
    sessions.add_item(db, leader, upcoming.id, "My own point", TODAY)  # the leader adds beforehand
    access.set_sharing(db, leader, "reflections", True)  # private by default

    drafted = sessions.draft_agenda(db, coach, upcoming.id, TODAY, "en")
    texts = [i.text for i in drafted]
    # The weeks after the one of the last session (6 Nov): 9, 16 and 23 Nov, 1 + 2 asked in each.
    assert texts[0] == "Since 6 Nov 2026: 2 of 9 planned done."
    assert "Done as planned: Weekly one-to-ones" not in texts  # not in every week: it slipped in the week of 23 Nov
    assert "Slipped: Hand over the budget (0 of 6)" in texts
    assert "Energy 4.0 (the first weeks with a score)" in texts and "Stress 2.0 (the first weeks with a score)" in texts
    assert "Slipped: Weekly one-to-ones (2 of 3)" in texts
    assert "To bring to the coach (week 47): Saying no to my boss" in texts
    assert "Goal moved: Delegate, 0% → 40%" in texts
    assert texts[-1] == "My own point" and drafted[-1].source == "leader"  # after the draft
    assert sessions.draft_agenda(db, coach, upcoming.id, TODAY, "en") == drafted  # drafted once
    seen = [s.what for s in access.who_saw(db, leader)]
    assert {"log.saw_completion", "log.saw_goals", "log.saw_reflections"} <= set(seen)  # in "Who saw my data"


def test_what_the_leader_does_not_share_never_feeds_the_agenda(db, pair, framework):
    pairing, coach, leader, _, _ = pair
    goal = goals.create_goal(db, leader, framework, goals.GoalInput("Secret goal", measure="m", target_date=D(2027, 3, 1)))
    goals.record_progress(db, leader, goal.id, 70)
    tracker.save_reflection(db, leader, D(2026, 11, 16), tracker.Reflection(energy=1, for_coach="Secret worry"), TODAY)
    for kind in access.KINDS:
        access.set_sharing(db, leader, kind, False)
    upcoming = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 12, 4)), TODAY)
    texts = [i.text for i in sessions.draft_agenda(db, coach, upcoming.id, TODAY, "en")]
    assert texts == ["Nothing shared to draft from since 1 Sept 2026."]
    assert not {s.what for s in access.who_saw(db, leader)} & {f"log.saw_{kind}" for kind in access.KINDS}  # none of her content read


def test_the_coach_edits_the_agenda_whole_and_the_leader_only_adds_and_removes_their_own(db, pair):
    pairing, coach, leader, _, _ = pair
    upcoming = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 12, 4)), TODAY)
    mine = sessions.add_item(db, leader, upcoming.id, "Leader's point", TODAY)
    theirs = sessions.add_item(db, coach, upcoming.id, "Coach's point", TODAY)
    with pytest.raises(AccessDenied):
        sessions.remove_item(db, leader, theirs.id, TODAY)
    with pytest.raises(AccessDenied):
        sessions.set_agenda(db, leader, upcoming.id, [], TODAY)
    edited = sessions.set_agenda(db, coach, upcoming.id, [(theirs.id, "Coach's point"), (mine.id, "Leader's point, sharpened"), (None, "New")], TODAY)
    assert [(i.text, i.source) for i in edited] == [("Coach's point", "coach"), ("Leader's point, sharpened", "coach"), ("New", "coach")]
    with pytest.raises(ValidationError):  # a bad item refuses the whole edit: nothing half-written
        sessions.set_agenda(db, coach, upcoming.id, [(None, "Fine"), (None, "")], TODAY)
    assert [i.text for i in sessions.agenda(db, leader, upcoming.id, TODAY)] == ["Coach's point", "Leader's point, sharpened", "New"]
    sessions.update(db, coach, upcoming.id, SessionInput(D(2026, 12, 4), status="held"), TODAY)
    with pytest.raises(ValidationError) as closed:
        sessions.add_item(db, leader, upcoming.id, "Too late", TODAY)
    assert closed.value.key == "sessions.error_not_planned"


def test_an_agreed_action_lands_in_the_leaders_plan_marked_and_stays_theirs(db, pair, framework):
    pairing, coach, leader, _, _ = pair
    goal = goals.create_goal(db, leader, framework, goals.GoalInput("Delegate", measure="m", target_date=D(2027, 3, 1)))
    session = sessions.plan(db, coach, pairing.id, SessionInput(D(2026, 11, 27), status="held"), TODAY)
    agreed = sessions.agree_action(db, coach, session.id, goal.id, actions.ActionInput("Ask, don't tell", "weekly", 2, (), TODAY), TODAY)
    assert agreed.person_id == leader.person_id and [a.id for a in actions.list_actions(db, leader)] == [agreed.id]
    assert {s: [a.title for a in found] for s, found in sessions.agreed_actions(db, leader, pairing.id, TODAY).items()} == {session.id: ["Ask, don't tell"]}
    actions.update_action(db, leader, agreed.id, actions.ActionInput("Ask first", "weekly", 1, (), TODAY), TODAY)  # still theirs
    assert sessions.agreed_actions(db, coach, pairing.id, TODAY)[session.id][0].title == "Ask first"
    assert "log.agreed_action" in [s.what for s in access.who_saw(db, leader)]
    other = goals.create_goal(db, coach, framework, goals.GoalInput("Not the leader's", measure="m", target_date=D(2027, 3, 1)))
    with pytest.raises(ValidationError):
        sessions.agree_action(db, coach, session.id, other.id, actions.ActionInput("X", "weekly", 1, (), TODAY), TODAY)
    access.set_sharing(db, leader, "goals", False)
    with pytest.raises(AccessDenied):  # without the leader's plan shared, the coach writes nothing into it
        sessions.agree_action(db, coach, session.id, goal.id, actions.ActionInput("Y", "weekly", 1, (), TODAY), TODAY)
    assert sessions.agreed_actions(db, coach, pairing.id, TODAY) == {}


def test_live_mode_is_kept_per_coach_until_they_leave_it(db, pair):
    pairing, coach, leader, other_coach, admin = pair
    assert sessions.live(db, coach) is None
    started = sessions.start_live(db, coach, pairing.id, TODAY)
    assert sessions.live(db, coach) == started and started.pairing_id == pairing.id  # every tab of theirs, after a reload too
    assert sessions.live(db, other_coach) is None
    for stranger in (leader, other_coach):  # only the pairing's coach goes live with it
        with pytest.raises(AccessDenied):
            sessions.start_live(db, stranger, pairing.id, TODAY)
    sessions.leave_live(db, coach)
    assert sessions.live(db, coach) is None
    pairings.end(db, admin, pairing.id, D(2026, 11, 25))
    with pytest.raises(AccessDenied):
        sessions.start_live(db, coach, pairing.id, TODAY)
