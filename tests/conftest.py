"""Shared fixtures: a fresh store on SQLite and on a real PostgreSQL server.

`store` runs each test on both backends. PostgreSQL comes from
STAKEHOLDERS_TEST_PG_URL (`.ci/start-postgres` prints one); without it the
PostgreSQL cases are skipped locally and FAIL when CI is set, so a CI run
without its server cannot pass quietly.
"""

import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from db.store import Store, open_store

PG_URL_ENV = "STAKEHOLDERS_TEST_PG_URL"
# A Sunday morning; the demo story and the rules tests count from it.
FROZEN_NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the developer's own database or settings."""
    monkeypatch.delenv("STAKEHOLDERS_DB", raising=False)
    monkeypatch.delenv("STAKEHOLDERS_DAYFIRST", raising=False)
    monkeypatch.delenv("STAKEHOLDERS_STALE_DAYS", raising=False)
    monkeypatch.setenv("STAKEHOLDERS_USER", "tester")
    monkeypatch.setenv("TZ", "Europe/London")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_store(path).close()
    return path


@pytest.fixture
def sqlite_store(sqlite_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "stakeholders.db"
    shutil.copyfile(sqlite_template, path)
    os.chmod(path, 0o600)
    store = open_store(path)
    yield store
    store.close()


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {PG_URL_ENV} is not: the PostgreSQL tests must run in CI")
        return None
    return url


@pytest.fixture(scope="session")
def pg_database_url(worker_id: str) -> Iterator[str]:
    admin = pg_admin_url()
    if admin is None:
        pytest.skip(f"no PostgreSQL server: set {PG_URL_ENV} (see .ci/start-postgres)")
    # The pid keeps concurrent test runs on one server out of each other's way.
    name = f"stakeholders_test_{worker_id}_{os.getpid()}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {admin} is unreachable: {exc.orig}")
        pytest.skip(f"PostgreSQL at {admin} is unreachable")
    url = sa.make_url(admin).set(database=name).render_as_string(hide_password=False)
    open_store(url).close()
    yield url
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


# Sessions on the test database, other than the asking one, that sit in an open transaction: each
# holds a lock on every table it read, so a TRUNCATE, a migration's ALTER TABLE or a VACUUM FULL waits
# for it for ever, for everyone on a shared server. `query` is the last statement the session ran.
LEFT_IN_TRANSACTION = (
    "SELECT pid, state, application_name, left(query, 300) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    " AND state IN ('idle in transaction', 'idle in transaction (aborted)')"
)
# How long a client that just went away (a killed process) may take to have its session ended.
SESSION_END_WAIT_S = 2.0


def transactions_left(store: Store) -> list[tuple[int, str, str, str]]:
    """The sessions on the store's PostgreSQL database (other than this check's) sitting in an open
    transaction: (pid, state, application name, last statement). One seen between two statements of a
    running read, or a client that just went away (a killed process), gets a moment to end first."""
    deadline = time.monotonic() + SESSION_END_WAIT_S
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        while True:
            left = [(pid, state, app, query) for pid, state, app, query in conn.exec_driver_sql(LEFT_IN_TRANSACTION)]
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.1)


def fail_on_transactions_left(store: Store, test: str) -> None:
    """Fail `test` when a session on the store's database was left in an open transaction (a session
    or connection not closed). The sessions are ended first, so the next test does not hang on them."""
    left = transactions_left(store)
    if not left:
        return
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for pid, *_ in left:
            conn.exec_driver_sql("SELECT pg_terminate_backend(%(pid)s)", {"pid": pid})
    sessions = "; ".join(
        f"pid {pid} ({state}, {app or 'no application name'}): {query!r}" for pid, state, app, query in left
    )
    pytest.fail(f"{test} left {len(left)} PostgreSQL session(s) in an open transaction: {sessions}", pytrace=False)


@pytest.fixture
def pg_store(pg_database_url: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    store = open_store(pg_database_url)
    with store.engine.begin() as conn:
        # A lock some session still holds makes the TRUNCATE fail after a while, not wait for ever.
        conn.exec_driver_sql("SET LOCAL lock_timeout = '20s'")
        tables = [t for t in sa.inspect(conn).get_table_names() if t != "alembic_version"]
        conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    yield store
    try:
        fail_on_transactions_left(store, request.node.nodeid)
    finally:
        store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """A fresh, migrated, empty store: every test using it runs on both backends."""
    return request.getfixturevalue("sqlite_store" if request.param == "sqlite" else "pg_store")


@pytest.fixture
def now() -> datetime:
    return FROZEN_NOW


class Cli:
    """Runs the real click command against one database, as a script would."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        from stakeholders.cli import main

        return self.runner.invoke(main, ["--db", self.db, *args], input=input, env=env, catch_exceptions=True)

    def ok(self, *args: str, **kwargs: object) -> Result:
        result = self(*args, **kwargs)  # type: ignore[arg-type]
        assert result.exit_code == 0, f"{args} -> {result.exit_code}\n{result.output}\n{result.exception!r}"
        return result

    def fails(self, code: int, *args: str, **kwargs: object) -> Result:
        """The command fails with `code`, one line on stderr, no traceback."""
        result = self(*args, **kwargs)  # type: ignore[arg-type]
        assert result.exit_code == code, f"{args} -> {result.exit_code}\n{result.output}\n{result.exception!r}"
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        return result

    def refused(self, code: int, *args: str, says: tuple[str, ...] = ()) -> str:
        """The command fails with `code`, one `error:` line on stderr holding each of `says`, nothing on stdout."""
        result = self.fails(code, *args)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert result.stdout == ""
        for text in says:
            assert text in lines[0], lines[0]
        return lines[0]


@pytest.fixture
def cli(store: Store) -> Cli:
    """The CLI on a fresh database, on each backend."""
    return Cli(str(store.path) if store.path else store.url.render_as_string(hide_password=False))


@pytest.fixture
def sqlite_cli(sqlite_store: Store) -> Cli:
    return Cli(str(sqlite_store.path))


FIGURE = "figure"  # the user property tests/e2e's `figures` fixture records


# In the root conftest: with xdist the controller never collects tests/e2e, so a hook
# there would never run where the summary is printed.
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    if getattr(config, "_stakeholders_figures_shown", False):  # the hook may be registered twice
        return
    config._stakeholders_figures_shown = True  # type: ignore[attr-defined]
    lines: list[str] = []
    for key in ("passed", "failed"):
        for report in terminalreporter.stats.get(key, []):
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name == FIGURE:
                    lines.append(f"{report.nodeid.split('::')[-1]}: {value}")
    if lines:
        terminalreporter.write_sep("=", "reliability figures (PRODUCT.md §8)")
        for line in lines:
            terminalreporter.write_line(line)
