"""A separate OS process that writes to a stakeholders database, for the end-to-end tests.

    python writer.py log-store DB N TAG   one long-lived store (as the TUI holds), N touchpoints
    python writer.py log-cli DB N TAG     N `log` commands run in this process, each opening the database
    python writer.py hold DB SECONDS      a write transaction that holds the write lock for SECONDS
                                          (a negative SECONDS: until `go` comes on stdin)
    python writer.py hang-log DB          a 5-attendee touchpoint written but never committed
    python writer.py hold-open DB         a write, then a connection kept open (the -wal and -shm stay)

`log-*` print `ready`, wait for `go` on stdin (so that every writer starts
at once), then print `done ok=N failed=M`; every failure goes to stderr.
"""

import sys
import time
import traceback
from datetime import timedelta

# Every touchpoint: two attendees, a stance each, one concern, one follow-up owed to both.
ATTENDEES = ["Alex Ames", "Blake Bryant"]
PLAN = "Pilot"
FIVE = ["Alex Ames", "Blake Bryant", "Casey Cole", "Drew Dunn", "Eden Eke"]


def log_args(tag: str, i: int) -> list[str]:
    return [
        "log",
        *ATTENDEES,
        "--plan",
        PLAN,
        "--stance",
        "supportive",
        "--concern",
        f"Alex Ames={tag} concern {i}",
        "--note",
        f"{tag}-{i}",
        "--follow-up",
        f"{tag}-{i} deck",
        "--due",
        "tomorrow",
    ]


def wait_for_go() -> None:
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit("no go")


def log_store(db: str, n: int, tag: str) -> int:
    from db.enums import StanceLevel
    from db.store import open_store
    from db.types import utcnow
    from stakeholders.resolve import resolve_people, resolve_plan
    from stakeholders.touchpoints import TouchpointDraft, log_touchpoint

    store = open_store(db)
    wait_for_go()
    failed = 0
    for i in range(n):
        try:
            with store.write() as session:
                people = resolve_people(session, ATTENDEES)
                draft = TouchpointDraft(
                    attendees=people,
                    occurred_at=utcnow(),
                    plan=resolve_plan(session, PLAN),
                    summary=f"{tag}-{i}",
                    stances=[(None, StanceLevel.SUPPORTIVE)],
                    concerns=[(people[0], f"{tag} concern {i}")],
                    follow_up=f"{tag}-{i} deck",
                    follow_up_due=utcnow() + timedelta(days=1),
                )
                log_touchpoint(session, draft)
        except Exception:
            failed += 1
            traceback.print_exc()
    store.close()
    print(f"done ok={n - failed} failed={failed}", flush=True)
    return 1 if failed else 0


def log_cli(db: str, n: int, tag: str) -> int:
    from click.testing import CliRunner

    from stakeholders.cli import main

    runner = CliRunner()
    wait_for_go()
    failed = 0
    for i in range(n):
        result = runner.invoke(main, ["--db", db, *log_args(tag, i)])
        if result.exit_code != 0:
            failed += 1
            sys.stderr.write(f"exit {result.exit_code}: {result.stderr}\n")
            if result.exc_info and not isinstance(result.exception, SystemExit):
                traceback.print_exception(*result.exc_info)
    print(f"done ok={n - failed} failed={failed}", flush=True)
    return 1 if failed else 0


def hold(db: str, seconds: float) -> int:
    from db.store import open_store
    from stakeholders.people import add_person

    store = open_store(db)
    with store.write() as session:
        add_person(session, {"name": "Held Writer"})
        session.flush()
        print(f"holding {time.time()}", flush=True)
        if seconds < 0:
            sys.stdin.readline()
        else:
            time.sleep(seconds)
    print(f"committed {time.time()}", flush=True)
    store.close()
    return 0


def hang_log(db: str) -> int:
    from db.enums import Channel, StanceLevel
    from db.store import open_store
    from db.types import utcnow
    from stakeholders.resolve import resolve_people, resolve_plan
    from stakeholders.touchpoints import TouchpointDraft, log_touchpoint

    store = open_store(db)
    with store.write() as session:
        people = resolve_people(session, FIVE)
        draft = TouchpointDraft(
            attendees=people,
            occurred_at=utcnow(),
            plan=resolve_plan(session, PLAN),
            channel=Channel.MEETING,
            summary="steering pre-read with five",
            stances=[(None, StanceLevel.NEUTRAL), (people[2], StanceLevel.LEADING)],
            concerns=[(people[0], "who owns renewals?"), (people[3], "budget for the pilot")],
            follow_up="send the pre-read",
            follow_up_due=utcnow() + timedelta(days=2),
        )
        log_touchpoint(session, draft)
        session.flush()
        print("ready", flush=True)  # everything is written, nothing committed
        time.sleep(120)
    return 0


def hold_open(db: str) -> int:
    from db.store import open_store
    from stakeholders.people import add_person

    store = open_store(db)
    with store.write() as session:
        add_person(session, {"name": "Kept Open"})
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM stakeholder").scalar()
        print("ready", flush=True)
        time.sleep(120)
    return 0


def main(argv: list[str]) -> int:
    command, db, *rest = argv
    if command == "log-store":
        return log_store(db, int(rest[0]), rest[1])
    if command == "log-cli":
        return log_cli(db, int(rest[0]), rest[1])
    if command == "hold":
        return hold(db, float(rest[0]))
    if command == "hang-log":
        return hang_log(db)
    if command == "hold-open":
        return hold_open(db)
    sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
