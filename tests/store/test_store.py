"""Opening the database (PRODUCT.md §4 --db, §8): SQLite set-up, concurrent writers, refusals, timestamps."""

import hashlib
import json
import os
import sqlite3
import stat
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlmodel import select

from db.engine import BUSY_TIMEOUT_MS, StoreError, database_url
from db.models import Stakeholder, Touchpoint
from db.store import Store, open_store
from db.types import UTCDateTime
from stakeholders.cli import main
from tests.conftest import Cli


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = CliRunner().invoke(main, [*args, "list", "--all", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return [p["name"] for p in json.loads(result.stdout)]


def person(name: str) -> Stakeholder:
    return Stakeholder(name=name, name_key=name.lower())


# --- SQLite set-up -----------------------------------------------------------------------------------------------


def test_a_new_database_is_owner_only_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "new" / "stakeholders.db"
    store = open_store(path)
    try:
        with store.write() as session:
            session.add(person("Dana Reyes"))
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert BUSY_TIMEOUT_MS >= 10_000  # "tens of seconds"
        files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
        assert path in files and len(files) >= 2  # the -wal (and -shm) beside it
        for p in files:
            assert mode(p) == 0o600, p
    finally:
        store.close()


def test_foreign_keys_are_enforced(sqlite_store: Store) -> None:
    with pytest.raises(sa.exc.IntegrityError), sqlite_store.write() as session:
        session.add(Touchpoint(occurred_at=datetime.now(UTC), plan_id=999))


def test_db_path_sqlite_url_and_env_name_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    result = CliRunner().invoke(main, ["--db", str(path), "add", "Dana Reyes"])
    assert result.exit_code == 0, result.output
    assert names("--db", f"sqlite:///{path}") == ["Dana Reyes"]
    assert names(env={"STAKEHOLDERS_DB": str(path)}) == ["Dana Reyes"]
    assert names(env={"STAKEHOLDERS_DB": f"sqlite:///{path}"}) == ["Dana Reyes"]
    # --db wins over the environment.
    assert names("--db", str(tmp_path / "other.db"), env={"STAKEHOLDERS_DB": str(path)}) == []


def test_postgresql_urls_use_psycopg_3() -> None:
    assert database_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert database_url("~/x.db").database == str(Path("~/x.db").expanduser())


def test_the_default_database_is_in_the_user_data_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["add", "Dana Reyes"])
    assert result.exit_code == 0, result.output
    default = tmp_path / "xdg-data" / "stakeholders" / "stakeholders.db"  # conftest sets XDG_DATA_HOME
    assert default.exists() and mode(default) == 0o600
    assert names() == ["Dana Reyes"]


# --- two writers -------------------------------------------------------------------------------------------------


def test_a_write_session_begins_immediate_and_a_read_does_not(sqlite_store: Store) -> None:
    statements: list[str] = []

    def trace(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement.strip().upper())

    sa.event.listen(sqlite_store.engine, "before_cursor_execute", trace)
    try:
        with sqlite_store.write() as session:
            session.add(person("Dana Reyes"))
        assert statements[0] == "BEGIN IMMEDIATE"
        statements.clear()
        with sqlite_store.session() as session:
            session.exec(select(Stakeholder)).all()
        assert statements[0] == "BEGIN"
    finally:
        sa.event.remove(sqlite_store.engine, "before_cursor_execute", trace)


def test_two_writers_in_two_threads_never_see_database_is_locked(sqlite_store: Store) -> None:
    """Each reads, then writes after a pause: with plain BEGIN the second would fail to upgrade its lock."""
    path = sqlite_store.path
    assert path is not None
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(tag: str) -> None:
        store = open_store(path)  # as two processes would: one store each
        try:
            start.wait()
            for i in range(3):
                with store.write() as session:
                    count = len(session.exec(select(Stakeholder.id)).all())
                    time.sleep(0.05)
                    session.add(person(f"{tag} {i} after {count}"))
        except BaseException as exc:  # reported below, with the thread's name
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=writer, args=(tag,)) for tag in ("cli", "tui")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    with sqlite_store.session() as session:
        rows = session.exec(select(Stakeholder.name).order_by(Stakeholder.id)).all()
    assert len(rows) == 6
    # Serialised: each writer saw every row committed before it.
    assert [int(name.rsplit(" ", 1)[1]) for name in rows] == list(range(6))


# --- files that are not ours -------------------------------------------------------------------------------------


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('someone')")
    conn.commit()
    conn.close()


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"name,email\nDana,dana@example.com\n" * 50)


def _corrupt(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 1024")
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("CREATE TABLE stakeholder (id INTEGER PRIMARY KEY, x TEXT)")  # our tables' names, damaged
    conn.executemany("INSERT INTO stakeholder (x) VALUES (?)", [("x" * 500,) for _ in range(200)])
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    data[1024 * 2 : 1024 * 40] = b"\xff" * (1024 * 38)  # trash the pages after the schema
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "says", "code"),
    [
        (_foreign, "another program's database", 2),
        (_not_sqlite, "is not a SQLite database", 2),
        (_corrupt, "is damaged", 1),  # the file, not the input, is at fault: a failure at run time
    ],
)
def test_a_file_that_is_not_a_stakeholders_database_is_refused_untouched(
    tmp_path: Path,
    make,
    says: str,  # type: ignore[no-untyped-def]
    code: int,
) -> None:
    path = tmp_path / "theirs.db"
    make(path)
    before = digest(path)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    for args in (["list"], ["add", "Dana Reyes"]):
        result = Cli(str(path)).fails(code, *args)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.stderr
        assert str(path) in lines[0]
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # no -wal, no -shm, no backup
    with pytest.raises(StoreError, match=says):
        open_store(path)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    result = Cli(str(tmp_path)).fails(2, "list")
    assert "is a directory" in result.stderr


def test_an_unreachable_postgresql_server_is_a_one_line_error() -> None:
    result = Cli("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2").fails(2, "list")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot open database"), result.stderr


def test_a_bad_url_is_a_one_line_error_that_hides_the_password() -> None:
    result = Cli("postgresql+psycopg://lead:s3cret@h:notaport/db").fails(2, "list")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot read database URL"), result.stderr
    assert "s3cret" not in result.stderr and "lead:***@h" in result.stderr


# --- timestamps --------------------------------------------------------------------------------------------------


def test_utc_datetime_refuses_naive_values(sqlite_store: Store) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UTCDateTime().process_bind_param(datetime(2025, 1, 15, 10), sa.dialects.sqlite.dialect())
    with pytest.raises(sa.exc.StatementError, match="naive datetime"), sqlite_store.write() as session:
        session.add(Touchpoint(occurred_at=datetime(2025, 1, 15, 10)))
    with sqlite_store.session() as session:
        assert session.exec(select(Touchpoint)).all() == []


def test_timestamps_round_trip_as_aware_utc(store: Store) -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    when = datetime(2025, 1, 15, 15, 30, 0, 123456, tzinfo=india)
    with store.write() as session:
        tp = Touchpoint(occurred_at=when)
        session.add(tp)
        session.flush()
        tp_id = tp.id
    with store.session() as session:
        row = session.get(Touchpoint, tp_id)
        assert row is not None
        assert row.occurred_at == when
        assert row.occurred_at.utcoffset() == timedelta(0)
        assert row.occurred_at.isoformat() == "2025-01-15T10:00:00.123456+00:00"
        assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == timedelta(0)
        # Comparisons in SQL use the UTC instant on both backends.
        assert session.exec(
            select(Touchpoint.id).where(Touchpoint.occurred_at > datetime(2025, 1, 15, 9, 59, tzinfo=UTC))
        ).all() == [tp_id]
        assert (
            session.exec(
                select(Touchpoint.id).where(Touchpoint.occurred_at > datetime(2025, 1, 15, 10, 1, tzinfo=UTC))
            ).all()
            == []
        )


def test_a_failed_write_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.write() as session:
        session.add(person("Half Written"))
        session.flush()
        raise RuntimeError("crash half-way")
    with store.session() as session:
        assert session.exec(select(Stakeholder)).all() == []


def test_a_session_used_after_it_closed_refuses_instead_of_reopening(store: Store) -> None:
    """SQLAlchemy would reopen it: a read transaction no one ends, which on a shared PostgreSQL server
    holds its tables' locks until the process exits (issue 15). It fails at once instead."""
    with store.session() as reading:
        reading.execute(sa.text("SELECT 1"))
    with store.write() as writing:
        writing.execute(sa.text("SELECT 1"))
    for closed in (reading, writing):
        with pytest.raises(sa.exc.InvalidRequestError, match="permanently closed"):
            closed.execute(sa.select(Stakeholder.id))
