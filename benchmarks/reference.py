"""The hand-written reference for `surprises`: one SQL query, run with the sqlite3 module.

It computes the surprised set of §3.2 for a planned event (its live audience:
people and tags, archived excluded): each audience member whose latest held
briefing on the plan before the event's start is missing (`never-briefed`)
or on an older version (`outdated-version`). It is what a person would write
by hand for that one question, with none of the rule's other work (at-risk
reasons, planned calls, ordering, objects).

It is written the way someone who knows SQLite would write it for this data:
the plan's touchpoints first (CROSS JOIN fixes the join order; `+` keeps the
audience test out of the attendee index), so it needs no statistics. The
first, naive form (a LEFT JOIN on the window) took minutes on this data:
SQLite found no index for the join.
"""

import re
import sqlite3
from typing import Any

SURPRISED_SQL = """
WITH audience(id) AS MATERIALIZED (
    SELECT s.id FROM stakeholder AS s
     WHERE s.archived_at IS NULL AND s.id IN (
           SELECT ea.stakeholder_id FROM event_audience AS ea
            WHERE ea.event_id = :event AND ea.frozen = 0 AND ea.stakeholder_id IS NOT NULL
           UNION
           SELECT st.stakeholder_id FROM stakeholder_tag AS st
             JOIN event_audience AS ea ON ea.tag_id = st.tag_id
            WHERE ea.event_id = :event AND ea.frozen = 0)
),
briefing AS MATERIALIZED (
    SELECT ta.stakeholder_id AS id, t.version,
           row_number() OVER (PARTITION BY ta.stakeholder_id
                              ORDER BY t.occurred_at DESC, t.version DESC, t.id DESC) AS latest
      FROM touchpoint AS t CROSS JOIN touchpoint_attendee AS ta ON ta.touchpoint_id = t.id
     WHERE t.plan_id = :plan AND t.status = 'held' AND t.version IS NOT NULL
       AND t.occurred_at < :starts_at AND +ta.stakeholder_id IN (SELECT id FROM audience)
)
SELECT id, 'never-briefed' FROM audience WHERE id NOT IN (SELECT id FROM briefing)
UNION ALL
SELECT id, 'outdated-version' FROM briefing WHERE latest = 1 AND version < :version
"""


# The same query for PostgreSQL, run with psycopg: booleans are booleans there, parameters are
# %(name)s, and the planner needs no steering (CROSS JOIN … ON is not PostgreSQL syntax; unary `+`
# is harmless but kept out for clarity).
SURPRISED_SQL_PG = re.sub(r":(event|plan|starts_at|version)\b", r"%(\1)s", SURPRISED_SQL
                          .replace("ea.frozen = 0", "ea.frozen = false")
                          .replace("CROSS JOIN touchpoint_attendee AS ta ON", "JOIN touchpoint_attendee AS ta ON")
                          .replace("+ta.stakeholder_id", "ta.stakeholder_id"))


def is_postgresql(target: str) -> bool:
    return target.startswith("postgresql")


def connect(target: str) -> Any:
    """A read-only sqlite3 connection to the file, or a psycopg connection to the URL."""
    if is_postgresql(target):
        import psycopg

        return psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True)


def surprised_sql(conn: Any) -> str:
    return SURPRISED_SQL if isinstance(conn, sqlite3.Connection) else SURPRISED_SQL_PG


def event_parameters(conn: Any, event_id: int) -> dict[str, object]:
    marker = "?" if isinstance(conn, sqlite3.Connection) else "%s"
    plan, version, starts_at = conn.execute(
        f"SELECT plan_id, version, starts_at FROM event WHERE id = {marker}", (event_id,)).fetchone()
    return {"event": event_id, "plan": plan, "version": version, "starts_at": starts_at}


def surprised(conn: Any, event_id: int) -> dict[int, str]:
    """{stakeholder id: reason} of the event's surprised audience members."""
    return dict(conn.execute(surprised_sql(conn), event_parameters(conn, event_id)).fetchall())
