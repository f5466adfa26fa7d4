"""Issue 13's cases, each kept as a plain regression: one line, the right exit status, nothing written.

Undecodable bytes in arguments and the environment run as real processes
(CliRunner hands click text, not the bytes a terminal sends); the rest run
in-process. The fuzzer (tests/fuzz) looks for the cases nobody listed.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stakeholders.untrusted import whole_number
from tests.conftest import Cli
from tests.fuzz.harness import digest

EXE = Path(sys.executable).with_name("stakeholders")


@pytest.fixture
def demo(tmp_path: Path) -> Cli:
    cli = Cli(str(tmp_path / "stakeholders.db"))
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok(
        "event",
        "add",
        "Steering committee",
        "--plan",
        "CX programme",
        "--when",
        "in 5 days",
        "--audience",
        "Dana Reyes",
    )
    return cli


def run(db: str, *argv: bytes, env: dict[bytes, bytes] | None = None) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environb.items() if not k.startswith(b"STAKEHOLDERS_")}
    environ |= {b"LANG": b"C.UTF-8", b"LC_ALL": b"C.UTF-8", b"STAKEHOLDERS_USER": b"tester"} | (env or {})
    return subprocess.run(
        [os.fsencode(EXE), b"--db", os.fsencode(db), *argv],
        env=environ,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def one_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


@pytest.mark.parametrize(
    "argv, env, says",
    [
        ([b"add", b"\xff"], {}, "NAME holds bytes that are not valid UTF-8 ('\\xff')"),
        ([b"show", b"Jos\xe9"], {}, "PERSON holds bytes that are not valid UTF-8 ('Jos\\xe9')"),
        ([b"log", b"Dana Reyes", b"--note", b"caf\xe9"], {}, "--note holds bytes"),
        ([b"add", b"Someone"], {b"STAKEHOLDERS_USER": b"\xff"}, "environment variable STAKEHOLDERS_USER holds bytes"),
        ([b"list"], {b"TZ": b"\xff"}, "environment variable TZ holds bytes"),
    ],
    ids=["add", "show latin-1", "log --note", "STAKEHOLDERS_USER", "TZ"],
)
def test_undecodable_bytes_in_an_argument_or_the_environment_are_refused(
    demo: Cli, argv: list[bytes], env: dict[bytes, bytes], says: str
) -> None:
    before = digest(Path(demo.db))
    done = run(demo.db, *argv, env=env)
    assert done.returncode == 2, done.stderr
    assert says in one_line(done.stderr)
    assert digest(Path(demo.db)) == before


@pytest.mark.parametrize(
    "text, number",
    [
        ("12", 12),
        (" 3 ", 3),
        ("0", 0),
        ("①", None),
        ("³", None),
        ("٣", None),
        ("１２", None),
        ("1.5", None),
        ("-1", None),
        ("", None),
        ("x", None),
    ],
)
def test_whole_numbers_are_ascii_digits_only(text: str, number: int | None) -> None:
    assert whole_number(text) == number


@pytest.mark.parametrize(
    "argv, says",
    [
        (["show", "①"], "no stakeholder '①'"),
        (["surprises", "³"], "no event '³'"),
        (["surprises", "--stale-days", "²"], "--stale-days '²' is not a whole number"),
        (["add", "Lee", "--cadence", "٣"], "'٣' is not a whole number (ASCII digits 0-9 only)"),
        (["touchpoint", "held", "①"], "'①' is not a whole number"),
        (["plan", "show", "CX programme", "--version", "²"], "'²' is not a whole number"),
    ],
)
def test_digits_that_are_not_ascii_are_no_numbers(demo: Cli, argv: list[str], says: str) -> None:
    assert says in demo.refused(2, *argv)


def test_stale_days_in_the_environment_must_be_ascii(demo: Cli) -> None:
    result = demo("surprises", env={"STAKEHOLDERS_STALE_DAYS": "³"})
    assert result.exit_code == 2 and "STAKEHOLDERS_STALE_DAYS='³'" in result.stderr


@pytest.mark.parametrize(
    "db, says",
    [
        ("foo://bar", "is of a kind not supported (foo)"),
        ("mysql://user:secret@host/x", "'mysql://user:***@host/x' is of a kind not supported (mysql)"),
        ("", "the database path is empty"),
    ],
)
def test_a_database_url_of_an_unsupported_kind_names_the_supported_ones(db: str, says: str) -> None:
    result = Cli(db)("list")
    assert result.exit_code == 2, (result.stderr, result.exception)
    line = result.stderr.strip()
    assert says in line and "secret" not in line
    if "://" in db:
        assert "SQLite" in line and "postgresql://" in line


def test_a_tz_naming_no_zone_file_falls_back_to_the_machines_zone(demo: Cli) -> None:
    for zone in (":/etc/passwd", "/dev/null", "../../../etc/hostname", "Nowhere/City"):
        result = demo("event", "list", env={"TZ": zone})
        assert result.exit_code == 0, (zone, result.stderr, result.exception)


@pytest.mark.parametrize("argv", [["dump", ""], ["backup", ""], ["export", "--format", "md", "-o", ""]])
def test_an_empty_output_path_is_refused(demo: Cli, argv: list[str]) -> None:
    assert "is empty: give a file name to write" in demo.refused(2, *argv)


# --- restore: every check before anything is replaced --------------------------------------------------------------


def _backup(demo: Cli, tmp_path: Path, name: str = "backup.db") -> Path:
    path = tmp_path / name
    demo.ok("backup", str(path))
    return path


def _files(db: str) -> dict[str, bytes]:
    folder = Path(db).parent
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(Path(db).name)}


def test_restore_refuses_a_backup_of_a_newer_schema_before_replacing_anything(demo: Cli, tmp_path: Path) -> None:
    newer = _backup(demo, tmp_path)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    demo.ok("add", "Lee Park")
    before = _files(demo.db)
    says = demo.refused(2, "restore", str(newer), "--yes")
    assert "written by a newer stakeholders (schema 9999_future)" in says and "nothing was replaced" in says
    assert _files(demo.db) == before  # no safety copy either: nothing was done
    demo.ok("show", "Lee Park")


@pytest.mark.parametrize(
    "spoil, says",
    [
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_text("name,email\n"), "is not a SQLite database"),
        (lambda p: _foreign(p), "is not a stakeholders backup"),
        (lambda p: _damage(p), "is damaged"),
    ],
    ids=["empty", "text", "foreign", "damaged"],
)
def test_restore_refuses_a_bad_backup_and_replaces_nothing(demo: Cli, tmp_path: Path, spoil, says: str) -> None:  # type: ignore[no-untyped-def]
    bad = _backup(demo, tmp_path)
    spoil(bad)
    before = _files(demo.db)
    assert says in demo.refused(2, "restore", str(bad), "--yes")
    assert _files(demo.db) == before


def test_restore_of_the_database_itself_is_refused(demo: Cli) -> None:
    assert "is the database in use" in demo.refused(2, "restore", demo.db, "--yes")


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY)")
    conn.close()


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for n in range(2, len(data) // page):
        data[n * page + 8 : n * page + 300] = bytes(292)
    path.write_bytes(bytes(data))


def test_a_restore_failing_after_its_safety_copy_names_the_copy(
    demo: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.restore

    good = _backup(demo, tmp_path)

    def full_disk(backup_file: Path, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db.restore, "_copy_in", full_disk)
    result = demo("restore", str(good), "--yes")
    assert result.exit_code == 1, result.stderr
    line = one_line(result.stderr_bytes)
    saved = [p for p in Path(demo.db).parent.iterdir() if p.name.endswith(".before-restore.bak")]
    assert len(saved) == 1 and str(saved[0]) in line and "No space left on device" in line
    assert f"stakeholders restore {saved[0]} --yes" in line


def test_restore_of_a_sound_backup_still_works(demo: Cli, tmp_path: Path) -> None:
    good = _backup(demo, tmp_path)
    demo.ok("add", "Lee Park")
    demo.ok("restore", str(good), "--yes")
    assert "no stakeholder 'Lee Park'" in demo.refused(2, "show", "Lee Park")


# --- load: a malformed dump names its line, and nothing is written -------------------------------------------------


@pytest.fixture
def dump_lines(demo: Cli, tmp_path: Path) -> list[bytes]:
    demo.ok("dump", str(tmp_path / "good.jsonl"))
    return (tmp_path / "good.jsonl").read_bytes().splitlines(keepends=True)


def _row(lines: list[bytes], table: str) -> dict[str, Any]:
    return next(json.loads(line) for line in lines[1:] if json.loads(line)["table"] == table)


MALFORMED = {
    "latin-1 bytes": (lambda lines: [lines[0], lines[1].replace(b'"Dana', b'"D\xe9na')], "line 2 is not UTF-8 text"),
    "a JSON array line": (lambda lines: [lines[0], b"[1, 2]\n"], "line 2 is a JSON list, not a record"),
    "not JSON": (lambda lines: [lines[0], b"{nope\n"], "line 2 is not JSON"),
    "a list where a value belongs": (
        lambda lines: [
            lines[0],
            json.dumps({"table": "plan", "row": _row(lines, "plan")["row"] | {"name": ["x"]}}).encode(),
        ],
        "line 2 has list for plan.name, a text",
    ),
    "a bad enum value": (
        lambda lines: [
            lines[0],
            json.dumps({"table": "event", "row": _row(lines, "event")["row"] | {"kind": "party"}}).encode(),
        ],
        "line 2 has 'party' for event.kind",
    ),
    "a time that is not a string": (
        lambda lines: [
            lines[0],
            json.dumps({"table": "plan", "row": _row(lines, "plan")["row"] | {"created_at": 5}}).encode(),
        ],
        "line 2 has int for plan.created_at",
    ),
    "a number too large": (
        lambda lines: [
            lines[0],
            json.dumps({"table": "plan", "row": _row(lines, "plan")["row"] | {"id": 2**40}}).encode(),
        ],
        "a whole number of 32 bits",
    ),
    "an unknown table": (lambda lines: [lines[0], b'{"table": "invoice", "row": {}}\n'], "names no table of ours"),
    "a newer schema": (
        lambda lines: [b'{"format": "stakeholders-dump", "schema": "9999"}\n'],
        "written by a newer stakeholders",
    ),
    "a bad line after good ones": (lambda lines: [*lines, b"[]\n"], "line {last} is a JSON list"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_load_of_a_malformed_dump_names_the_line_and_writes_nothing(
    case: str, dump_lines: list[bytes], tmp_path: Path
) -> None:
    spoil, says = MALFORMED[case]
    lines = spoil(dump_lines)
    says = says.replace("{last}", str(len(lines)))
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines))
    target = Cli(str(tmp_path / "empty.db"))
    target.ok("list")  # an empty database of the current schema
    before = digest(tmp_path / "empty.db")
    assert says in target.refused(2, "load", str(bad))
    assert digest(tmp_path / "empty.db") == before


def test_load_of_a_good_dump_still_works(dump_lines: list[bytes], tmp_path: Path) -> None:
    (tmp_path / "copy.jsonl").write_bytes(b"".join(dump_lines))
    target = Cli(str(tmp_path / "empty.db"))
    target.ok("load", str(tmp_path / "copy.jsonl"))
    target.ok("show", "Dana Reyes")


@pytest.mark.parametrize(
    "argv",
    [
        ["dump", "a\x00b"],
        ["load", "\x00"],
        ["restore", "a\x00b", "--yes"],
        ["backup", "x\x00.db"],
        ["export", "--format", "md", "-o", "a\x00"],
    ],
)
def test_a_file_name_with_a_nul_is_refused_in_one_line(demo: Cli, argv: list[str]) -> None:
    """Found by the fuzzer (seed 1): os.stat raises ValueError, not OSError, for a NUL in a path."""
    before = digest(Path(demo.db))
    assert "a file name cannot hold a NUL character" in demo.refused(2, *argv)
    assert digest(Path(demo.db)) == before


def test_a_database_path_with_a_nul_is_refused() -> None:
    result = Cli("d\x00.db")("list")
    assert result.exit_code == 2 and "holds a NUL character" in result.stderr
