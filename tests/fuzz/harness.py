"""Running fuzz cases and judging them: the oracle of PRODUCT.md §8.

Each batch of cases runs in a workspace of its own: a copy of the demo
database (`db.db`), a backup and a dump recorded beside it (`listed.bak`,
`listed.jsonl` in `db.db.backups`), a directory, a FIFO, a link to the
database, and the input files (`in/`: good and malformed imports, dumps and
backups). Cases run in-process through click's CliRunner, in the workspace
as the working directory; `run_process` runs one as a real process, for
argv bytes the locale cannot decode.

For every case the oracle checks:
- the exit status is 0, 1 or 2, and a failure says something on stderr;
- nothing escaped: no exception but SystemExit, no "Traceback" in any output;
- `PRAGMA integrity_check` is ok, and the backups listed beside the database are as they were
  (unless the case is the `backup`/`dump` that may replace its own);
- a failed or read-only case changed no row (a digest of every table, before and after).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from tests.fuzz.cases import Case

DB = "db.db"
FRESH = "fresh.db"
LISTED = ("listed.bak", "listed.jsonl")
IMPORTS = Path(__file__).parents[1] / "data" / "import"
BASE_ENV = {"STAKEHOLDERS_USER": "fuzzer", "TZ": "Europe/London"}
UNSET = ("STAKEHOLDERS_DB", "STAKEHOLDERS_STALE_DAYS", "STAKEHOLDERS_DAYFIRST", "STAKEHOLDERS_SCREEN", "NO_COLOR")


@dataclass
class Tally:
    cases: int = 0
    tracebacks: int = 0
    partial_writes: int = 0
    integrity_failures: int = 0
    bad_exits: int = 0
    exits: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def summary(self, seed: int | None = None) -> str:
        seeded = f"seed {seed}: " if seed is not None else ""
        return (
            f"{seeded}cases {self.cases}, tracebacks {self.tracebacks}, partial writes {self.partial_writes}, "
            f"integrity failures {self.integrity_failures}, bad exits {self.bad_exits} "
            f"(exit 0: {self.exits.get(0, 0)}, 1: {self.exits.get(1, 0)}, 2: {self.exits.get(2, 0)})"
        )

    @property
    def clean(self) -> bool:
        return not (self.tracebacks or self.partial_writes or self.integrity_failures or self.bad_exits)


# --- the template: a demo database and the input files, made once per process ------------------------------------

_TEMPLATE: Path | None = None


def template() -> Path:
    """A directory holding the demo database and every input file; built on first use."""
    global _TEMPLATE
    if _TEMPLATE is not None and _TEMPLATE.exists():
        return _TEMPLATE
    from stakeholders.cli import main

    root = Path(tempfile.mkdtemp(prefix="stakeholders-fuzz-template-"))
    runner = CliRunner()
    with _inside(root), _environment(BASE_ENV | {"XDG_DATA_HOME": str(root / "xdg")}):
        result = runner.invoke(main, ["--db", DB, "demo"])
        assert result.exit_code == 0, result.output
        inputs = root / "in"
        inputs.mkdir()
        result = runner.invoke(main, ["--db", DB, "dump", "in/good.jsonl"])
        assert result.exit_code == 0, result.output
        shutil.copyfile(DB, inputs / "good.bak")
    _inputs(root)
    (root / f"{DB}.backups").unlink(missing_ok=True)  # each workspace records its own
    _TEMPLATE = root
    return root


def _inputs(root: Path) -> None:
    inputs = root / "in"
    for name in ("plain.csv", "latin1.csv", "contacts.vcf", "not_text.bin", "empty.csv", "google.csv"):
        shutil.copyfile(IMPORTS / name, inputs / ("people.csv" if name == "plain.csv" else name))
    shutil.copyfile(IMPORTS / "plain.csv", inputs / "odd\udcff.csv")
    good = (inputs / "good.jsonl").read_bytes().splitlines(keepends=True)
    header, first = good[0], good[1]
    row = json.loads(first)
    table = row["table"]

    def variant(name: str, *lines: bytes) -> None:
        (inputs / name).write_bytes(b"".join(lines))

    variant("latin1.jsonl", header, first.replace(b"}", b', "x": "Jos\xe9"}', 1))
    variant("array.jsonl", header, b"[1, 2, 3]\n")
    variant(
        "list-value.jsonl",
        header,
        json.dumps({"table": table, "row": {k: [v] for k, v in row["row"].items()}}).encode() + b"\n",
    )
    variant(
        "bad-enum.jsonl",
        header,
        b'{"table": "stance", "row": {"id": 1, "stakeholder_id": 1, "plan_id": 1, '
        b'"level": "ecstatic", "observed_at": "2026-01-01T00:00:00+00:00"}}\n',
    )
    variant(
        "int-time.jsonl", header, json.dumps({"table": table, "row": row["row"] | {"created_at": 5}}).encode() + b"\n"
    )
    variant("no-header.jsonl", *good[1:3])
    variant("huge-int.jsonl", header, json.dumps({"table": table, "row": row["row"] | {"id": 10**30}}).encode() + b"\n")
    variant(
        "surrogate.jsonl",
        header,
        json.dumps({"table": table, "row": row["row"] | {"name": "a\udcff"}}).encode() + b"\n",
    )
    variant(
        "unknown-column.jsonl", header, json.dumps({"table": table, "row": row["row"] | {"colour": 1}}).encode() + b"\n"
    )
    newer = inputs / "newer.bak"
    shutil.copyfile(inputs / "good.bak", newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    data = bytearray((inputs / "good.bak").read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for n in range(2, len(data) // page, 3):
        data[n * page + 8 : n * page + 208] = bytes(range(200))
    (inputs / "damaged.bak").write_bytes(bytes(data))
    with sqlite3.connect(inputs / "foreign.db") as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.close()
    (inputs / "empty.bak").write_bytes(b"")
    (inputs / "body.md").write_text("# The plan\n\nWhat changes.\n", encoding="utf-8")
    (inputs / "meeting.ics").write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART:20261127T090000Z\r\nSUMMARY:Steering\r\n"
        b"ATTENDEE:mailto:dana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


# --- one workspace per batch ---------------------------------------------------------------------------------------


@contextmanager
def workspace() -> Iterator[Path]:
    """A fresh copy of the template, with its listed backups, a directory, a FIFO and a link to the database."""
    folder = Path(tempfile.mkdtemp(prefix="stakeholders-fuzz-"))
    try:
        shutil.copytree(template(), folder, dirs_exist_ok=True)
        shutil.copyfile(folder / "in" / "good.bak", folder / "listed.bak")
        shutil.copyfile(folder / "in" / "good.jsonl", folder / "listed.jsonl")
        with open(folder / f"{DB}.backups", "w", encoding="utf-8") as record:
            record.writelines(f"{folder / name}\n" for name in LISTED)
        (folder / "adir").mkdir()
        os.mkfifo(folder / "fifo")
        os.symlink(DB, folder / "link-to-db")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# --- what the oracle reads -----------------------------------------------------------------------------------------


def digest(db: Path) -> str:
    """Every row of every table, in a stable order: equal digests, equal data."""
    h = hashlib.sha256()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            h.update(name.encode())
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{name}"')):
                h.update(row.encode("utf-8", "surrogatepass"))
    finally:
        conn.close()
    return h.hexdigest()


def integrity(db: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            conn.execute("SELECT count(*) FROM stakeholder").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "ok" if found == ["ok"] else "; ".join(found)[:200]


def _listed(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() if (folder / name).exists() else b"" for name in LISTED}


def may_replace(case: Case, name: str) -> bool:
    """`backup` may replace a backup it made, `dump` a dump it made (PRODUCT.md §8)."""
    kind = {"listed.bak": "backup", "listed.jsonl": "dump"}[name]
    return case.command == kind and name in case.argv


# --- running -------------------------------------------------------------------------------------------------------


def run_batch(cases: list[Case], tally: Tally) -> None:
    """Run `cases` one after another in one fresh workspace, judging each."""
    from stakeholders.cli import main

    with workspace() as folder, _inside(folder):
        db = folder / DB
        runner = CliRunner()
        for case in cases:
            before, listed = digest(db), _listed(folder)
            # A developer's own variables must not leak in: None unsets them for the case.
            env: dict[str, str | None] = {name: None for name in UNSET}
            env.update(BASE_ENV)
            env.update(case.env)
            env["XDG_DATA_HOME"] = str(folder / "xdg")
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{FRESH}{suffix}").unlink(missing_ok=True)
            result = runner.invoke(main, ["--db", case.db, *case.argv], env=env, input="")
            escaped = result.exception if not isinstance(result.exception, SystemExit) else None
            if not judge(tally, case, result.exit_code, result.stdout, result.stderr, escaped, folder, before, listed):
                _reset(folder)  # the next cases start from a sound database again


def run_process(case: Case, argv: list[bytes], tally: Tally) -> None:
    """One case as a real process, its argv as raw bytes (a Latin-1 terminal, a file name from elsewhere)."""
    exe = Path(sys.executable).with_name("stakeholders")
    with workspace() as folder:
        db = folder / DB
        before, listed = digest(db), _listed(folder)
        env = {k.encode(): v.encode() for k, v in os.environ.items() if not k.startswith("STAKEHOLDERS_")}
        env |= {
            k.encode(): v.encode("utf-8", "surrogateescape")
            for k, v in (BASE_ENV | {"XDG_DATA_HOME": str(folder / "xdg")} | case.env).items()
        }
        env[b"LANG"] = env[b"LC_ALL"] = b"C.UTF-8"
        done = subprocess.run(
            [os.fsencode(exe), b"--db", case.db.encode(), *argv],
            cwd=folder,
            env=env,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        judge(
            tally,
            case,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
            None,
            folder,
            before,
            listed,
        )


def judge_output(tally: Tally, case: Case, code: int, stdout: str, stderr: str, escaped: BaseException | None) -> str:
    """Count the case, its exit status and any traceback; returns the case as the failures show it."""
    tally.cases += 1
    tally.exits[code] = tally.exits.get(code, 0) + 1
    shown = f"{case.command}: {case.argv!r} env={case.env!r} db={case.db} -> {code}: {stderr.strip()[-300:]!r}"
    if escaped is not None or "Traceback" in stdout or "Traceback" in stderr:
        tally.tracebacks += 1
        tally.failures.append(f"traceback: {shown} {escaped!r}")
    if code not in (0, 1, 2) or (code != 0 and not stderr.strip()):
        tally.bad_exits += 1
        tally.failures.append(f"bad exit: {shown}")
    return shown


def _reset(folder: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{folder / DB}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template() / DB, folder / DB)
    for name in LISTED:
        shutil.copyfile(folder / "in" / ("good.bak" if name.endswith(".bak") else "good.jsonl"), folder / name)


def judge(
    tally: Tally,
    case: Case,
    code: int,
    stdout: str,
    stderr: str,
    escaped: BaseException | None,
    folder: Path,
    before: str,
    listed: dict[str, bytes],
) -> bool:
    """Count the case and what went wrong with it; False if the database or its backups were harmed."""
    shown = judge_output(tally, case, code, stdout, stderr, escaped)
    db = folder / DB
    problem = integrity(db)
    now = _listed(folder)
    changed = [name for name in LISTED if now[name] != listed[name] and not may_replace(case, name)]
    if problem != "ok" or changed:
        tally.integrity_failures += 1
        tally.failures.append(f"integrity: {shown}: {problem}; listed backups changed: {changed}")
        return False
    if (code != 0 or case.read_only) and digest(db) != before:
        tally.partial_writes += 1
        tally.failures.append(f"partial write: {shown}")
    fresh = folder / FRESH
    if case.db == FRESH and code != 0 and fresh.exists() and fresh.stat().st_size and _rows(fresh):
        tally.partial_writes += 1
        tally.failures.append(f"partial write into a new database: {shown}")
    return True


def _rows(db: Path) -> int:
    """Rows in the tables of ours (not the schema's version) of a new database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        return sum(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names)
    except sqlite3.Error:
        return 0
    finally:
        conn.close()
