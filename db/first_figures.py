"""The dashboard's figures, read with the sqlite3 module alone, before the store opens.

§9: from process start until the dashboard shows its figures (the next events'
surprise counts, the call list) within 2× of a minimal Textual app. Importing
SQLAlchemy and SQLModel alone takes longer than that whole app, so on a SQLite
file that is ours and current (`db.first_page.sqlite_file`) the bare command
reads the figures here, in a thread while Textual is imported, and the first
frame shows them; the store opens behind it and the dashboard reads everything
again through the rules.

The SQL is generated from the rules' own statements (db/first_frame_sql.py, from
db/surprise_statement.py: §3.2 for each of the next events, the surprised as one JSON
array), not restated: §3.5's head is those people, each under the soonest event that
flags them. tests/tui/test_first_figures.py checks the answers equal the rules' on the
same data. Anything unexpected gives None and the normal path.

The records are named tuples, not dataclasses: the figures may be read in a
child process (tui/opening.py, ReadAhead) and tuples pickle ~10x faster.
"""

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from db.first_frame_sql import FIGURES_SQL
from db.first_page import read_only, stored
from db.reasons import Reason, reasons_of


class EventFigures(NamedTuple):
    id: int
    title: str
    starts_at: datetime
    plan_id: int
    plan: str
    version: int
    surprised: int
    at_risk: int


class Surprised(NamedTuple):
    """One surprised audience member: what the call list shows of them (the fields `words.reasons` reads).
    Times stay as stored until asked for: a call list's head is thousands of people, a panel shows a dozen."""

    id: int
    name: str
    influence: int
    interest: int
    name_key: str
    reasons: list[Reason]
    last_briefed_version: int | None
    briefed_text: str | None
    planned_text: str | None

    @property
    def last_briefed_at(self) -> datetime | None:
        return as_time(self.briefed_text)

    @property
    def planned_at(self) -> datetime | None:
        return as_time(self.planned_text)


class FirstFigures(NamedTuple):
    now: datetime
    events: list[EventFigures]
    """The next events, soonest first (§3.2's order), at most the number asked for."""
    calls: list[tuple[EventFigures, list[Surprised]]]
    """The head of the call list: each event's newly surprised people, in base order
    (influence, interest, name, id); `influence_order` still has to apply `links`."""
    links: set[tuple[int, int]]
    """(influencer, influenced) among the people in `calls`."""


EVENTS_SQL = """
SELECT e.id, e.title, e.starts_at, e.plan_id, p.name, e.version
  FROM event AS e JOIN plan AS p ON p.id = e.plan_id
 WHERE e.status = 'planned' AND e.starts_at >= ?
"""

# The links into the listed people, by the influenced side's index (`json_each` passes thousands of
# ids without a bound parameter each).
LINKS_SQL = """
SELECT l.influencer_id, l.influenced_id FROM json_each(?) AS listed
  JOIN influence_link AS l ON l.influenced_id = listed.value
"""


def as_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def read_first_figures(path: Path, now: datetime, *, events: int, stale_days: int) -> FirstFigures | None:
    """The next `events` events with their counts and the call list's head, as of `now`; None on any error."""
    try:
        with read_only(path) as conn:
            return _read(conn, now, events, stale_days)
    except (sqlite3.Error, ValueError):
        return None


def _read(conn: sqlite3.Connection, now: datetime, count: int, stale_days: int) -> FirstFigures:
    upcoming = conn.execute(EVENTS_SQL, (stored(now),)).fetchall()
    # §3.2's order (stakeholders.rules.surprise.event_order): soonest, title case-insensitively, title, id.
    upcoming.sort(key=lambda e: (e[2], e[1].casefold(), e[1], e[0]))
    shown: list[EventFigures] = []
    calls: list[tuple[EventFigures, list[Surprised]]] = []
    seen: set[int] = set()
    for event_id, title, starts_at, plan_id, plan, version in upcoming[:count]:
        at = as_time(starts_at)
        assert at is not None
        at_risk, found = conn.execute(
            FIGURES_SQL,
            {
                "event_id": event_id,
                "plan_id": plan_id,
                "at": starts_at,
                "version": version,
                "stale_before": stored(at - timedelta(days=stale_days)),
            },
        ).fetchone()
        surprised = [
            Surprised(pid, name, influence, interest, name_key, reasons_of(flags), briefed, briefed_at, planned)
            for pid, name, name_key, influence, interest, flags, briefed, briefed_at, planned in json.loads(found)
        ]
        figures = EventFigures(event_id, title, at, plan_id, plan, version, len(surprised), at_risk)
        shown.append(figures)
        fresh = sorted(
            (s for s in surprised if s.id not in seen), key=lambda s: (-s.influence, -s.interest, s.name_key, s.id)
        )
        seen.update(s.id for s in fresh)
        if fresh:
            calls.append((figures, fresh))
    links = {(a, b) for a, b in conn.execute(LINKS_SQL, (json.dumps(sorted(seen)),)) if a in seen}
    return FirstFigures(now, shown, calls, links)
