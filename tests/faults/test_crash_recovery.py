"""A writing process killed with SIGKILL, twenty times: the database opens after each, and
every write the process saw committed is there."""

import os
import signal
import subprocess
import sys
import textwrap
import time

from coaching.db import Database
from tests.conftest import ROOT, report

KILLS = 20

WRITER = textwrap.dedent("""
    import datetime as dt, sys
    from coaching import actions, goals, people, tracker, weeks
    from coaching.db import Database
    from coaching.framework import load_framework

    db = Database(sys.argv[1])
    me = people.local_leader(db)
    today = dt.date(2026, 11, 27)
    goal = goals.create_goal(db, me, load_framework(), goals.GoalInput("Crash", measure="m", target_date=today))
    action = actions.create_action(db, me, goal.id, actions.ActionInput("Tick", "weekly", 7, (), dt.date(2000, 1, 3)), today)
    print("ready", flush=True)
    for monday in weeks.weeks_between(dt.date(2000, 1, 3), today - dt.timedelta(days=7)):
        for day in range(1, 8):
            tracker.set_day(db, me, action.id, monday, day, True, today)
            print(action.id, monday.isoformat(), day, flush=True)  # acknowledged: committed
""")


def test_every_acknowledged_write_survives_a_sigkill(tmp_path):
    path = tmp_path / "crash.duckdb"
    acknowledged_total = 0
    started = time.perf_counter()
    for round_number in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline().strip() == "ready"
        acknowledged = []
        deadline = time.perf_counter() + 0.15 + 0.05 * (round_number % 5)
        while time.perf_counter() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            acknowledged.append(line.split())
        os.kill(writer.pid, signal.SIGKILL)  # mid-stream, between or inside transactions
        writer.wait()
        assert acknowledged, "the writer never got going"

        db = Database(path)  # opens after the crash: the WAL is replayed
        with db.read() as cursor:
            stored = {
                (str(action_id), monday.isoformat(), str(day))
                for action_id, monday, days in cursor.execute("SELECT action_id, week_start, days FROM checkins").fetchall()
                for day in days
            }
        db.close()
        missing = [tuple(a) for a in acknowledged if tuple(a) not in stored]
        assert missing == [], f"round {round_number}: {len(missing)} acknowledged writes lost"
        acknowledged_total += len(acknowledged)
    seconds = time.perf_counter() - started
    report(f"crash recovery: {KILLS} SIGKILLs, {acknowledged_total} acknowledged writes, none lost ({seconds:.1f} s)")
