"""The action plan as an iCalendar (.ics) file, so that actions and due dates land in
Outlook or Google Calendar.

- a weekday action: an all-day event on each chosen weekday, repeating weekly until it is due;
- an n-times-a-week action: a weekly all-day reminder from its start ("3× this week: ...");
- a one-off action: an all-day event on its due date (or start date);
- each goal's target date: an all-day event.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from coaching.actions import Action
from coaching.goals import Goal

_WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def _event(uid: str, summary: str, day: dt.date, description: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@koers")
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    if description:
        event.add("description", description)
    return event


def plan_calendar(goals: list[Goal], actions: list[Action], labels: dict[str, str]) -> bytes:
    """The .ics bytes for these goals and their active actions. `labels` holds the
    translated words: calendar_name, times_this_week ("{times}× this week: {title}"),
    goal_due ("Goal: {title}"), action_due ("Due: {title}")."""
    calendar = Calendar()
    calendar.add("prodid", "-//Koers//Action plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", labels["calendar_name"])
    titles = {g.id: g.title for g in goals}
    for goal in goals:
        if goal.target_date:
            calendar.add_component(_event(f"goal-{goal.id}", labels["goal_due"].format(title=goal.title), goal.target_date, goal.measure))
    for action in actions:
        if action.status != "active" or action.goal_id not in titles:
            continue
        description = "\n\n".join(part for part in (titles[action.goal_id], action.obstacles, action.support) if part)
        if action.cadence == "once":
            calendar.add_component(_event(f"action-{action.id}", action.title, action.due_date or action.start_date, description))
            continue
        if action.cadence == "weekdays":
            first = next(action.start_date + dt.timedelta(days=i) for i in range(7)
                         if (action.start_date + dt.timedelta(days=i)).isoweekday() in action.weekdays)
            event = _event(f"action-{action.id}", action.title, first, description)
            rule = {"freq": "weekly", "byday": [_WEEKDAYS[d] for d in action.weekdays]}
        else:
            summary = labels["times_this_week"].format(times=action.times_per_week, title=action.title)
            event = _event(f"action-{action.id}", summary, action.start_date, description)
            rule = {"freq": "weekly"}  # a reminder on the start's weekday, every week
        if action.due_date:
            rule["until"] = action.due_date
        event.add("rrule", rule)
        calendar.add_component(event)
        if action.due_date:
            calendar.add_component(_event(f"action-{action.id}-due", labels["action_due"].format(title=action.title), action.due_date, description))
    return calendar.to_ical()
