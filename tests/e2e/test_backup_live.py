"""`backup` while another process writes (PRODUCT.md §4, §8): every copy is a consistent database.

SQLite's online backup API copies a snapshot: a backup taken in the middle
of a stream of multi-row touchpoints holds whole touchpoints only, passes
integrity_check, and restores.
"""

import sqlite3
import time
from pathlib import Path

from tests.e2e.conftest import Worker, cli, counts

TOUCHPOINTS = 400
AUDIT_PER_TOUCHPOINT = 7  # as in test_two_writers: 2 attendees, 2 stances, a concern, a follow-up owed to both


def copy_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("touchpoint", "touchpoint_attendee", "stance", "concern", "follow_up", "audit_entry")
        }
    finally:
        conn.close()


def test_backups_taken_during_writes_are_whole(
    sqlite_target: str, tmp_path: Path, exe: str, workers: list[Worker], figures
) -> None:  # type: ignore[no-untyped-def]
    base_audit = counts(sqlite_target)["audit_entry"]
    writer = Worker("log-store", sqlite_target, str(TOUCHPOINTS), "bk", stderr_path=tmp_path / "w.err")
    workers.append(writer)
    writer.expect("ready")
    writer.go()
    seen: list[int] = []
    for k in range(5):
        copy = tmp_path / f"copy{k}.db"
        done = cli(exe, sqlite_target, "backup", str(copy))
        assert done.returncode == 0, done.stderr
        c = copy_counts(copy)
        n = c["touchpoint"]
        assert c == {
            "touchpoint": n,
            "touchpoint_attendee": 2 * n,
            "stance": 2 * n,
            "concern": n,
            "follow_up": n,
            "audit_entry": base_audit + AUDIT_PER_TOUCHPOINT * n,
        }, f"backup {k} holds part of a touchpoint"
        seen.append(n)
        time.sleep(0.2)
    assert writer.wait(timeout=170) == 0, writer.stderr()
    assert any(0 < n < TOUCHPOINTS for n in seen), f"no backup landed while the writer was writing: {seen}"
    restored = tmp_path / "restored.db"
    done = cli(exe, str(restored), "restore", str(tmp_path / "copy4.db"), "--yes")
    assert done.returncode == 0, done.stderr
    assert counts(str(restored))["touchpoint"] == seen[-1]
    figures(
        f"sqlite: {len(seen)} backups taken while another process wrote {TOUCHPOINTS} touchpoints held "
        f"{seen} whole touchpoints, integrity_check ok each time; the last one restored"
    )
