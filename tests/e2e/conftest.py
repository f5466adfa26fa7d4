"""End-to-end helpers: the real `stakeholders` executable, worker processes, and the figures each test reports.

Figures (how many writes, kills, hostile cases) are recorded as the test's
`user_properties`, which pytest-xdist carries from its workers to the main
process; `pytest_terminal_summary` prints them at the end of the run, with
or without `-s`. The hook is imported by `tests/property/test_hostile_input.py`'s
run too when this directory is part of the run; print() shows them with `-s`.
"""

import ctypes
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from db.store import Store
from tests.conftest import FIGURE, Cli
from tests.e2e.writer import FIVE, PLAN

WRITER = Path(__file__).with_name("writer.py")


# --- figures -----------------------------------------------------------------------------------------------------


@pytest.fixture
def figures(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    """`figures("...")` prints a line and records it for the run's summary."""

    def note(line: str) -> None:
        print(line)
        record_property(FIGURE, line)

    return note


# --- the tools the tests need: fail in CI, skip elsewhere --------------------------------------------------------


def need(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {why}")
    pytest.skip(why)


def stakeholders_exe() -> str:
    """The installed console script, beside this interpreter (not a pyenv shim)."""
    beside = Path(sys.executable).with_name("stakeholders")
    found = str(beside) if beside.exists() else shutil.which("stakeholders")
    need(found is not None, "the `stakeholders` console script is not installed (pip install -e .)")
    return found  # type: ignore[return-value]


@pytest.fixture
def exe() -> str:
    return stakeholders_exe()


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def run(
    args: Sequence[str],
    *,
    timeout: float = 120,
    umask: int = 0o022,
    preexec: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a real process to completion; stdout and stderr as text."""
    return subprocess.run(
        list(args),
        capture_output=True,
        text=True,
        timeout=timeout,
        umask=umask,
        preexec_fn=preexec,
        env=env or subprocess_env(),
    )


def cli(exe: str, db: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return run([exe, "--db", db, *args], **kwargs)  # type: ignore[arg-type]


def one_line_error(stderr: str) -> str:
    """The whole of stderr is one non-empty line that starts with `error:`; returns it."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{stderr}"
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in stderr
    return lines[0]


class Worker:
    """A `writer.py` process: it prints `ready`, waits for `go` on stdin, then works and prints what it did."""

    def __init__(self, *args: str, stderr_path: Path, umask: int = 0o022) -> None:
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
            umask=umask,
            env=subprocess_env(),
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put("<eof>")

    def expect(self, word: str, timeout: float = 60) -> str:
        """The next stdout line, which must start with `word` and come within `timeout` seconds."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no {word!r} from the worker in {timeout} s; stderr: {self.stderr()}") from None
        assert line.startswith(word), f"expected {word!r}, got {line!r}; stderr: {self.stderr()}"
        return line

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def wait(self, timeout: float = 120) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._stderr.close()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.wait()

    def stderr(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text()


# --- seeded databases --------------------------------------------------------------------------------------------


def seeded(store: Store) -> str:
    """Five people and a plan in a fresh store (then closed); returns its --db value."""
    db = str(store.path) if store.path else store.url.render_as_string(hide_password=False)
    seed = Cli(db)
    for name in FIVE:
        seed.ok("add", name, "--email", name.split()[0].lower() + "@example.com")
    seed.ok("plan", "add", PLAN, "--summary", "Try it with one team")
    store.close()
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest) -> str:
    """A seeded database on each backend: its --db value."""
    return seeded(request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store"))


@pytest.fixture
def sqlite_target(sqlite_store: Store) -> str:
    return seeded(sqlite_store)


def dump_text(db: str) -> str:
    """Every record of every table, as `dump` writes them: equal dumps, equal databases."""
    import io

    from db.portable import dump
    from db.store import open_store

    store = open_store(db)
    try:
        out = io.StringIO()
        with store.engine.connect() as conn:
            dump(conn, out)
    finally:
        store.close()
    return out.getvalue()


def counts(db: str) -> dict[str, int]:
    from db.store import open_store

    store = open_store(db)
    try:
        with store.engine.connect() as conn:
            tables = [
                "touchpoint",
                "touchpoint_attendee",
                "stance",
                "concern",
                "follow_up",
                "follow_up_stakeholder",
                "audit_entry",
                "stakeholder",
            ]
            out = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one() for t in tables}
            out["distinct notes"] = conn.exec_driver_sql("SELECT count(DISTINCT summary) FROM touchpoint").scalar_one()
    finally:
        store.close()
    return out


def integrity(db: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """Worker processes started by a test; any still running at the end are killed."""
    started: list[Worker] = []
    yield started
    for worker in started:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait()


# --- a process that cannot override file permissions, even as root ----------------------------------------------

_PR_CAPBSET_DROP = 24
_LAST_CAP = 63


def without_privileges() -> Callable[[], None] | None:
    """A preexec function that drops every capability (root then obeys file modes), or None if not root."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for cap in range(_LAST_CAP + 1):
            libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)  # EINVAL past the kernel's last cap: ignored

    return drop


def child_cannot_write(path: Path) -> bool:
    """True when a process started with `without_privileges()` cannot write `path` (a file, or into a directory)."""
    probe_file = path / "probe" if path.is_dir() else path
    probe = run([sys.executable, "-c", f"open({str(probe_file)!r}, 'a')"], preexec=without_privileges())
    if probe.returncode == 0:
        if path.is_dir():
            probe_file.unlink()
        return False
    return True
