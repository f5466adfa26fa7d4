"""`forget` against real files (PRODUCT.md §8): every copy the tool made is listed, and a reader cannot hide a trace.

The plain erasure is covered by tests/cli/test_data_cli.py; here: dumps and
pre-restore copies are listed as well as backups, and another process with
an open read transaction (as a TUI in the middle of a query) keeps the old
pages in the -wal file, which `forget` must report instead of claiming success.
"""

import json
from pathlib import Path

from tests.e2e.conftest import Worker, cli, one_line_error

SECRET = b"prefers-mornings-7Q"


def traces(db: Path) -> list[str]:
    """Database files (the file, its -wal and -shm) that still hold the forgotten person."""
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    return [p.name for p in files if p.exists() and (SECRET in p.read_bytes() or b"Dana Reyes" in p.read_bytes())]


def seed(exe: str, db: Path) -> None:
    for args in (["add", "Dana Reyes", "--email", "dana@example.com", "--notes", SECRET.decode()], ["add", "Lee Park"]):
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


def test_forget_while_another_process_reads_says_the_log_still_holds_them(
    tmp_path: Path, exe: str, workers: list[Worker], figures
) -> None:  # type: ignore[no-untyped-def]
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
    figures(
        "forget while another process held a read open: exit 1 with a one-line explanation, "
        "no trace once that process was gone"
    )


# Every way the person is written down: name, e-mail, notes, a concern and a note that do not name them,
# a stance, a follow-up of their own, a shared touchpoint, an event's audience and a title that names them.
DANA = {
    "name": b"Dana Quixley-Reyes",
    "email": b"dana.qr@example.com",
    "notes": b"prefers-mornings-7Q",
    "concern": b"renewals-owner-worry-9K",
    "touchpoint note": b"lunch-at-the-harbour-4Z",
    "follow-up": b"send-her-the-pricing-3W",
}


def test_forget_leaves_no_byte_of_the_person_in_the_database_files(tmp_path: Path, exe: str, figures) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "stakeholders.db"
    name, email = DANA["name"].decode(), DANA["email"].decode()
    steps = [
        ["add", name, "--email", email, "--notes", DANA["notes"].decode(), "--tag", "cx-team"],
        ["add", "Lee Park", "--email", "lee@example.com", "--tag", "cx-team"],
        ["plan", "add", "CX programme", "--summary", "One view"],
        [
            "log",
            email,
            "--plan",
            "CX programme",
            "--when",
            "yesterday",
            "--stance",
            "supportive",
            "--concern",
            DANA["concern"].decode(),
            "--note",
            DANA["touchpoint note"].decode(),
            "--follow-up",
            DANA["follow-up"].decode(),
            "--due",
            "tomorrow",
        ],
        [
            "log",
            email,
            "Lee Park",
            "--plan",
            "CX programme",
            "--when",
            "2 days ago",
            "--note",
            f"Joint call with {name} and Lee",
            "--concern",
            "Lee Park=shared budget",
        ],
        ["edit", email, "--title", "VP Sales"],
        [
            "event",
            "add",
            f"1:1 with {name}",
            "--plan",
            "CX programme",
            "--when",
            "in 3 days",
            "--audience",
            email,
            "--audience",
            "tag:cx-team",
        ],
        ["influence", "Lee Park", email],
    ]
    for args in steps:
        done = cli(exe, str(db), *args)
        assert done.returncode == 0, (args, done.stderr)
    others = tmp_path / "others.csv"  # other people, so that her records share pages with theirs
    others.write_text(
        "name,email,notes\n" + "".join(f"Other {i},o{i}@example.com,{'x' * 200}\n" for i in range(300)),
        encoding="utf-8",
    )
    assert cli(exe, str(db), "import", str(others)).returncode == 0
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    before = b"".join(p.read_bytes() for p in files if p.exists())
    assert all(needle.lower() in before.lower() for needle in DANA.values())  # the check can see them

    result = cli(exe, str(db), "forget", email, "--yes")
    assert result.returncode == 0, result.stderr
    raw = b"".join(p.read_bytes() for p in files if p.exists())
    left = [label for label, needle in DANA.items() if needle.lower() in raw.lower()]
    assert left == [], f"still in the database files: {left}"
    # Shared records keep the other attendee, with her name scrubbed from the note.
    lee = json.loads(cli(exe, str(db), "show", "Lee Park", "--json").stdout)
    assert [t["attendees"] for t in lee["touchpoints"]] == [["Lee Park"]]
    assert lee["touchpoints"][0]["summary"] == "Joint call with [forgotten] and Lee"
    assert [c["text"] for c in lee["concerns"]] == ["shared budget"]
    assert cli(exe, str(db), "history", email).returncode == 2
    figures(
        f"forget: {len(DANA)} traces of one person (name, e-mail, notes, concern, note, follow-up) searched "
        f"in {len(raw)} bytes of database files after `forget`: 0 found (all {len(DANA)} found before); "
        "the shared touchpoint keeps the other attendee"
    )
