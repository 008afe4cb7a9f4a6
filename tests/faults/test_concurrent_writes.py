"""Many sessions writing at once: 16 threads, each ticking 150 days through the service
layer, the way 16 browser sessions would on one Streamlit server."""

import datetime as dt
import threading
import time

from coaching import actions, goals, people, tracker, weeks
from coaching.framework import load_framework
from tests.conftest import report

THREADS = 16
TICKS_PER_THREAD = 150  # 2,400 writes contending for one lock: enough to lose or double one, in seconds
TODAY = dt.date(2026, 11, 27)


def test_sixteen_threads_writing_check_ins_lose_and_duplicate_nothing(db):
    framework = load_framework()
    me = people.local_leader(db)
    goal = goals.create_goal(db, me, framework, goals.GoalInput("Concurrency", measure="m", target_date=TODAY))
    mondays = list(weeks.weeks_between(dt.date(2020, 1, 6), TODAY - dt.timedelta(days=7)))
    # Each thread ticks its own action: every (week, day) pair once, Monday to Friday.
    ticks = [(monday, day) for monday in mondays for day in range(1, 6)][:TICKS_PER_THREAD]
    assert len(ticks) == TICKS_PER_THREAD
    own = [actions.create_action(db, me, goal.id, actions.ActionInput(f"Thread {n}", "weekly", 5, (), mondays[0]), TODAY)
           for n in range(THREADS)]
    errors = []

    def work(action):
        try:
            for monday, day in ticks:
                tracker.set_day(db, me, action.id, monday, day, True, TODAY)
        except Exception as error:  # noqa: BLE001 - any failure is the finding
            errors.append(repr(error))

    threads = [threading.Thread(target=work, args=(action,)) for action in own]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    total = THREADS * TICKS_PER_THREAD
    report(f"concurrency: {total} ticks from {THREADS} threads in {seconds:.1f} s: {total / seconds:.0f} writes/s, {seconds / total * 1000:.2f} ms each")
    assert errors == []
    with db.read() as cursor:
        rows, ticked, distinct = cursor.execute(
            "SELECT count(*), sum(len(days)), count(DISTINCT (action_id, week_start)) FROM checkins"
        ).fetchone()
        per_action = cursor.execute("SELECT action_id, sum(len(days)) FROM checkins GROUP BY ALL").fetchall()
    weeks_per_action = len({monday for monday, _ in ticks})
    assert (rows, distinct) == (THREADS * weeks_per_action, THREADS * weeks_per_action)  # one row per action and week
    assert ticked == total  # every tick there, none twice
    assert sorted(count for _, count in per_action) == [TICKS_PER_THREAD] * THREADS
