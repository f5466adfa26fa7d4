"""A write whose commit fails prints its one error line and nothing else (PRODUCT.md §4, §8).

Every command that writes is run with a commit that fails (as a full disk,
an I/O error or a damaged page would make it fail). Its confirmation
("added Dana Reyes", the new id on stdout) must not have been printed
before the failure, and the database must be as it was.
"""

import io
import sqlite3

import pytest
import sqlalchemy as sa
import sqlmodel

from db.portable import dump
from db.store import open_store
from tests.conftest import Cli

WRITES = [
    ["add", "New Person", "--email", "new@example.com"],
    ["edit", "Dana Reyes", "--title", "VP"],
    ["archive", "Lee Park"],
    ["merge", "D. Reyes", "--into", "Dana Reyes"],
    ["stance", "Dana Reyes", "supportive", "--plan", "CX programme"],
    ["stance", "Dana Reyes", "leading", "--plan", "CX programme", "--desired"],
    ["influence", "Lee Park", "Dana Reyes"],
    ["log", "Dana Reyes", "Lee Park", "--plan", "CX programme", "--stance", "neutral", "--note", "hello"],
    ["touchpoint", "edit", "1", "--note", "changed"],
    ["touchpoint", "held", "2"],
    ["touchpoint", "drop", "2"],
    ["touchpoint", "delete", "1"],
    ["plan", "add", "Pricing", "--summary", "s"],
    ["plan", "revise", "CX programme", "--summary", "v2"],
    ["plan", "approve", "CX programme", "--by", "CMO"],
    ["event", "add", "Town hall", "--plan", "CX programme", "--when", "in 3 days", "--audience", "tag:nobody"],
    ["event", "edit", "Steering", "--title", "Steering committee"],
    ["event", "held", "Steering"],
    ["event", "cancel", "Steering"],
    ["followup", "add", "Dana Reyes", "Call back", "--due", "tomorrow"],
    ["followup", "done", "1"],
    ["concern", "resolve", "1", "--note", "settled"],
    ["forget", "Lee Park", "--yes"],
]


@pytest.fixture
def seeded(sqlite_cli: Cli) -> Cli:
    cli = sqlite_cli
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--tag", "cx-team")
    cli.ok("add", "Lee Park", "--email", "lee@example.com")
    cli.ok("add", "D. Reyes")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok(
        "log",
        "Dana Reyes",
        "--plan",
        "CX programme",
        "--when",
        "yesterday",
        "--concern",
        "renewals?",
        "--follow-up",
        "Send the deck",
        "--due",
        "tomorrow",
    )
    cli.ok("log", "Lee Park", "--when", "in 2 days")
    cli.ok("event", "add", "Steering", "--plan", "CX programme", "--when", "in 5 days", "--audience", "tag:cx-team")
    return cli


def records(db: str) -> str:
    store = open_store(db)
    try:
        out = io.StringIO()
        with store.engine.connect() as conn:
            dump(conn, out)
        return out.getvalue()
    finally:
        store.close()


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_failed_commit_prints_only_the_error(seeded: Cli, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = records(seeded.db)

    def failing_commit(self: sqlmodel.Session) -> None:
        raise sa.exc.OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(sqlmodel.Session, "commit", failing_commit)
    result = seeded(*args)
    monkeypatch.undo()
    assert result.exit_code == 1, (args, result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr == "error: database error: disk I/O error: nothing was written; try again\n"
    assert records(seeded.db) == before
