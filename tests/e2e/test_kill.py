"""`kill -9` at any moment leaves the database consistent, and a multi-row change all or nothing (PRODUCT.md §8).

The importer parses the whole file first, then writes it in one transaction
that holds SQLite's write lock. The kills land at fixed times after start
(while the process starts or parses) and at times measured from the moment
the write lock is seen taken (while it inserts).
"""

import csv
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Worker, cli, counts, dump_text, integrity, subprocess_env
from tests.e2e.writer import FIVE, PLAN

ROWS = 20_000
# (what the delay counts from, seconds)
KILLS = [
    ("start", 0.2),
    ("start", 0.5),
    ("start", 1.0),
    ("start", 2.0),
    ("lock", 0.0),
    ("lock", 0.3),
    ("lock", 1.0),
    ("lock", 2.5),
    ("lock", 5.0),
]


def write_csv(path: Path, batch: int) -> Path:
    """ROWS people whose e-mails no earlier batch used, so a complete import adds exactly ROWS."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "email", "title", "organization", "influence", "interest", "tags"])
        for i in range(ROWS):
            out.writerow(
                [
                    f"Person {batch}-{i}",
                    f"p{batch}-{i}@example.com",
                    "Manager",
                    f"Division {i % 40}",
                    1 + i % 5,
                    1 + i % 3,
                    f"batch-{batch}",
                ]
            )
    return path


def table_counts(db: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db)
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
            for t in ("stakeholder", "audit_entry", "stakeholder_tag")
        )
    finally:
        conn.close()


def write_lock_taken(db: Path) -> bool:
    """Someone holds SQLite's write lock (a probe that cannot take it at once)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    finally:
        conn.close()


def kill_import(exe: str, db: Path, csv_file: Path, since: str, delay: float) -> tuple[bool, bool]:
    """Start an import and SIGKILL it; returns (killed, whether it held the write lock when killed)."""
    proc = subprocess.Popen(
        [exe, "--db", str(db), "import", str(csv_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )
    started = time.monotonic()
    try:
        if since == "lock":
            while not write_lock_taken(db):
                if proc.poll() is not None or time.monotonic() - started > 90:
                    pytest.fail(f"the import never took the write lock: {proc.stderr.read()!r}")  # type: ignore[union-attr]
                time.sleep(0.01)
            time.sleep(delay)
        else:
            time.sleep(max(0.0, delay - (time.monotonic() - started)))
        if proc.poll() is not None:
            return False, False
        locked = write_lock_taken(db)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return True, locked
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]


@pytest.mark.slow
def test_an_import_killed_at_any_moment_is_all_or_nothing(
    sqlite_target: str, tmp_path: Path, exe: str, figures
) -> None:  # type: ignore[no-untyped-def]
    db = Path(sqlite_target)
    previous = table_counts(db)
    kills = while_writing = 0
    for batch, (since, delay) in enumerate(KILLS):
        killed, locked = kill_import(exe, db, write_csv(tmp_path / f"batch{batch}.csv", batch), since, delay)
        assert integrity(str(db)) == "ok", f"after a kill {delay} s after {since}"
        now = table_counts(db)
        full = (previous[0] + ROWS, previous[1] + ROWS, previous[2] + ROWS)
        assert now in (previous, full), f"half an import after a kill {delay} s after {since}: {previous} -> {now}"
        assert killed or now == full
        kills += killed
        while_writing += killed and locked
        previous = now
    assert while_writing >= 3, "too few kills landed while the import was writing"

    started = time.monotonic()
    result = cli(exe, str(db), "import", str(write_csv(tmp_path / "clean.csv", len(KILLS))))
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "created 20000" in result.stderr
    assert table_counts(db) == (previous[0] + ROWS, previous[1] + ROWS, previous[2] + ROWS)
    assert integrity(str(db)) == "ok"
    figures(
        f"import of {ROWS} rows SIGKILLed {kills} times ({while_writing} while holding the write lock, "
        f"{kills - while_writing} while starting or parsing): integrity_check ok and all-or-nothing every "
        f"time; a clean import then took {took:.1f} s"
    )


def test_a_touchpoint_with_five_attendees_killed_before_commit_leaves_nothing(
    target: str, tmp_path: Path, exe: str, workers: list[Worker], figures
) -> None:  # type: ignore[no-untyped-def]
    before = dump_text(target)
    hanging = Worker("hang-log", target, stderr_path=tmp_path / "hang.err")
    workers.append(hanging)
    hanging.expect("ready")  # touchpoint, 5 attendees, 6 stances' rows, 2 concerns, a follow-up: written, not committed
    hanging.kill()
    assert dump_text(target) == before
    if "://" not in target:
        assert integrity(target) == "ok"
    # The killed writer's lock went with it: the same five people can be logged at once.
    started = time.monotonic()
    result = cli(
        exe,
        target,
        "log",
        *FIVE,
        "--plan",
        PLAN,
        "--stance",
        "neutral",
        "--concern",
        "Alex Ames=renewals",
        "--follow-up",
        "send the pre-read",
        "--due",
        "tomorrow",
    )
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    after = counts(target)
    assert (
        after["touchpoint"],
        after["touchpoint_attendee"],
        after["stance"],
        after["concern"],
        after["follow_up"],
        after["follow_up_stakeholder"],
    ) == (1, 5, 5, 1, 1, 5)
    figures(
        f"{'postgres' if '://' in target else 'sqlite'}: a 5-attendee touchpoint with stances, concerns "
        "and a follow-up, SIGKILLed before commit: every record is as it was before"
    )


def log_five(exe: str, db: str, attempt: int) -> list[str]:
    return [
        exe,
        "--db",
        db,
        "log",
        *FIVE,
        "--plan",
        PLAN,
        "--stance",
        "supportive",
        "--concern",
        f"Alex Ames=renewals {attempt}",
        "--concern",
        f"Drew Dunn=budget {attempt}",
        "--follow-up",
        "send the deck",
        "--due",
        "friday",
        "--note",
        f"attempt {attempt}",
    ]


@pytest.mark.slow
def test_log_killed_at_random_moments_is_all_or_nothing(sqlite_target: str, exe: str, figures) -> None:  # type: ignore[no-untyped-def]
    """Kills spread over the whole life of `stakeholders log`: start-up, resolving names, writing, committing."""
    started = time.monotonic()
    assert subprocess.run(log_five(exe, sqlite_target, 0), capture_output=True, env=subprocess_env()).returncode == 0
    lifetime = time.monotonic() - started
    rng = random.Random(8)
    attempts, killed = 10, 0
    for attempt in range(1, attempts + 1):
        proc = subprocess.Popen(
            log_five(exe, sqlite_target, attempt),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=subprocess_env(),
        )
        time.sleep(rng.uniform(0.5, 1.1) * lifetime)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=30)
    assert killed >= 3, f"only {killed} of {attempts} runs were still running when the kill came"
    assert integrity(sqlite_target) == "ok"
    c = counts(sqlite_target)
    tps = c["touchpoint"]
    assert (c["touchpoint_attendee"], c["stance"], c["concern"], c["follow_up"], c["follow_up_stakeholder"]) == (
        5 * tps,
        5 * tps,
        2 * tps,
        tps,
        5 * tps,
    ), c
    assert c["distinct notes"] == tps
    assert 1 <= tps <= attempts + 1
    figures(
        f"sqlite: `stakeholders log` with 5 attendees SIGKILLed at random moments {killed} times in "
        f"{attempts} runs; {tps} complete touchpoints (the first clean run and the runs that committed "
        "before their kill), no partial one"
    )
