"""What differs between SQLite and PostgreSQL, in one object.

The rules' statements are written once, in SQLAlchemy; the few places where the two backends need
different SQL (a list of ids bound as one parameter, byte-wise name order, times read as stored,
the join a planned call is read through) ask a `Backend`, never the dialect's name. Code above
`db/` gets one with `Backend.of(session)` and passes it down; nothing in `stakeholders/` or `tui/`
branches on the backend itself.
"""

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session


@dataclass(frozen=True)
class Backend:
    """The backend a statement is built for: SQLite unless `postgresql`."""

    postgresql: bool = False

    @staticmethod
    def of(session: Session) -> "Backend":
        return POSTGRESQL if session.get_bind().dialect.name == "postgresql" else SQLITE

    @property
    def sqlite(self) -> bool:
        return not self.postgresql

    def ids_value(self, ids: list[int]) -> Any:
        """The value of an `ids_parameter`: an integer array on PostgreSQL, a JSON array (text) on SQLite."""
        return ids if self.postgresql else json.dumps(ids)

    def ids_parameter(self, name: str | None = None, ids: list[int] | None = None) -> Any:
        """Ids bound as one parameter (`ids_value`): named to be bound at each run, or holding `ids`.
        An IN-list costs SQLAlchemy one bound parameter per value, named and rendered at every run,
        and SQLite caps their number."""
        value = None if ids is None else self.ids_value(ids)
        return sa.bindparam(name, value, type_=postgresql.ARRAY(sa.Integer) if self.postgresql else sa.String)

    def ids_table(self, parameter: Any) -> Any:
        """The ids of an `ids_parameter` as a table of one column, `value`: unnest on PostgreSQL,
        json_each on SQLite."""
        if self.postgresql:
            return sa.func.unnest(parameter).table_valued("value").render_derived()
        return sa.func.json_each(parameter).table_valued("value")

    def among(self, column: Any, ids: list[int]) -> Any:
        """`column IN ids` with the ids bound as one parameter."""
        parameter = self.ids_parameter(ids=ids)
        if self.postgresql:
            return column == sa.any_(parameter)
        return column.in_(sa.select(self.ids_table(parameter).c.value))

    def byte_order(self, column: Any) -> Any:
        """A text column ordered byte-wise, as Python compares strings: SQLite's default, COLLATE "C"
        on PostgreSQL (whose default collation depends on the server's locale)."""
        return column.collate("C") if self.postgresql else column

    def time_as_stored(self, expression: Any) -> Any:
        """A UTCDateTime expression read without its type's processing on SQLite, where it is stored
        as naive UTC text: `db.rule_queries.utc_from_stored` makes that an aware datetime for a fifth
        of the cost (the type's `replace(tzinfo=...)` alone takes ~1 µs a value on Python 3.11, and a
        10,000-person event reads 10,000 briefing times: ~15 ms). PostgreSQL returns datetimes,
        processed as usual."""
        return expression if self.postgresql else sa.type_coerce(expression, sa.String)

    def sqlite_connection(self, session: Session) -> sqlite3.Connection | None:
        """The session's own sqlite3 connection (same transaction), for the queries the first frame
        runs without SQLAlchemy (db/first_page.py); None on PostgreSQL."""
        if self.postgresql:
            return None
        driver = session.connection().connection.driver_connection
        return driver if isinstance(driver, sqlite3.Connection) else None

    def zero_freed_pages(self, session: Session) -> None:
        """From now on in this session, pages a delete frees are overwritten with zeros, not just
        unlinked (SQLite's secure_delete: `forget`). PostgreSQL has no such switch: `forget` vacuums."""
        if self.sqlite:
            session.execute(sa.text("PRAGMA secure_delete = ON"))

    @property
    def joins_a_grouped_cte(self) -> bool:
        """Whether a grouped CTE is best read through a join (PostgreSQL hashes it) rather than a
        correlated subquery (SQLite indexes the CTE for the subquery; a join would scan it per row)."""
        return self.postgresql


SQLITE = Backend(postgresql=False)
POSTGRESQL = Backend(postgresql=True)
