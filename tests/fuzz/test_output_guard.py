"""No output destroys data (PRODUCT.md §8): every file a command writes goes through one guard.

The first test reads the click group: a parameter naming a file to write
(a click.Path that need not exist) must be an OutputPath, so a command added
later cannot forget the guard. The others point each writing command at
every file the guard protects, and at the files it must still allow.
"""

import os
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from stakeholders.cli import main
from stakeholders.cli.boundary import OutputPath
from tests.fuzz.cases import commands
from tests.fuzz.harness import DB, digest, workspace

# Files a command reads: click.Path(exists=True). Everything else that is a path is written.
WRITERS = {
    "export": ["export", "--format", "md", "-o"],
    "brief": ["brief", "Steering committee", "-o"],
    "dump": ["dump"],
    "backup": ["backup"],
}


def test_every_file_a_command_writes_goes_through_the_guard() -> None:
    unguarded = [
        (name, param.name)
        for name, command in commands().items()
        for param in command.params
        if isinstance(param.type, click.Path) and not param.type.exists and not isinstance(param.type, OutputPath)
    ]
    assert unguarded == [], "take OutputPath (stakeholders/cli/boundary.py) for a file a command writes"
    guarded = {
        name for name, command in commands().items() for param in command.params if isinstance(param.type, OutputPath)
    }
    assert guarded == set(WRITERS)


PROTECTED = {
    "the database": (DB, "is the database in use"),
    "the database by another name": ("adir/../db.db", "is the database in use"),
    "a link to the database": ("link-to-db", "is the database in use"),
    "its -wal": (f"{DB}-wal", "wal file"),
    "its -shm (absent)": (f"{DB}-shm", "shm file"),
    "its -journal (absent)": (f"{DB}-journal", "journal file"),
    "the record of its backups": (f"{DB}.backups", "record of the database's backups"),
    "a directory": ("adir", "is a directory"),
    "a FIFO": ("fifo", "not a regular file"),
    "a device": ("/dev/null", "not a regular file"),
    "an empty path": ("", "is empty"),
}


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("target", list(PROTECTED))
def test_an_output_over_a_protected_file_is_refused_and_nothing_changes(command: str, target: str) -> None:
    path, says = PROTECTED[target]
    with workspace() as folder:
        before = digest(folder / DB)
        files = {p: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink() and p.name != "fifo"}
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            result = CliRunner().invoke(main, ["--db", DB, *WRITERS[command], path])
        finally:
            os.chdir(cwd)
        assert result.exit_code == 2, (result.stderr, result.exception)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], lines
        assert digest(folder / DB) == before
        assert {p: p.read_bytes() for p in files} == files


@pytest.mark.parametrize(
    "command, listed, allowed",
    [
        ("backup", "listed.bak", True),
        ("dump", "listed.jsonl", True),
        ("backup", "listed.jsonl", False),
        ("dump", "listed.bak", False),
        ("export", "listed.bak", False),
        ("brief", "listed.jsonl", False),
    ],
)
def test_a_listed_backup_is_replaced_only_by_the_command_that_made_it(command: str, listed: str, allowed: bool) -> None:
    with workspace() as folder:
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            result = CliRunner().invoke(main, ["--db", DB, *WRITERS[command], listed])
        finally:
            os.chdir(cwd)
        if allowed:
            assert result.exit_code == 0, result.stderr
        else:
            assert result.exit_code == 2 and "is a backup of the database" in result.stderr, result.stderr


def test_a_backup_under_an_undecodable_name_is_listed_beside_the_database(tmp_path: Path) -> None:
    """`backup $'\\xff'.db` writes the file and records it, so `forget` lists it later."""
    from tests.conftest import Cli

    cli = Cli(str(tmp_path / "stakeholders.db"))
    cli.ok("add", "Dana Reyes")
    name = tmp_path / "\udcff.db"
    cli.ok("backup", str(name))
    assert os.fsencode(name) in (tmp_path / "stakeholders.db.backups").read_bytes().splitlines()
    with sqlite3.connect(name) as conn:
        assert conn.execute("SELECT name FROM stakeholder").fetchall() == [("Dana Reyes",)]
    conn.close()
    listed = cli("forget", "Dana Reyes", "--yes")
    assert listed.exit_code == 0, listed.stderr
    assert os.fsencode(name) in listed.stdout_bytes.splitlines()  # its bytes, as `ls` shows them
