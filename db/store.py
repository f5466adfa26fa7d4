"""Opening the database: checks, migration on open, sessions for reading and writing."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from db.engine import DamagedDatabase, StoreError, create_engine, database_url, sqlite_path
from db.schema import OUR_TABLES, SCHEMA_HEAD, SQLITE_MAGIC


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
        return Session(self.engine, expire_on_commit=False, close_resets_only=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One all-or-nothing write transaction; on SQLite it holds the write lock from the start."""
        with Session(self._write_engine, expire_on_commit=False, close_resets_only=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def verify(self) -> None:
        """Read every page (SQLite's quick_check) before a command that copies or rewrites the whole file."""
        if self.path is None:
            return  # PostgreSQL checksums and repairs are the server's business
        raw = self.engine.raw_connection()
        try:
            problem = _quick_check(raw.driver_connection)  # type: ignore[arg-type]
        except sqlite3.DatabaseError as exc:
            problem = str(exc)
        finally:
            raw.close()
        if problem is not None:
            raise damaged(self.path, problem)

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
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        if path is None:
            raise
        raise damaged(path, str(exc.orig).splitlines()[0] if exc.orig else exc) from None
    except BaseException:
        engine.dispose()
        raise
    return store


def _check_sqlite_file(path: Path, *, full: bool = False) -> None:
    """Refuse a file that is not ours before SQLite touches it (WAL would rewrite its header).

    Every open costs a header read and one read of the schema (page 1 and the
    schema's own pages), whatever the file's size: SQLite itself refuses a
    truncated file or a broken schema there. Damage deeper in the file is
    found when a page is read (the CLI turns SQLite's "malformed" into a
    one-line error, and the transaction rolls back), or up front by `full`, a
    quick_check that reads every page: for the commands that copy, rewrite or
    replace the whole file (backup, restore, dump, forget, an upgrade).
    """
    if path.is_dir():
        raise StoreError(f"{path} is a directory: give --db a database file path")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a SQLite database: point --db at a stakeholders database or a new file name")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if OUR_TABLES <= tables:  # their root pages: cheap, and enough to refuse before WAL mode is set
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
                conn.execute("SELECT id FROM stakeholder LIMIT 1").fetchall()
            problem = _quick_check(conn) if full else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None
    if problem is not None:
        raise damaged(path, problem)
    if tables and not OUR_TABLES <= tables:
        raise StoreError(
            f"{path} is another program's database: point --db at a stakeholders database or a new file name"
        )


def _quick_check(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick_check (every page read, indexes not compared): None if ok, else its first report."""
    result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    return None if result == "ok" else " ".join(str(result).split())  # one problem per line; keep one line


def damaged(path: Path | str, reason: object) -> DamagedDatabase:
    """The one-line error for a file SQLite cannot read."""
    return DamagedDatabase(
        f"{path} is damaged ({reason}): nothing was written; restore it from a backup (`stakeholders restore FILE`)"
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
    # Under the write lock: another program opening the same old database waits
    # here, then finds it upgraded (and backed up once, not once per program).
    with migrate.locked(store.engine) as conn:
        current = migrate.current_revision(conn)
        if current == head:
            return
        tables = set(sa.inspect(conn).get_table_names())
        if current is None and tables - {"alembic_version"}:
            raise StoreError(
                f"{store.describe()} holds tables that are not a stakeholders database: point --db at an empty database"
            )
        if current is not None:
            known = {
                rev.revision for rev in migrate.ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()
            }
            if current not in known:
                raise StoreError(
                    f"{store.describe()} was written by a newer stakeholders (schema {current}): upgrade stakeholders"
                )
            store.verify()  # an upgrade rewrites tables: never on top of damage
            backup.backup_before_migration(store, current)
        migrate.upgrade_on(conn)
