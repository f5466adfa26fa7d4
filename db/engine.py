"""Engines: from a path or URL, with SQLite set up for two writers at once."""

import os
import re
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from db.paths import default_database_path

# The URL kinds we ship a driver for; plain postgresql:// is read as postgresql+psycopg.
SUPPORTED_DRIVERS = frozenset({"sqlite", "sqlite+pysqlite", "postgresql+psycopg"})
# Long enough that a writer waits out a colleague's import instead of failing.
BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """A database that cannot be used; the message says what to do."""


class DamagedDatabase(StoreError):
    """A SQLite file whose pages SQLite cannot read: a failure at run time, not bad input."""

    exit_code = 1


def database_url(target: str | os.PathLike[str] | None) -> sa.URL:
    """`--db` value (file path or SQLAlchemy URL) to a URL; None is the default file."""
    if target is None:
        target = default_database_path()
    text = os.fspath(target)
    if not text.strip():
        raise StoreError("the database path is empty: give --db a file name or a URL, or leave it out")
    if "\x00" in text:
        raise StoreError("the database path holds a NUL character: give --db a file name or a URL")
    if "://" in text:
        try:
            url = make_url(text)
        except (sa.exc.ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
            shown = re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", text)  # never echo a password
            raise StoreError(
                f"cannot read database URL {shown!r} ({exc}): write it like postgresql+psycopg://user@host:5432/dbname"
            ) from None
        if url.drivername == "postgresql":
            # psycopg 3 is the driver we ship; plain postgresql:// would look for psycopg2.
            url = url.set(drivername="postgresql+psycopg")
        if url.drivername not in SUPPORTED_DRIVERS:  # SQLAlchemy would fail on a missing plugin or driver module
            shown = re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", text)
            raise StoreError(
                f"database URL {shown!r} is of a kind not supported ({url.drivername}): use a SQLite "
                "file path (or sqlite:///PATH) or postgresql://user@host:5432/dbname"
            )
        return url
    return sa.URL.create("sqlite", database=str(Path(text).expanduser()))


def sqlite_path(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def prepare_sqlite_file(path: Path) -> None:
    """Create the directory and an empty owner-only file before SQLite opens it.

    SQLite creates its -wal and -shm files with the main file's permissions,
    so making the main file 0600 first keeps every file private.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)


def create_engine(url: sa.URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: sa.URL) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        prepare_sqlite_file(path)
    engine = sa.create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Take transaction control from pysqlite so BEGIN is ours to issue.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if path is not None:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # A write transaction takes the write lock up front (IMMEDIATE), so
        # two writers queue on the busy timeout instead of one of them
        # failing with "database is locked" when it upgrades a read lock.
        if conn.get_execution_options().get("write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine
