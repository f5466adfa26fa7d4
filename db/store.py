"""Opening the database: checks, migration on open, sessions for reading and writing."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from db.engine import StoreError, create_engine, database_url, sqlite_path

SQLITE_MAGIC = b"SQLite format 3\x00"
# The newest migration's revision; tests/store checks it matches db/migrations.
SCHEMA_HEAD = "0002"


class Store:
    """One database: an engine plus the two kinds of session the code uses."""

    def __init__(self, engine: sa.Engine, url: sa.URL) -> None:
        self.engine = engine
        self.url = url
        self._write_engine = engine.execution_options(write=True)

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def describe(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        """A session for reading (and for tests that manage their own commits)."""
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One all-or-nothing write transaction; on SQLite it holds the write lock from the start."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_store(target: str | Path | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (creating and migrating when needed) the database at `target`."""
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
    engine = create_engine(url)
    store = Store(engine, url)
    try:
        if migrate_schema:
            _migrate_on_open(store)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot open database {store.describe()}: {reason}") from None
    except BaseException:
        engine.dispose()
        raise
    return store


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not ours before SQLite touches it (WAL would rewrite its header)."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory: give --db a database file path")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a SQLite database: point --db at a stakeholders database "
            "or a new file name"
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            ok = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged ({exc}): restore it from a backup") from None
    if ok != "ok":
        # quick_check reports one problem per line; the error stays on one.
        raise StoreError(f"{path} is damaged ({' '.join(ok.split())}): restore it from a backup")
    if tables and "alembic_version" not in tables:
        raise StoreError(
            f"{path} is another program's database: point --db at a stakeholders database "
            "or a new file name"
        )


def _stamped_revision(conn: sa.Connection) -> str | None:
    """The schema revision recorded in the database, read without loading Alembic."""
    try:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        conn.rollback()
        return None


def _migrate_on_open(store: Store) -> None:
    # Fast path for every command: an up-to-date database costs one query and
    # no Alembic import (Alembic adds ~150 ms to process start).
    with store.engine.connect() as conn:
        if _stamped_revision(conn) == SCHEMA_HEAD:
            return
    from db import backup, migrate

    head = migrate.head_revision()
    with store.engine.connect() as conn:
        current = migrate.current_revision(conn)
        tables = set(sa.inspect(conn).get_table_names())
    if current == head:
        return
    if current is None and tables - {"alembic_version"}:
        raise StoreError(
            f"{store.describe()} holds tables that are not a stakeholders database: "
            "point --db at an empty database"
        )
    if current is not None:
        known = {rev.revision for rev in migrate.ScriptDirectory.from_config(
            migrate.alembic_config()).walk_revisions()}
        if current not in known:
            raise StoreError(
                f"{store.describe()} was written by a newer stakeholders (schema {current}): "
                "upgrade stakeholders"
            )
        backup.backup_before_migration(store, current)
    migrate.upgrade(store.engine)
