"""Schema migrations (PRODUCT.md §8): models match migrations, up and down, backups, newer schemas."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel, select

import db.models  # noqa: F401  (the tables on SQLModel.metadata)
import db.store
from db import migrate
from db.backup import recorded_backups
from db.engine import StoreError, create_engine, database_url
from db.models import Plan, Stakeholder
from db.store import open_store
from tests.conftest import Cli, pg_admin_url

FIRST = "0001"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path, worker_id: str) -> Iterator[str]:
    """A database with no tables at all, on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "empty.db")
        return
    admin = pg_admin_url()
    if admin is None:
        pytest.skip("no PostgreSQL server")
    name = f"stakeholders_migr_{worker_id}_{os.getpid()}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield sa.make_url(admin).set(database=name).render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def engine_for(url: str) -> sa.Engine:
    return create_engine(database_url(url))


def tables(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return migrate.current_revision(conn)


def model_diffs(engine: sa.Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_the_revisions_start_at_0001_and_form_one_line() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == FIRST and revisions[-1].down_revision is None
    assert len(script.get_heads()) == 1
    assert migrate.head_revision() == revisions[0].revision


def test_upgrade_from_base_builds_a_schema_that_matches_the_models(empty_url: str) -> None:
    engine = engine_for(empty_url)
    try:
        assert tables(engine) == set()
        migrate.upgrade(engine)
        assert revision(engine) == migrate.head_revision()
        assert set(SQLModel.metadata.tables) | {"alembic_version"} == tables(engine)
        assert model_diffs(engine) == []  # `alembic check`: nothing left to autogenerate
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(empty_url: str) -> None:
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert tables(engine) - {"alembic_version"} == set()
        assert revision(engine) is None
        migrate.upgrade(engine)
        assert revision(engine) == migrate.head_revision()
        assert model_diffs(engine) == []
    finally:
        engine.dispose()


def _fill(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        now = datetime(2026, 1, 15, 10, tzinfo=UTC)
        if engine.dialect.name == "sqlite":  # stored as naive UTC text there, as UTCDateTime does
            now = now.replace(tzinfo=None)
        conn.execute(
            sa.text(
                "INSERT INTO stakeholder (created_at, updated_at, name, name_key, email, email_key, influence, interest) "
                "VALUES (:t, :t, 'Dana Reyes', 'dana reyes', 'dana@example.com', 'dana@example.com', 4, 3)"
            ),
            {"t": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO plan (created_at, updated_at, name, name_key) "
                "VALUES (:t, :t, 'CX programme', 'cx programme')"
            ),
            {"t": now},
        )


def _assert_rows_survived(url: str) -> None:
    store = open_store(url)
    try:
        with store.session() as session:
            dana = session.exec(select(Stakeholder)).one()
            assert (dana.name, dana.email, dana.influence, dana.interest) == ("Dana Reyes", "dana@example.com", 4, 3)
            assert dana.created_at == datetime(2026, 1, 15, 10, tzinfo=UTC)
            assert session.exec(select(Plan.name)).all() == ["CX programme"]
        with store.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
    finally:
        store.close()


def test_a_database_from_the_first_revision_upgrades_and_keeps_every_row(empty_url: str, tmp_path: Path) -> None:
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, FIRST)
        _fill(engine)
    finally:
        engine.dispose()
    _assert_rows_survived(empty_url)
    backups = list(tmp_path.glob(f"*.before-upgrade-{FIRST}.bak"))
    if migrate.head_revision() == FIRST:
        assert backups == []  # already current: nothing to upgrade, no copy taken
    elif not empty_url.startswith("postgresql"):
        [copy] = backups
        assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600


def test_an_older_sqlite_database_is_copied_before_it_is_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    engine = engine_for(str(path))
    try:
        migrate.upgrade(engine, FIRST)
        _fill(engine)
    finally:
        engine.dispose()
    # Pretend a newer release is installed: the file, at 0001, is behind its head.
    monkeypatch.setattr(migrate, "head_revision", lambda: "0002")
    monkeypatch.setattr(db.store, "SCHEMA_HEAD", "0002")  # the fast open path's copy of the head
    open_store(path).close()
    [copy] = tmp_path.glob(f"old.db.*.before-upgrade-{FIRST}.bak")
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert recorded_backups(path) == [copy.resolve()]
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT name, email FROM stakeholder").fetchall() == [("Dana Reyes", "dana@example.com")]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(FIRST,)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        conn.close()
    monkeypatch.undo()
    _assert_rows_survived(str(path))


def _stamp(url: str, version: str) -> None:
    engine = engine_for(url)
    try:
        migrate.upgrade(engine)
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": version})
    finally:
        engine.dispose()


def test_a_database_from_a_newer_release_is_refused_clearly(empty_url: str, tmp_path: Path) -> None:
    _stamp(empty_url, "9999_future")
    newer = r"written by a newer stakeholders \(schema 9999_future\): upgrade stakeholders"
    with pytest.raises(StoreError, match=newer):
        open_store(empty_url)
    result = Cli(empty_url).fails(2, "list")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "newer stakeholders" in lines[0], result.stderr
    assert list(tmp_path.glob("*.bak")) == []  # refused before any copy or change
    engine = engine_for(empty_url)
    try:
        assert revision(engine) == "9999_future"
    finally:
        engine.dispose()


def test_a_database_with_tables_but_no_version_is_refused(tmp_path: Path) -> None:
    # Our tables without alembic_version: not recognisably ours, so never migrated over.
    path = tmp_path / "half.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("CREATE TABLE stakeholder (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a stakeholders database"):
        open_store(path)
