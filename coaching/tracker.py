"""The weekly tracker (phase 5): per ISO week, which actions were done on which days, a short
reflection, and the progress that follows from it: completion, streaks, a strength score
per action, a heatmap, energy and stress over time, and what is overdue or slipping.

Check-ins are saved day by day: ticking a day adds just that day and unticking removes just
that day, so two browser tabs on the same week never erase each other's work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from coaching import access
from coaching import strength as habit_strength
from coaching import week_rules, weeks
from coaching.actions import ACTION_WIDTH, Action, action_columns, action_from_row, owned_action
from coaching.db import Database
from coaching.errors import ValidationError
from coaching.people import Identity
from coaching.validation import MAX_TEXT_CHARS, clean_text

@dataclass(frozen=True)
class WeekRow:
    """One action in one week, as the weekly rules count it: what it asks (`target`), what
    of that was done, the extra ticks beyond it, the days ticked, the days it can be done on
    (its window) and, on chosen weekdays, the days it asks. Days are ISO weekdays, 1-7."""

    action: Action
    goal_title: str
    target: int
    done: int
    extra: int
    days: tuple[int, ...]
    open_days: tuple[int, ...]
    asked_days: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reflection:
    went_well: str = ""
    learned: str = ""
    do_differently: str = ""
    energy: int | None = None
    stress: int | None = None
    for_coach: str = ""

    @property
    def is_empty(self) -> bool:
        return self == Reflection()


EARLIEST_WEEK = dt.date(2000, 1, 3)  # the first Monday the tracker knows


def check_week(monday: dt.date, today: dt.date) -> dt.date:
    if not isinstance(monday, dt.date) or isinstance(monday, dt.datetime) or monday.weekday() != 0 or monday < EARLIEST_WEEK:
        raise ValidationError("tracker.error_week")
    if monday > weeks.week_start(today):
        raise ValidationError("tracker.error_future_week")
    return monday


# -- reading a week -----------------------------------------------------------------------


def week_rows(db: Database, asking: Identity, monday: dt.date, history: pd.DataFrame | None = None,
              of: int | None = None) -> list[WeekRow]:
    """Every action that asks something in this week, can be done in it, or was ticked in
    it, as the weekly rules (coaching.week_rules) count it: the asking leader's, or those of
    leader `of` for whoever may see their weekly completion.

    A page that already holds that leader's `history` (which runs to this week) passes it,
    and a week it covers is read from there instead of asking the database again."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "completion")
        if history is not None and monday <= history.attrs["through"]:
            found = history[history["week_start"] == monday]
        else:
            found = week_rules.action_weeks(cursor, [leader], monday, monday)
        if found.empty:
            return []
        rows = cursor.execute(
            "SELECT " + action_columns("a") + ", g.title FROM actions a JOIN goals g ON g.id = a.goal_id "
            "WHERE a.person_id = ? AND a.id IN (SELECT unnest(?::INTEGER[])) ORDER BY a.start_date, a.id",
            [leader, found["action_id"].tolist()],
        ).fetchall()
    facts = {int(f.action_id): f for f in found.itertuples(index=False)}
    week = []
    for row in rows:
        action = action_from_row(row)
        fact = facts[action.id]
        week.append(WeekRow(
            action=action,
            goal_title=row[ACTION_WIDTH],
            target=int(fact.target),
            done=int(fact.done),
            extra=int(fact.extra),
            days=week_rules.weekdays_in(fact.ticked_mask),
            open_days=week_rules.weekdays_in(fact.open_mask),
            asked_days=week_rules.weekdays_in(fact.asked_mask),
        ))
    return week


# -- writing a week -----------------------------------------------------------------------


def changeable_days(row: WeekRow, monday: dt.date, today: dt.date) -> tuple[int, ...]:
    """The days of this week that set_day accepts for this action: the days of its window up
    to today, and a day already ticked outside it (a wrong tick can always be taken back)."""
    last = (today - monday).days + 1  # the last weekday that is not still to come
    return tuple(d for d in sorted({*row.open_days, *row.days}) if d <= last)


def set_day(db: Database, asking: Identity, action_id: int, monday: dt.date, weekday: int, done: bool, today: dt.date) -> tuple[int, ...]:
    """Tick (or untick) one day of one action; returns the days now ticked for that week.

    Only that day changes, in one statement, so a save from another tab on another row or
    day of the same week is kept. A day before the action starts or after it ends cannot be
    ticked (week_rules); unticking is always allowed, so that a wrong tick can be taken back."""
    check_week(monday, today)
    check_weekday(weekday)
    day = monday + dt.timedelta(days=weekday - 1)
    if day > today:
        raise ValidationError("tracker.error_future_day")
    with db.write() as cursor:
        action = owned_action(cursor, asking, action_id)
        if action.archived_at is not None:
            raise ValidationError("tracker.error_archived")
        if done:
            if not week_rules.tickable(cursor, asking.person_id, action_id, day):
                raise ValidationError("tracker.error_outside_window", title=action.title[:80])
            row = cursor.execute(
                "INSERT INTO checkins (action_id, person_id, week_start, days) VALUES (?, ?, ?, [?::TINYINT]) "
                "ON CONFLICT (action_id, week_start) DO UPDATE SET "
                "days = list_sort(list_distinct(list_concat(checkins.days, excluded.days))), updated_at = now() "
                "RETURNING days",
                [action_id, asking.person_id, monday, weekday],
            ).fetchone()
        else:
            row = cursor.execute(
                "UPDATE checkins SET days = list_filter(days, lambda d: d != ?), updated_at = now() "
                "WHERE action_id = ? AND week_start = ? RETURNING days",
                [weekday, action_id, monday],
            ).fetchone()
    return tuple(row[0]) if row else ()


def check_weekday(weekday: object) -> int:
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 7:
        raise ValidationError("tracker.error_day")
    return weekday


# -- days away ------------------------------------------------------------------------------

AWAY_AHEAD = dt.timedelta(days=366)  # a holiday can be marked up to a year ahead


def away_days(db: Database, asking: Identity, monday: dt.date) -> tuple[int, ...]:
    """The days of this week the leader marked as away (ISO weekdays)."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT days FROM away_days WHERE person_id = ? AND week_start = ?", [asking.person_id, monday]
        ).fetchone()
    return tuple(row[0]) if row else ()


def set_away(db: Database, asking: Identity, monday: dt.date, days: tuple[int, ...] | list[int], today: dt.date) -> tuple[int, ...]:
    """Mark exactly these days of the week as away (an empty list: none). Away days count
    neither for nor against a target, a streak or a habit's strength. A week may be marked
    ahead, for a planned holiday, up to a year."""
    if not isinstance(monday, dt.date) or isinstance(monday, dt.datetime) or monday.weekday() != 0:
        raise ValidationError("tracker.error_week")
    if monday > today + AWAY_AHEAD or monday < EARLIEST_WEEK:
        raise ValidationError("tracker.error_away_range")
    if isinstance(days, (str, bytes)) or not isinstance(days, (tuple, list)):
        raise ValidationError("tracker.error_day")
    chosen = sorted({check_weekday(d) for d in days})
    with db.write() as cursor:
        if chosen:
            cursor.execute(
                "INSERT INTO away_days (person_id, week_start, days) VALUES (?, ?, ?::TINYINT[]) "
                "ON CONFLICT (person_id, week_start) DO UPDATE SET days = excluded.days, updated_at = now()",
                [asking.person_id, monday, chosen],
            )
        else:
            cursor.execute("DELETE FROM away_days WHERE person_id = ? AND week_start = ?", [asking.person_id, monday])
    return tuple(chosen)


def reflection(db: Database, asking: Identity, monday: dt.date, of: int | None = None) -> Reflection:
    """A week's reflection of the asking leader (or of `of`, for whoever may see it)."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "reflections")
        row = cursor.execute(
            "SELECT coalesce(went_well, ''), coalesce(learned, ''), coalesce(do_differently, ''), energy, stress, "
            "coalesce(for_coach, '') FROM reflections WHERE person_id = ? AND week_start = ?",
            [leader, monday],
        ).fetchone()
    access.shown(db, asking, leader, "reflections")
    return Reflection(*row) if row else Reflection()


def save_reflection(db: Database, asking: Identity, monday: dt.date, entry: Reflection, today: dt.date) -> Reflection:
    check_week(monday, today)
    texts = {
        f.name: clean_text(getattr(entry, f.name), MAX_TEXT_CHARS, f"tracker.{f.name}")
        for f in fields(Reflection)
        if f.name not in ("energy", "stress")
    }
    for name in ("energy", "stress"):
        value = getattr(entry, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            raise ValidationError("tracker.error_scale", field=f"tracker.{name}")
    entry = Reflection(**texts, energy=entry.energy, stress=entry.stress)
    with db.write() as cursor:
        cursor.execute(
            "INSERT INTO reflections (person_id, week_start, went_well, learned, do_differently, energy, stress, for_coach) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, week_start) DO UPDATE SET "
            "went_well = excluded.went_well, learned = excluded.learned, do_differently = excluded.do_differently, "
            "energy = excluded.energy, stress = excluded.stress, for_coach = excluded.for_coach, updated_at = now()",
            [asking.person_id, monday, entry.went_well, entry.learned, entry.do_differently, entry.energy, entry.stress, entry.for_coach],
        )
    return entry


def reflections(db: Database, asking: Identity, of: int | None = None) -> pd.DataFrame:
    """Energy and stress per week, oldest first (the asking leader's, or of `of`)."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "reflections")
        frame = cursor.execute(
            "SELECT week_start, energy, stress FROM reflections WHERE person_id = ? ORDER BY week_start", [leader]
        ).df()
    access.shown(db, asking, leader, "reflections")
    return frame


def for_coach_since(db: Database, asking: Identity, since: dt.date, of: int | None = None) -> list[tuple[dt.date, str]]:
    """What the leader wrote under "bring to my coach" in the weeks from the one holding
    `since`: (the week's Monday, the text), oldest first."""
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "reflections")
        rows = cursor.execute(
            "SELECT week_start, for_coach FROM reflections WHERE person_id = ? AND week_start >= ? "
            "AND coalesce(for_coach, '') <> '' ORDER BY week_start",
            [leader, weeks.week_start(since)],
        ).fetchall()
    access.shown(db, asking, leader, "reflections")
    return rows


# -- progress -----------------------------------------------------------------------------


def history(db: Database, asking: Identity, today: dt.date, of: int | None = None) -> pd.DataFrame:
    """Per action and week, from each action's first week to this week: the target, what
    was done towards it and the extras (week_rules), with the days behind them; the asking
    leader's, or of leader `of` for whoever may see their weekly completion. Every progress
    figure is computed from this table."""
    this_week = weeks.week_start(today)
    with db.read() as cursor:
        leader = access.leader_of(cursor, asking, of, "completion")
        frame = week_rules.action_weeks(cursor, [leader], EARLIEST_WEEK, this_week)
    access.shown(db, asking, leader, "completion")
    frame.attrs["through"] = this_week  # the last week it covers (see week_rows)
    return frame


@dataclass(frozen=True)
class Completion:
    done: int
    target: int
    extra: int = 0  # ticks beyond what was asked, shown apart

    @property
    def ratio(self) -> float | None:
        return self.done / self.target if self.target else None


def completion(hist: pd.DataFrame, monday: dt.date | None = None, by: str | None = None) -> Completion | dict[int, Completion]:
    """Done against target for one week (or all weeks), overall or per action_id / goal_id.

    Plain numpy sums: a page asks for this five times per rerun, and pandas' groupby cost
    more than the history query itself."""
    done, target, extra = hist["done"].to_numpy(), hist["target"].to_numpy(), hist["extra"].to_numpy()
    keys = hist[by].to_numpy() if by else None
    if monday is not None:
        chosen = hist["week_start"].to_numpy() == monday
        done, target, extra = done[chosen], target[chosen], extra[chosen]
        keys = keys[chosen] if keys is not None else None
    if keys is None:
        return Completion(int(done.sum()), int(target.sum()), int(extra.sum()))
    found, position = np.unique(keys, return_inverse=True)
    sums = [np.bincount(position, weights=values, minlength=len(found)) for values in (done, target, extra)]
    return {int(key): Completion(int(d), int(t), int(e)) for key, d, t, e in zip(found, *sums)}


def week_completion(rows: list[WeekRow]) -> Completion:
    """Done against target over rows of one week (week_rows): also for a week still to
    come, which the history does not reach."""
    return Completion(sum(r.done for r in rows), sum(r.target for r in rows), sum(r.extra for r in rows))


def weeks_on_target(hist: pd.DataFrame) -> pd.Series:
    """Per week with any target (oldest first): was every target met? In numpy, as
    `completion`: pages ask for it on every rerun."""
    target = hist["target"].to_numpy()
    asked = target > 0
    if not asked.any():
        return pd.Series(dtype=bool)
    day = hist["week_day"].to_numpy()[asked]
    missed = hist["done"].to_numpy()[asked] < target[asked]
    found, position = np.unique(day, return_inverse=True)
    misses = np.bincount(position, weights=missed, minlength=len(found))
    mondays = [dt.date(1970, 1, 1) + dt.timedelta(days=int(d)) for d in found]
    return pd.Series(misses == 0, index=mondays)


def streaks(hist: pd.DataFrame, this_week: dt.date) -> tuple[int, int]:
    """(current, longest) run of weeks on target. Weeks that asked nothing (a holiday with
    no actions) neither count nor break a run; the running week counts once it is on
    target, and does not break the run while it is still under way."""
    met = weeks_on_target(hist)
    longest = run = 0
    for ok in met:
        run = run + 1 if ok else 0
        longest = max(longest, run)
    current = 0
    for monday, ok in reversed(list(met.items())):
        if monday >= this_week and not ok:
            continue
        if not ok:
            break
        current += 1
    return current, longest


def strength(hist: pd.DataFrame, today: dt.date) -> dict[int, float]:
    """Habit strength (0-1) per practice, as Loop Habit Tracker computes it (coaching.strength),
    over every day of the action's window up to today. Days away are left out; a tick on a
    day outside the window does not count. One-off actions are no habit and have none."""
    practices = hist[hist["per_week"].notna() & (hist["open_mask"] > 0)]
    if practices.empty:
        return {}
    # Every (week, weekday) of the practices; then the days inside the window, up to today.
    weekday = np.tile(np.arange(1, 8), len(practices))
    row = np.repeat(np.arange(len(practices)), 7)
    in_window = (practices["open_mask"].to_numpy()[row] >> weekday) & 1 == 1
    day = practices["week_day"].to_numpy()[row] + (weekday - 1)
    keep = in_window & (day <= (today - dt.date(1970, 1, 1)).days)
    row, weekday = row[keep], weekday[keep]
    ticked = (practices["ticked_mask"].to_numpy()[row] >> weekday) & 1 == 1
    away = (practices["away_mask"].to_numpy()[row] >> weekday) & 1 == 1
    action = practices["action_id"].to_numpy()[row]
    per_week = practices["per_week"].to_numpy(dtype=np.int64)[row]
    # n times a week is Loop's frequency n/7, and seven times a week its daily habit (1/1).
    daily = per_week == 7
    times, days = np.where(daily, 1, per_week), np.where(daily, 1, 7)
    # Rows come ordered by action and week, and each week's days in order: the days of each
    # action run oldest first, as latest_scores needs them.
    return habit_strength.latest_scores(action, ticked, away, times, days)


@dataclass(frozen=True)
class Progress:
    """The figures every rerun of the tracker (and Home) shows, from one history: all weeks
    done against asked, per goal, the streaks, and what is slipping."""

    overall: Completion
    by_goal: dict[int, Completion]
    current_streak: int
    longest_streak: int
    slipping: list[int]


def progress(hist: pd.DataFrame, this_week: dt.date) -> Progress:
    current, longest = streaks(hist, this_week)
    return Progress(completion(hist), completion(hist, by="goal_id"), current, longest, slipping(hist, this_week))


def slipping(hist: pd.DataFrame, this_week: dt.date) -> list[int]:
    """Actions under target in both of the last two complete weeks."""
    # On the weeks' day numbers (week_day), in numpy: comparing the column of dates and
    # pandas' groupby cost more than the rest of the tracker's figures together.
    last = (this_week - dt.date(1970, 1, 1)).days - 7
    week, target, done = hist["week_day"].to_numpy(), hist["target"].to_numpy(), hist["done"].to_numpy()
    under = ((week == last) | (week == last - 7)) & (target > 0) & (done < target)
    pairs = np.unique(np.stack([hist["action_id"].to_numpy()[under], week[under]]), axis=1)  # (action, week), once each
    found, weeks_under = np.unique(pairs[0], return_counts=True)
    return sorted(int(a) for a in found[weeks_under == 2])


def heatmap(hist: pd.DataFrame, last_week: dt.date, count: int = 26) -> pd.DataFrame:
    """Completion (0-1) per action (rows) and week (columns) for the last `count` weeks, or
    fewer when the plan is younger; empty where an action asked nothing that week."""
    first = last_week - (count - 1) * weeks.ONE_WEEK
    rows = hist[(hist["week_start"] >= first) & (hist["week_start"] <= last_week) & (hist["target"] > 0)]
    if not rows.empty:
        first = max(first, min(rows["week_start"]))
    table = rows.assign(ratio=(rows["done"] / rows["target"]).clip(upper=1.0)).pivot(
        index="action_id", columns="week_start", values="ratio"
    )
    return table.reindex(columns=list(weeks.weeks_between(first, last_week)))


def needs_last_week(db: Database, asking: Identity, today: dt.date, hist: pd.DataFrame | None = None) -> bool:
    """True when last week asked something and nothing was ticked or reflected on."""
    last_week = weeks.week_start(today) - weeks.ONE_WEEK
    hist = history(db, asking, today) if hist is None else hist
    rows = hist[hist["week_start"] == last_week]
    if rows.empty or rows["target"].sum() == 0 or rows["done"].sum() > 0:
        return False
    return reflection(db, asking, last_week).is_empty
