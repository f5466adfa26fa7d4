"""A database read with its driver alone (sqlite3 or psycopg), without SQLAlchemy: the one place outside
the store that knows how the two drivers differ.

§9 measures some whole commands (`brief EVENT-ID`, `event list`) against a script that uses the
database's driver and the standard library; importing SQLAlchemy, SQLModel and the models costs more
than their reads. Such a command reads through `read_directly`, and when that gives None (not a SQLite
file of ours, another schema, a server that does not answer, any driver error) it takes the store's
path, which opens, upgrades or reports the database. Nothing here may import SQLAlchemy.
"""

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from db.first_page import read_only, sqlite_file, stored
from db.schema import SCHEMA_HEAD

T = TypeVar("T")

POSTGRESQL_SCHEMES = ("postgresql://", "postgresql+psycopg://")
CONNECT_TIMEOUT_S = 10
"""A PostgreSQL server that does not answer is the store's to report: the direct attempt waits at most this."""


def _stored_time(value: str | None) -> datetime | None:
    """A time as SQLite stores it (naive UTC text), aware, as the store's type reads it."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _utc(value: datetime | None) -> datetime | None:
    """A timestamptz in UTC, as the store's type reads it (psycopg gives the session's zone)."""
    return None if value is None else value.astimezone(UTC)


@dataclass(frozen=True)
class Driver:
    """What differs between the two drivers: how a list of ids and a time are bound, how a time reads back."""

    dialect: str  # "sqlite" or "postgresql", as SQLAlchemy names them (generated SQL is kept per dialect)
    ids: Callable[[list[int]], Any]  # a list of ids as one parameter (SQLite: a JSON array for json_each)
    time_in: Callable[[datetime], Any]
    time_out: Callable[[Any], Any]  # an aware UTC datetime, or None

    def pick(self, **by_dialect: T) -> T:
        """The one of `by_dialect` (sqlite=…, postgresql=…) written for this driver's dialect."""
        return by_dialect[self.dialect]


SQLITE = Driver("sqlite", json.dumps, stored, _stored_time)
POSTGRESQL = Driver("postgresql", list, lambda at: at, _utc)


def read_directly(target: str | os.PathLike[str] | None, read: Callable[[Any, Driver], T | None]) -> T | None:
    """`read(connection, driver)` in one read transaction on the `--db` target with its driver alone, or
    None for the store's path: a target that is neither a SQLite file of ours at the current schema nor
    a PostgreSQL database at it, or any error of the driver's or of a value read (ValueError)."""
    text = os.fspath(target) if target is not None else None
    if text is not None and text.startswith(POSTGRESQL_SCHEMES):
        return _read_postgresql(text, read)
    path = sqlite_file(target)
    if path is None:
        return None
    try:
        with read_only(path) as conn:
            conn.execute("BEGIN")  # one snapshot for every read, as a store session's transaction
            return read(conn, SQLITE)
    except (sqlite3.Error, ValueError):
        return None


def _read_postgresql(url: str, read: Callable[[Any, Driver], T | None]) -> T | None:
    try:
        import psycopg
        from psycopg.conninfo import make_conninfo
    except ImportError:  # pragma: no cover - psycopg ships with stakeholders
        return None
    conninfo = "postgresql://" + url.split("://", 1)[1]  # libpq reads the URL without SQLAlchemy's driver suffix
    try:
        if "connect_timeout=" not in conninfo:
            conninfo = make_conninfo(conninfo, connect_timeout=CONNECT_TIMEOUT_S)
        with psycopg.connect(conninfo) as conn:  # one transaction for every read
            if conn.execute("SELECT version_num FROM alembic_version").fetchall() != [(SCHEMA_HEAD,)]:
                return None  # another schema: the store upgrades it, or says why it cannot
            return read(conn, POSTGRESQL)
    except (psycopg.Error, ValueError):
        return None
