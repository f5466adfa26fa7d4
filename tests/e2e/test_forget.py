"""`forget` against real files (PRODUCT.md §8): every copy the tool made is listed, and a reader cannot hide a trace.

The plain erasure is covered by tests/cli/test_data_cli.py; here: dumps and
pre-restore copies are listed as well as backups, and another process with
an open read transaction (as a TUI in the middle of a query) keeps the old
pages in the -wal file, which `forget` must report instead of claiming success.
"""

from pathlib import Path

from tests.e2e.conftest import Worker, cli, one_line_error

SECRET = b"prefers-mornings-7Q"


def traces(db: Path) -> list[str]:
    """Database files (the file, its -wal and -shm) that still hold the forgotten person."""
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    return [p.name for p in files if p.exists() and (SECRET in p.read_bytes() or b"Dana Reyes" in p.read_bytes())]


def seed(exe: str, db: Path) -> None:
    for args in (["add", "Dana Reyes", "--email", "dana@example.com", "--notes", SECRET.decode()],
                 ["add", "Lee Park"]):
        assert cli(exe, str(db), *args).returncode == 0


def test_forget_lists_backups_dumps_and_copies_made_before_a_restore(tmp_path: Path, exe: str) -> None:
    db = tmp_path / "stakeholders.db"
    seed(exe, db)
    backup, dump = tmp_path / "copies" / "backup.db", tmp_path / "copies" / "all.jsonl"
    assert cli(exe, str(db), "backup", str(backup)).returncode == 0
    assert cli(exe, str(db), "dump", str(dump)).returncode == 0
    assert cli(exe, str(db), "restore", str(backup), "--yes").returncode == 0
    [before_restore] = tmp_path.glob("stakeholders.db.*.before-restore.bak")
    result = cli(exe, str(db), "forget", "Dana Reyes", "--yes")
    assert result.returncode == 0, result.stderr
    listed = set(result.stdout.split())
    assert {str(backup.resolve()), str(dump.resolve()), str(before_restore.resolve())} <= listed
    for copy in listed:
        assert SECRET in Path(copy).read_bytes(), copy  # what the list warns about is true
    assert traces(db) == []


def test_forget_while_another_process_reads_says_the_log_still_holds_them(tmp_path: Path, exe: str,
                                                                           workers: list[Worker], figures) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "stakeholders.db"
    seed(exe, db)
    reader = Worker("hold-open", str(db), stderr_path=tmp_path / "reader.err")
    workers.append(reader)
    reader.expect("ready")  # an open read transaction on the old pages
    result = cli(exe, str(db), "forget", "dana@example.com", "--yes")
    assert result.returncode == 1, result.stderr
    assert "another program is reading" in one_line_error(result.stderr)
    assert traces(db) != []  # the honest part: the old pages are still in the -wal
    shown = cli(exe, str(db), "show", "dana@example.com")
    assert shown.returncode == 2  # but the person is gone from the tables
    reader.kill()
    assert cli(exe, str(db), "list").returncode == 0  # the last program to close empties the log
    assert traces(db) == []
    figures("forget while another process held a read open: exit 1 with a one-line explanation, "
            "no trace once that process was gone")
