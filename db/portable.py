"""`dump` and `load`: every record as portable JSON lines, table by table.

The same file moves a lead's SQLite database to the team's PostgreSQL (and
back), and is the backup format on PostgreSQL. Ids are kept, so references
stay intact; sequences are moved past them afterwards on PostgreSQL.
"""

import enum
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables)
from db.engine import StoreError
from db.migrate import head_revision
from db.types import UTCDateTime

FORMAT = "stakeholders-dump"
BATCH = 2000


def tables() -> list[sa.Table]:
    return list(SQLModel.metadata.sorted_tables)


def stored_columns(table: sa.Table) -> list[sa.Column[Any]]:
    """The columns a dump holds: not the copies database triggers keep (`db.models.DERIVED`)."""
    return [c for c in table.columns if not c.info.get("derived")]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def dump(conn: sa.Connection, out: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    out.write(json.dumps({"format": FORMAT, "schema": head_revision()}) + "\n")
    for table in tables():
        counts[table.name] = 0
        order = list(table.primary_key.columns)
        for row in conn.execute(sa.select(*stored_columns(table)).order_by(*order)).mappings():
            out.write(
                json.dumps({"table": table.name, "row": {k: _encode(v) for k, v in row.items()}}, ensure_ascii=False)
                + "\n"
            )
            counts[table.name] += 1
    return counts


class DumpError(StoreError):
    """A `load` file that is not a whole, well-formed dump: the message names the line."""


def _refuse(number: int, why: str) -> DumpError:
    return DumpError(f"line {number} {why}: nothing was loaded; is this a `stakeholders dump` file?")


def _column_reader(table: sa.Table, column: sa.Column[Any]) -> Callable[[int, Any], Any]:
    """A function (line number, JSON value) -> the value to insert, refusing what the column cannot hold.

    Checked here, line by line, so that a malformed dump is refused with its
    line named before anything is inserted, on either backend (SQLite would
    store a string in an integer column; PostgreSQL's ids are 32-bit).
    """
    where = f"{table.name}.{column.name}"
    required = not column.nullable

    def absent(number: int) -> None:
        if required:
            raise _refuse(number, f"has no value for {where}, which needs one")

    if isinstance(column.type, UTCDateTime):

        def read(number: int, value: Any) -> Any:
            if value is None:
                return absent(number)
            if not isinstance(value, str):
                raise _refuse(number, f"has {type(value).__name__} for {where}, a time (an ISO 8601 string)")
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                raise _refuse(number, f"has {value[:40]!r} for {where}, which is no ISO 8601 time") from None

        return read
    if isinstance(column.type, sa.Enum) and column.type.enum_class is not None:
        cls = column.type.enum_class

        def read_enum(number: int, value: Any) -> Any:
            if value is None:
                return absent(number)
            try:
                return cls(value)
            except (ValueError, TypeError):
                allowed = ", ".join(str(member.value) for member in cls)
                raise _refuse(number, f"has {str(value)[:40]!r} for {where}, which is one of {allowed}") from None

        return read_enum
    python_type = _python_type(column)

    def read_plain(number: int, value: Any) -> Any:
        if value is None:
            return absent(number)
        if python_type is int:
            if type(value) is not int or not INT_MIN <= value <= INT_MAX:
                raise _refuse(number, f"has {str(value)[:40]!r} for {where}, a whole number of 32 bits")
        elif python_type is bool:
            if type(value) is not bool:
                raise _refuse(number, f"has {str(value)[:40]!r} for {where}, true or false")
        elif python_type is str:
            if not isinstance(value, str):
                raise _refuse(number, f"has {type(value).__name__} for {where}, a text")
            if any("\ud800" <= ch <= "\udfff" for ch in value):  # JSON may spell one: "\\udcff"
                raise _refuse(number, f"has a broken character (a lone surrogate) in {where}")
        return value

    return read_plain


def _python_type(column: sa.Column[Any]) -> type:
    kind = column.type
    if isinstance(kind, sa.types.TypeDecorator):  # SQLModel's AutoString is a String underneath
        kind = kind.impl_instance
    if isinstance(kind, sa.Boolean):
        return bool
    if isinstance(kind, sa.Integer):
        return int
    if isinstance(kind, sa.String):
        return str
    return object


# Ids and numbers are 32-bit integers on PostgreSQL: a dump holding more cannot be loaded there.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def read_lines(lines: IO[str] | IO[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The non-blank lines as JSON objects; a line that is not UTF-8, not JSON or not an object is refused."""
    for number, raw in enumerate(lines, 1):
        try:
            line: str = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        except UnicodeDecodeError:
            raise _refuse(number, "is not UTF-8 text") from None
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _refuse(number, f"is not JSON ({exc.msg})") from None
        except (ValueError, RecursionError):  # a number of more than 4,300 digits; nesting thousands deep
            raise _refuse(number, "is not JSON a dump holds") from None
        if not isinstance(record, dict):
            raise _refuse(number, f"is a JSON {type(record).__name__}, not a record")
        yield number, record


def load(conn: sa.Connection, lines: IO[str] | IO[bytes]) -> dict[str, int]:
    """Insert a dump into an empty database, inside the caller's transaction.

    Every line is read and checked before the first insert: a malformed dump
    is refused with its line named, and nothing is written.
    """
    by_name = {t.name: t for t in tables()}
    for table in tables():
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            raise StoreError("load needs an empty database: this one already holds records")
    records = read_lines(lines)
    first = next(records, None)
    if first is None or first[1].get("format") != FORMAT:
        raise StoreError("not a `stakeholders dump` file (no header line): nothing was loaded")
    schema = first[1].get("schema")
    if schema is not None and schema not in _known_revisions():
        raise DumpError(
            f"the dump was written by a newer stakeholders (schema {str(schema)[:40]!r}): "
            "upgrade stakeholders, then load it; nothing was loaded"
        )
    pending: dict[str, list[dict[str, Any]]] = {}
    counts: dict[str, int] = {}
    readers = {name: {c.name: _column_reader(t, c) for c in stored_columns(t)} for name, t in by_name.items()}
    derived = {name: {c.name for c in t.columns} - {c.name for c in stored_columns(t)} for name, t in by_name.items()}
    for number, record in records:
        name, row = record.get("table"), record.get("row")
        if not isinstance(name, str) or name not in by_name:
            raise _refuse(number, f"names no table of ours ({str(name)[:40]!r})")
        if not isinstance(row, dict):
            raise _refuse(number, "has no row object")
        read, copies = readers[name], derived[name]
        unknown = [key for key in row if key not in read and key not in copies]
        if unknown:
            raise _refuse(number, f"has a column {name} does not have ({str(unknown[0])[:40]!r})")
        values: dict[str, Any] = {}
        for key, reader in read.items():
            # A missing column is left to its default; a derived copy in the file is left to the triggers.
            if key in row or (not by_name[name].columns[key].nullable and not _has_default(by_name[name], key)):
                values[key] = reader(number, row.get(key))
        pending.setdefault(name, []).append(values)
    # Parents before children, whatever order the file had.
    for table in tables():
        rows = pending.get(table.name, [])
        for start in range(0, len(rows), BATCH):
            conn.execute(table.insert(), rows[start : start + BATCH])
        counts[table.name] = len(rows)
    if conn.dialect.name == "postgresql":
        for table in tables():
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement and isinstance(pk[0].type, sa.Integer):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                )
    return counts


def _has_default(table: sa.Table, key: str) -> bool:
    column = table.columns[key]
    autoincrement = column.primary_key and len(table.primary_key.columns) == 1 and isinstance(column.type, sa.Integer)
    return column.default is not None or column.server_default is not None or autoincrement


def _known_revisions() -> set[str]:
    from db.migrate import ScriptDirectory, alembic_config

    return {revision.revision for revision in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
