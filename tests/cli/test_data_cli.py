"""backup, restore, dump, load, forget and demo from the command line."""

import json
import os
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli


def _people(cli: Cli) -> list[dict]:
    return json.loads(cli.ok("list", "--all", "--json").stdout)


def _seed(cli: Cli) -> None:
    cli.ok(
        "add",
        "Dana Reyes",
        "--email",
        "dana@example.com",
        "--influence",
        "4",
        "--tag",
        "cx-team",
        "--notes",
        "Prefers mornings",
    )
    cli.ok("add", "Lee Park", "--email", "lee@example.com")
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok(
        "log",
        "Dana Reyes",
        "Lee Park",
        "--plan",
        "CX programme",
        "--when",
        "yesterday 15:00",
        "--stance",
        "supportive",
        "--concern",
        "Dana Reyes=Dana Reyes worries about renewals",
        "--note",
        "Joint call with Dana Reyes and Lee",
        "--follow-up",
        "Send the deck",
        "--due",
        "tomorrow",
    )
    cli.ok(
        "log", "Dana Reyes", "--plan", "CX programme", "--when", "2 days ago", "--note", "Private chat about her team"
    )


def test_backup_is_owner_only_and_restorable(sqlite_cli: Cli, tmp_path: Path) -> None:
    _seed(sqlite_cli)
    copy = tmp_path / "copies" / "backup.db"
    sqlite_cli.ok("backup", str(copy))
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    sqlite_cli.ok("add", "Added After Backup")
    assert len(_people(sqlite_cli)) == 3
    result = sqlite_cli.ok("restore", str(copy), "--yes")
    assert "previous database was saved" in result.stderr
    assert [p["name"] for p in _people(sqlite_cli)] == ["Dana Reyes", "Lee Park"]


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("hello, not a database")
    result = sqlite_cli.fails(2, "restore", str(junk), "--yes")
    assert "not a SQLite database" in result.stderr
    assert junk.read_text() == "hello, not a database"


def test_backup_on_itself_is_refused(sqlite_cli: Cli) -> None:
    result = sqlite_cli.fails(2, "backup", sqlite_cli.db)
    assert "is the database in use" in result.stderr


def test_dump_then_load_into_an_empty_database_keeps_every_record(cli: Cli, tmp_path: Path) -> None:
    _seed(cli)
    before = json.loads(cli.ok("show", "Dana Reyes", "--json").stdout)
    dump = tmp_path / "all.jsonl"
    cli.ok("dump", str(dump))
    assert stat.S_IMODE(os.stat(dump).st_mode) == 0o600
    target = Cli(str(tmp_path / "moved.db"))
    target.ok("load", str(dump))
    after = json.loads(target.ok("show", "Dana Reyes", "--json").stdout)
    assert after == before
    # New records get fresh ids after the loaded ones.
    new_id = int(target.ok("add", "Someone New").stdout)
    assert new_id == 3


def test_load_refuses_a_database_that_is_not_empty(cli: Cli, tmp_path: Path) -> None:
    _seed(cli)
    dump = tmp_path / "all.jsonl"
    cli.ok("dump", str(dump))
    result = cli.fails(2, "load", str(dump))
    assert "empty database" in result.stderr


def test_load_refuses_a_file_that_is_not_a_dump(sqlite_cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"hello": 1}\n')
    result = sqlite_cli.fails(2, "load", str(bad))
    assert "not a `stakeholders dump` file" in result.stderr
    assert _people(sqlite_cli) == []


def test_forget_leaves_no_trace_in_the_database_files(sqlite_cli: Cli) -> None:
    _seed(sqlite_cli)
    result = sqlite_cli.ok("forget", "dana@example.com", "--yes")
    assert "forgot Dana Reyes" in result.stderr
    db = Path(sqlite_cli.db)
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())
    for needle in (b"Dana Reyes", b"dana@example.com", b"Prefers mornings", b"Private chat about her team"):
        assert needle.lower() not in raw.lower(), needle
    # The shared touchpoint keeps Lee, with Dana's name scrubbed from its notes.
    lee = json.loads(sqlite_cli.ok("show", "Lee Park", "--json").stdout)
    assert [t["attendees"] for t in lee["touchpoints"]] == [["Lee Park"]]
    assert lee["touchpoints"][0]["summary"] == "Joint call with [forgotten] and Lee"
    assert [f["stakeholders"] for f in lee["follow_ups"]] == [["Lee Park"]]


def test_forget_lists_backups_that_still_hold_the_person(sqlite_cli: Cli, tmp_path: Path) -> None:
    _seed(sqlite_cli)
    copy = tmp_path / "before-forget.db"
    sqlite_cli.ok("backup", str(copy))
    result = sqlite_cli.ok("forget", "Dana Reyes", "--yes")
    assert str(copy.resolve()) in result.stdout


def test_forget_needs_yes(cli: Cli) -> None:
    _seed(cli)
    cli.fails(2, "forget", "Dana Reyes")
    assert len(_people(cli)) == 2


@pytest.mark.postgres
def test_forget_on_postgres_removes_rows(pg_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(pg_store.url.render_as_string(hide_password=False))
    _seed(cli)
    result = cli.ok("forget", "Dana Reyes", "--yes")
    assert "WAL, replicas and base backups" in result.stderr
    dump = tmp_path / "after.jsonl"
    cli.ok("dump", str(dump))
    text = dump.read_text().lower()
    assert "dana" not in text and "prefers mornings" not in text


def test_demo_refuses_a_database_that_is_not_empty(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("add", "Someone")
    result = sqlite_cli.fails(2, "demo")
    assert "empty" in result.stderr


def test_demo_without_db_goes_to_its_own_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from stakeholders.cli import main

    runner = CliRunner()
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["demo"])  # replaced each time, never refused
    assert again.exit_code == 0, again.output
    data = tmp_path / "xdg-data" / "stakeholders"
    assert (data / "demo.db").exists()
    assert not (data / "stakeholders.db").exists()
