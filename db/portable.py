"""`dump` and `load`: every record as portable JSON lines, table by table.

The same file moves a lead's SQLite database to the team's PostgreSQL (and
back), and is the backup format on PostgreSQL. Ids are kept, so references
stay intact; sequences are moved past them afterwards on PostgreSQL.
"""

import enum
import json
from collections.abc import Iterator
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
            out.write(json.dumps({"table": table.name, "row": {k: _encode(v) for k, v in row.items()}},
                                 ensure_ascii=False) + "\n")
            counts[table.name] += 1
    return counts


def _decoder(table: sa.Table) -> dict[str, Any]:
    decoders: dict[str, Any] = {}
    for column in table.columns:
        if isinstance(column.type, UTCDateTime):
            decoders[column.name] = lambda v: datetime.fromisoformat(v) if v is not None else None
        elif isinstance(column.type, sa.Enum) and column.type.enum_class is not None:
            cls = column.type.enum_class
            decoders[column.name] = lambda v, cls=cls: cls(v) if v is not None else None
    return decoders


def read_lines(lines: IO[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise StoreError(f"line {number} is not JSON ({exc.msg}): is this a `stakeholders dump` file?") from None


def load(conn: sa.Connection, lines: IO[str]) -> dict[str, int]:
    """Insert a dump into an empty database, inside the caller's transaction."""
    by_name = {t.name: t for t in tables()}
    for table in tables():
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            raise StoreError("load needs an empty database: this one already holds records")
    records = read_lines(lines)
    first = next(records, None)
    if first is None or first[1].get("format") != FORMAT:
        raise StoreError("not a `stakeholders dump` file (no header line): nothing was loaded")
    pending: dict[str, list[dict[str, Any]]] = {}
    counts: dict[str, int] = {}
    decoders = {name: _decoder(t) for name, t in by_name.items()}
    derived = {name: {c.name for c in t.columns} - {c.name for c in stored_columns(t)} for name, t in by_name.items()}
    for number, record in records:
        name, row = record.get("table"), record.get("row")
        if name not in by_name or not isinstance(row, dict):
            raise StoreError(f"line {number}: unknown record: nothing was loaded")
        decode, copies = decoders[name], derived[name]  # type: ignore[index]
        # A derived copy in the file (written by hand, say) is left to the triggers to fill.
        pending.setdefault(name, []).append({k: decode[k](v) if k in decode else v  # type: ignore[arg-type]
                                             for k, v in row.items() if k not in copies})
    # Parents before children, whatever order the file had.
    for table in tables():
        rows = pending.get(table.name, [])
        for start in range(0, len(rows), BATCH):
            conn.execute(table.insert(), rows[start:start + BATCH])
        counts[table.name] = len(rows)
    if conn.dialect.name == "postgresql":
        for table in tables():
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement and isinstance(pk[0].type, sa.Integer):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)")
    return counts
