"""The set-based reads and writes an address-book import needs (PRODUCT.md §5, §9): everyone a file
can match, in one query; the first stored spelling of each division; new people inserted in bulk.

The file's e-mails and names are bound as one parameter each (a JSON array read by json_each on
SQLite, a text array on PostgreSQL), not as an IN-list: a 50,000-row file would otherwise cost
100,000 bound parameters, past SQLite's limit, and SQLAlchemy would name and render each of them.
"""

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from db.backend import Backend
from db.models import Stakeholder, StakeholderTag


def _among(backend: Backend, column: Any, values: list[str]) -> Any:
    """`column IN values`, the values bound as one parameter."""
    if backend.postgresql:
        return column == sa.any_(sa.bindparam(None, values, type_=postgresql.ARRAY(sa.Text)))
    array = sa.bindparam(None, json.dumps(values, ensure_ascii=False), type_=sa.String)
    return column.in_(sa.select(sa.func.json_each(array).table_valued("value").c.value))


def people_matching(session: Session, emails: list[str], names: list[str], columns: list[str]) -> list[dict[str, Any]]:
    """The stakeholders whose e-mail key is among `emails` or whose name key is among `names` (both
    lower-cased), archived included, as dicts of `id`, `email_key`, `name_key`, `division_key` and
    `columns`."""
    if not emails and not names:
        return []
    backend = Backend.of(session)
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    wanted = [s.id, s.email_key, s.name_key, s.division_key, *(s[name] for name in columns)]
    matches = []
    if emails:
        matches.append(_among(backend, s.email_key, emails))
    if names:
        matches.append(_among(backend, s.name_key, names))
    result = session.execute(sa.select(*wanted).where(sa.or_(*matches)).order_by(s.id))
    keys = list(result.keys())  # once: a Row's own mapping builds its keys again for every row
    return [dict(zip(keys, row, strict=True)) for row in result]


def insert_people(session: Session, values: list[dict[str, Any]]) -> list[int]:
    """Insert new stakeholders (every column but `id` in each dict, the same keys in all), in bulk;
    their ids, in the order given.

    On SQLite an INSERT … RETURNING that must keep the rows' order runs one row per statement (SQLite
    does not promise RETURNING's order), ~0.2 ms a row. Instead: one executemany, and the ids read off
    the table, because inside this write transaction SQLite gives each new row the largest rowid so
    far plus one (checked: a gap refuses the import, nothing is written). PostgreSQL keeps the order
    of a multi-row INSERT … RETURNING, batched."""
    if not values:
        return []
    table = Stakeholder.__table__  # type: ignore[attr-defined]
    if Backend.of(session).postgresql:
        statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, values).scalars())
    before = session.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    bulk_insert(session, table, values)
    after, count = session.execute(sa.select(sa.func.max(table.c.id), sa.func.count()).where(table.c.id > before)).one()
    if after != before + len(values) or count != len(values):
        raise RuntimeError(f"new stakeholder ids are not {before + 1}..{before + len(values)}: import stopped")
    return list(range(before + 1, before + len(values) + 1))


def bulk_insert(session: Session, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """INSERT the rows (dicts with the same keys) by one driver-level executemany.

    SQLAlchemy's executemany builds and type-processes every row's parameters (~0.1 ms a row, most of
    it turning the same `now` into the stored text again and again); here each column's bind processor
    runs once per distinct value, and the driver gets plain tuples."""
    if not rows:
        return
    columns = list(rows[0])
    dialect = session.get_bind().dialect
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in columns]
    seen: list[dict[Any, Any]] = [{} for _ in columns]

    def stored(i: int, value: Any) -> Any:
        processor = processors[i]
        if processor is None or value is None:
            return value
        try:
            return seen[i][value]
        except KeyError:
            seen[i][value] = done = processor(value)
            return done
        except TypeError:  # unhashable: processed each time
            return processor(value)

    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
        f"VALUES ({', '.join(marker for _ in columns)})"
    )
    session.connection().exec_driver_sql(
        sql, [tuple(stored(i, row[name]) for i, name in enumerate(columns)) for row in rows]
    )


def first_division_spellings(session: Session) -> dict[str, str]:
    """Each division key with its spelling first stored (§2: the spelling first stored is kept)."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    first = (
        sa.select(s.division_key, sa.func.min(s.id).label("id"))
        .where(s.division_key.is_not(None))
        .group_by(s.division_key)
        .subquery()
    )
    rows = session.execute(sa.select(s.division_key, s.division).join(first, first.c.id == s.id))
    return {key: spelling for key, spelling in rows}


def tag_links(session: Session, person_ids: list[int]) -> dict[int, set[int]]:
    """The tag ids each of these people already has."""
    found: dict[int, set[int]] = {pid: set() for pid in person_ids}
    if not person_ids:
        return found
    backend = Backend.of(session)
    t = StakeholderTag.__table__.c  # type: ignore[attr-defined]
    for person_id, tag_id in session.execute(
        sa.select(t.stakeholder_id, t.tag_id).where(backend.among(t.stakeholder_id, person_ids))
    ):
        found[person_id].add(tag_id)
    return found
