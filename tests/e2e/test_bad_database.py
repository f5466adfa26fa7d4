"""A corrupt, foreign or unreachable `--db` (PRODUCT.md §8): one line, exit 1 or 2, no traceback, file untouched.

`list` and `add` run as real processes; the other commands run through
CliRunner (same code, no process start-up) to keep the file fast.

Opening reads the header and the schema only, not every page (a full
quick_check on every open costs seconds on a team-sized file): a file
whose header or schema is bad is refused by every command; a file with
damaged data pages is refused by every command that reads one of them,
and by the commands that copy or rewrite the whole file (backup, dump,
forget, restore, an upgrade), which check every page first.
"""

import hashlib
import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from stakeholders.cli import main
from tests.e2e.conftest import child_cannot_write, cli, need, one_line_error, run, without_privileges


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(5).randbytes(64 * 1024))


def truncated(path: Path, real: Path) -> None:
    data = real.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])


def header_only(path: Path, real: Path) -> None:
    path.write_bytes(real.read_bytes()[:100])


def damaged_pages(path: Path, real: Path) -> None:
    data = bytearray(real.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    rng = random.Random(3)
    for n in range(2, len(data) // page):
        if n % 3 == 0:
            start = n * page + 8
            data[start : start + 200] = rng.randbytes(200)
    path.write_bytes(bytes(data))


def damaged_schema(path: Path, real: Path) -> None:
    """Page 1 (the header and the start of the schema table) overwritten past the 100-byte header."""
    data = bytearray(real.read_bytes())
    data[100:1100] = random.Random(4).randbytes(1000)
    path.write_bytes(bytes(data))


def foreign_alembic(path: Path) -> None:
    """Another application's database, migrated by Alembic too: an alembic_version table, none of our tables."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES ('3f1c2a9b7d10')")
    conn.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


def foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.executemany("INSERT INTO moz_places (url, title) VALUES (?, ?)", [(f"https://x/{i}", "x") for i in range(300)])
    conn.commit()
    conn.close()


def csv_text(path: Path) -> None:
    path.write_text("name,email\nDana Reyes,dana@example.com\n", encoding="utf-8")


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real stakeholders database with some rows, checkpointed into one file."""
    path = tmp_path_factory.mktemp("real") / "real.db"
    runner = CliRunner()
    for i in range(120):
        result = runner.invoke(
            main, ["--db", str(path), "add", f"Person {i}", "--email", f"p{i}@example.com", "--notes", "n" * 300]
        )
        assert result.exit_code == 0, result.output
    assert not Path(str(path) + "-wal").exists()
    return path


MAKERS: dict[str, Callable[..., None]] = {
    "random bytes": random_bytes,
    "a truncated database": truncated,
    "only a database header": header_only,
    "a database with a damaged schema": damaged_schema,
    "another program's SQLite database": foreign,
    "another program's database that uses Alembic too": foreign_alembic,
    "a CSV file": csv_text,
}
IN_PROCESS = [
    ["log", "Person 1", "--note", "hello"],
    ["history", "Person 1"],
    ["backup", "{tmp}/copy.db"],
    ["dump", "{tmp}/all.jsonl"],
    ["import", "{tmp}/people.csv"],
    ["forget", "Person 1", "--yes"],
    ["plan", "add", "CX", "--summary", "s"],
    ["export", "--format", "json"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    """Files beside the database, less an empty -wal and its -shm: the read-only look that refuses a
    WAL-mode file creates them, as any SQLite reader does; they hold nothing and the file is not touched."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    ignore = {wal.name, shm.name} if wal.exists() and wal.stat().st_size == 0 and wal_mode(path) else set()
    return {p.name for p in path.parent.iterdir()} - ignore


def wal_mode(path: Path) -> bool:
    header = path.read_bytes()[:20]
    return header.startswith(b"SQLite format 3\x00") and header[18:20] == b"\x02\x02"


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_bad_database_file_is_refused_in_one_line_and_left_untouched(
    kind: str, real_db: Path, tmp_path: Path, exe: str, figures
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "stakeholders.db"
    maker = MAKERS[kind]
    maker(bad, real_db) if maker.__code__.co_argcount == 2 else maker(bad)
    (tmp_path / "people.csv").write_text("name\nSomeone\n", encoding="utf-8")
    before, files = digest(bad), siblings(bad)
    for args in (["list"], ["add", "Dana Reyes"]):
        result = cli(exe, str(bad), *args)
        assert result.returncode in (1, 2), (args, result.returncode, result.stdout, result.stderr)
        line = one_line_error(result.stderr)
        assert str(bad) in line or bad.name in line, line
        assert digest(bad) == before and siblings(bad) == files, args
    runner = CliRunner()
    for args in IN_PROCESS:
        args = [a.replace("{tmp}", str(tmp_path)) for a in args]
        result = runner.invoke(main, ["--db", str(bad), *args])
        assert result.exit_code in (1, 2), (args, result.exit_code, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        one_line_error(result.stderr)
        assert digest(bad) == before and siblings(bad) == files, args
    figures(f"--db {kind}: {2 + len(IN_PROCESS)} commands refused, each in one line, the file unchanged")


# Commands that read every page of the file: `list` reads every person; backup, dump and forget check every
# page before they copy or rewrite anything.
WHOLE_FILE = [["list"], ["backup", "{tmp}/copy.db"], ["dump", "{tmp}/all.jsonl"], ["forget", "Person 1", "--yes"]]


def test_damaged_pages_are_refused_when_read_in_one_line_and_nothing_is_written(
    real_db: Path, tmp_path: Path, exe: str, figures
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "stakeholders.db"
    damaged_pages(bad, real_db)
    (tmp_path / "people.csv").write_text("name\nSomeone\n", encoding="utf-8")
    runner = CliRunner()

    def attempt(args: list[str]) -> tuple[int, str]:
        args = [a.replace("{tmp}", str(tmp_path)) for a in args]
        if args == ["list"]:  # one of them as a real process
            done = cli(exe, str(bad), *args)
            return done.returncode, done.stderr
        result = runner.invoke(main, ["--db", str(bad), *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        return result.exit_code, result.stderr

    for args in WHOLE_FILE:
        before, files = digest(bad), siblings(bad)
        code, stderr = attempt(args)
        assert code == 1, (args, code, stderr)
        assert "is damaged (" in one_line_error(stderr), args
        assert digest(bad) == before and siblings(bad) == files, args
    outcomes = {0: 0, 1: 0}
    for args in [["add", "Dana Reyes"], *IN_PROCESS]:
        if args in WHOLE_FILE:
            continue
        before = digest(bad)
        code, stderr = attempt(args)
        assert code in (0, 1), (args, code, stderr)  # it succeeds if it never reads a damaged page
        if code == 1:
            assert "is damaged" in one_line_error(stderr), args
            assert digest(bad) == before, f"{args} failed but changed the file"
        outcomes[code] += 1
    assert outcomes[1] >= 3, outcomes  # the damage is where everyday commands read

    # A damaged backup never replaces a database: restore checks every page first.
    good = tmp_path / "good.db"
    shutil.copyfile(real_db, good)
    before = digest(good)
    result = runner.invoke(main, ["--db", str(good), "restore", str(bad), "--yes"])
    # The backup named is checked before anything is replaced: a damaged one is bad input (2), not a failure (1).
    assert result.exit_code == 2, result.output
    assert "is damaged" in one_line_error(result.stderr)
    assert digest(good) == before and not list(tmp_path.glob("good.db.*.bak"))
    figures(
        f"--db with damaged data pages: {len(WHOLE_FILE)} whole-file commands and {outcomes[1]} of "
        f"{sum(outcomes.values())} everyday commands refused in one line with the file unchanged "
        f"({outcomes[0]} never read a damaged page and succeeded); restore refused the damaged file as a backup"
    )


def test_opening_reads_the_schema_not_every_page(
    real_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everyday commands skip the full check (it costs seconds on a big file); whole-file commands run it."""
    import db.store

    def no_full_check(_conn: object) -> None:
        raise AssertionError("quick_check ran")

    monkeypatch.setattr(db.store, "_quick_check", no_full_check)
    path = tmp_path / "stakeholders.db"
    shutil.copyfile(real_db, path)
    runner = CliRunner()
    for args in (["list"], ["add", "Dana Reyes"], ["show", "Person 1"], ["log", "Person 1", "--note", "hi"]):
        result = runner.invoke(main, ["--db", str(path), *args])
        assert result.exit_code == 0, (args, result.output, result.exception)
    result = runner.invoke(main, ["--db", str(path), "backup", str(tmp_path / "copy.db")])
    assert isinstance(result.exception, AssertionError) and "quick_check ran" in str(result.exception)


def test_a_directory_is_refused(tmp_path: Path, exe: str) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    result = cli(exe, str(folder), "list")
    assert result.returncode == 2
    assert "is a directory" in one_line_error(result.stderr)
    assert list(folder.iterdir()) == []


def test_a_path_under_a_file_is_refused(tmp_path: Path, exe: str) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("hello")
    result = cli(exe, str(plain / "stakeholders.db"), "add", "Dana Reyes")
    assert result.returncode in (1, 2)
    one_line_error(result.stderr)
    assert plain.read_text() == "hello"


def test_a_directory_that_cannot_be_written_is_refused(tmp_path: Path, exe: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    try:
        need(child_cannot_write(locked), "no child process here obeys directory permissions")
        for target in (locked / "stakeholders.db", locked / "sub" / "stakeholders.db"):
            result = run([exe, "--db", str(target), "add", "Dana Reyes"], preexec=without_privileges())
            assert result.returncode == 1, result.stderr
            assert "Permission denied" in one_line_error(result.stderr)
        assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o755)


def test_a_read_only_database_reads_but_refuses_writes_in_one_line(real_db: Path, tmp_path: Path, exe: str) -> None:
    path = tmp_path / "readonly.db"
    shutil.copyfile(real_db, path)
    os.chmod(path, 0o400)
    need(child_cannot_write(path), "no child process here obeys file permissions")
    before = digest(path)
    listed = run([exe, "--db", str(path), "list", "--json"], preexec=without_privileges())
    assert listed.returncode == 0, listed.stderr
    added = run([exe, "--db", str(path), "add", "Dana Reyes"], preexec=without_privileges())
    assert added.returncode == 1, added.stderr
    assert "read-only" in one_line_error(added.stderr)
    assert digest(path) == before
