"""`event list --json`'s items (§4): every event, whatever its status, soonest first, with its plan's
name and its audience's labels, in three queries.

The SQL and the assembly are written once, here, without SQLAlchemy: the store runs them through its
own connection (`stakeholders.views.event_items`), and the command runs them with the database's
driver alone (sqlite3, psycopg) on a database at the current schema (`read_event_list`). §9 measures
the command as a whole process against a script using that driver and the standard library; importing
SQLAlchemy, SQLModel and the models cost about as much as the listing's reads at 5,000 events.
"""

import os
from datetime import UTC, datetime
from typing import Any

from db.direct import read_directly

PLANS_SQL = "SELECT plan.id, plan.name FROM plan"
# Every live audience row with its person's or tag's name, in the table's order: each event's labels
# come out in the order they were added.
LABELS_SQL = """
SELECT ea.event_id, ea.division, ea.division_key, tag.name, stakeholder.name
  FROM event_audience AS ea
  LEFT OUTER JOIN tag ON tag.id = ea.tag_id
  LEFT OUTER JOIN stakeholder ON stakeholder.id = ea.stakeholder_id
 WHERE ea.frozen = false
 ORDER BY ea.id
"""
EVENTS_SQL = """
SELECT event.id, event.title, event.kind, event.starts_at, event.plan_id, event.version, event.status
  FROM event
 ORDER BY event.starts_at, event.title, event.id
"""


def utc_time(value: datetime | str | None) -> datetime | None:
    """A stored time as the store's type reads it: SQLite's naive UTC text, or PostgreSQL's timestamptz
    (psycopg gives it in the session's zone), as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def event_list_items(conn: Any) -> list[dict[str, Any]]:
    """The items, read through `conn`: anything with `execute(sql)` whose result has `fetchall()` (a
    DB-API connection, or the store's connection's `exec_driver_sql`)."""
    plans = dict(conn.execute(PLANS_SQL).fetchall())
    labels: dict[int, list[str]] = {}
    for event_id, division, division_key, tag, person in conn.execute(LABELS_SQL).fetchall():
        # The labels of stakeholders.events.audience_labels: a division, a tag, else the person.
        label = f"division:{division}" if division_key is not None else f"tag:{tag}" if tag is not None else person
        labels.setdefault(event_id, []).append(label)
    return [
        {
            "id": event_id,
            "title": title,
            "kind": kind,
            "starts_at": at.isoformat() if (at := utc_time(starts_at)) is not None else None,
            "plan": plans.get(plan_id),
            "version": version,
            "status": status,
            "audience": labels.get(event_id, []),
        }
        for event_id, title, kind, starts_at, plan_id, version, status in conn.execute(EVENTS_SQL).fetchall()
    ]


def read_event_list(target: str | os.PathLike[str] | None) -> list[dict[str, Any]] | None:
    """The items of the database `target` (`--db`) read with its driver alone, or None for the normal
    path: a target that is not a SQLite file of ours or a PostgreSQL URL, another schema, any error
    (the store then opens, upgrades or reports it)."""
    return read_directly(target, lambda conn, _: event_list_items(conn))
