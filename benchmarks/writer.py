"""Bulk writes into a store: executemany through SQLAlchemy Core on SQLite, COPY on PostgreSQL.

Rows are plain tuples in the order of the column names given; each call is
one transaction, so a table is written in chunks that each commit.

On SQLite the rows go to the driver's executemany (`exec_driver_sql`) with
values already in their stored form: binding 5 million rows through the
column types costs ~35 µs a row, four times the insert itself. The stored
form is checked against the column types' own bind processors first, so
the file is the same as one the application wrote.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables in the metadata)
from db.store import Store

Row = tuple[Any, ...]


class Writer:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.tables = SQLModel.metadata.tables
        self.counts: dict[str, int] = {}
        self._engine = store.engine.execution_options(write=True)
        if store.backend == "sqlite":
            # A bulk load, not a live database: a big page cache, no fsync per commit.
            # The pool's connections were made before this listener, so drop them.
            check_sqlite_form(store)
            sa.event.listen(store.engine, "connect", _bulk_pragmas)
            store.engine.dispose()

    def insert(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        if not rows:
            return
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        if self.store.backend == "postgresql":
            self._copy(table, columns, rows)
            return
        names = ", ".join(f'"{c}"' for c in columns)
        statement = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        with self._engine.begin() as conn:
            conn.exec_driver_sql(statement, [tuple(map(_sqlite_value, row)) for row in rows])

    def _copy(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        raw = self.store.engine.raw_connection()
        try:
            conn = raw.driver_connection
            names = ", ".join(f'"{c}"' for c in columns)
            with conn.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:  # type: ignore[union-attr]
                for row in rows:
                    copy.write_row(row)
            conn.commit()  # type: ignore[union-attr]
        finally:
            raw.close()

    def finish(self) -> None:
        """Explicit ids were written: move PostgreSQL's sequences past them; refresh its statistics."""
        if self.store.backend != "postgresql":
            return
        with self._engine.begin() as conn:
            for name, table in self.tables.items():
                if "id" in table.c and table.c.id.primary_key:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                        f'COALESCE((SELECT max(id) FROM "{name}"), 0) + 1, false)'
                    )
        # Autovacuum would analyse a table this size within minutes; do it now so the
        # first measurement does not run on an unanalysed table.
        with self.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Naive UTC text, the form UTCDateTime stores on SQLite (checked in `check_sqlite_form`).
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, bool):
        return int(value)
    return value


def check_sqlite_form(store: Store) -> None:
    """Refuse to write if the stored form above ever drifts from what the column types bind."""
    dialect = store.engine.dialect
    sample = datetime(2026, 11, 22, 9, 5, 7, 123, tzinfo=UTC)
    column_type = SQLModel.metadata.tables["touchpoint"].c.occurred_at.type
    bind = column_type.dialect_impl(dialect).bind_processor(dialect)
    stored = bind(sample) if bind else sample
    if stored != _sqlite_value(sample):
        raise RuntimeError(f"generator writes {_sqlite_value(sample)!r}, the application {stored!r}")


def _bulk_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA cache_size = -400000")  # 400 MB
    cur.execute("PRAGMA synchronous = OFF")
    cur.close()
