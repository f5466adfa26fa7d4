"""The dashboard's figures, read with the sqlite3 module alone, before the store opens.

§9: from process start until the dashboard shows its figures (the next events'
surprise counts, the call list) within 2× of a minimal Textual app. Importing
SQLAlchemy and SQLModel alone takes longer than that whole app, so on a SQLite
file that is ours and current (`db.first_page.sqlite_file`) the bare command
reads the figures here, in a thread while Textual is imported, and the first
frame shows them; the store opens behind it and the dashboard reads everything
again through the rules.

These queries restate §3.2 for the next events (and §3.5's head: the surprised
people of those events, each under the soonest that flags them) in SQLite's
SQL. Each audience member's latest briefing before the event is one descent of
ix_touchpoint_attendee_briefing (migration 0004); stance and concerns are read
only for those briefed on the event's version, planned calls only for the
surprised. tests/tui/test_first_figures.py checks the answers equal the rules'
on the same data. Anything unexpected gives None and the normal path.

The records are named tuples, not dataclasses: the figures may be read in a
child process (tui/opening.py, ReadAhead) and tuples pickle ~10x faster.
"""

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from db.first_page import read_only, stored

NEVER_BRIEFED = "never-briefed"
OUTDATED_VERSION = "outdated-version"


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
    reasons: list[str]
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

# §3.2 for one planned event: its audience (live entries, people and tags, archived left out),
# classified. `briefing` is each person's latest held briefing on the plan before the event's start
# (ties: higher version, then higher id: §3.1) as "version time", one descent of
# ix_touchpoint_attendee_briefing; MATERIALIZED, as it is used several times and a flattened
# subquery would be run again for each use. Stance, concerns and staleness are looked at only for
# those briefed on the event's version or later (at risk), the planned call only for the others
# (surprised). Needs SQLite 3.35 (2021) with its JSON functions: an older one fails here and the
# dashboard takes the normal path.
AUDIENCE_SQL = """
WITH audience(id) AS (
    SELECT stakeholder_id FROM event_audience
     WHERE event_id = :event AND frozen = 0 AND stakeholder_id IS NOT NULL
    UNION
    SELECT st.stakeholder_id FROM event_audience AS a JOIN stakeholder_tag AS st ON st.tag_id = a.tag_id
     WHERE a.event_id = :event AND a.frozen = 0),
briefed(id, briefing) AS MATERIALIZED (
    SELECT audience.id,
           (SELECT ta.version || ' ' || ta.occurred_at FROM touchpoint_attendee AS ta
             WHERE ta.stakeholder_id = audience.id AND ta.plan_id = :plan AND ta.status = 'held'
               AND ta.occurred_at < :at AND ta.version IS NOT NULL
             ORDER BY ta.occurred_at DESC, ta.version DESC, ta.touchpoint_id DESC LIMIT 1)
      FROM audience),
classified(id, name, name_key, influence, interest, briefing, surprised, at_risk, planned) AS (
    SELECT s.id, s.name, s.name_key, s.influence, s.interest, briefing,
           briefing IS NULL OR CAST(briefing AS INTEGER) < :version,
           -- CASE, not AND/OR: in a result column SQLite evaluates both sides of those.
           CASE WHEN CAST(briefing AS INTEGER) < :version OR briefing IS NULL THEN 0
                WHEN substr(briefing, instr(briefing, ' ') + 1) < :stale_before THEN 1
                WHEN EXISTS (SELECT 1 FROM concern AS c
                              WHERE c.stakeholder_id = s.id AND c.plan_id = :plan AND c.status = 'open') THEN 1
                WHEN (SELECT level FROM stance AS st WHERE st.stakeholder_id = s.id AND st.plan_id = :plan
                       ORDER BY st.observed_at DESC, st.id DESC LIMIT 1) = 'resistant' THEN 1
                ELSE 0 END,
           CASE WHEN briefing IS NULL OR CAST(briefing AS INTEGER) < :version THEN
               (SELECT min(ta.occurred_at) FROM touchpoint_attendee AS ta
                 WHERE ta.stakeholder_id = s.id AND ta.plan_id = :plan AND ta.status = 'planned'
                   AND ta.version >= :version AND ta.occurred_at < :at) END
      FROM briefed JOIN stakeholder AS s ON s.id = briefed.id AND s.archived_at IS NULL)
-- One row, the surprised as one JSON array: a row per person would hand the GIL back and forth
-- with Textual's import 10,000 times (the sqlite3 module releases it for each step).
SELECT coalesce(sum(at_risk), 0),
       json_group_array(json_array(id, name, name_key, influence, interest, briefing, planned))
           FILTER (WHERE surprised)
  FROM classified
"""


# The links into the listed people, by the influenced side's index (`json_each` passes thousands of
# ids without a bound parameter each).
LINKS_SQL = """
SELECT l.influencer_id, l.influenced_id FROM json_each(?) AS listed
  JOIN influence_link AS l ON l.influenced_id = listed.value
"""


def as_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def _version_and_time(briefing: str) -> tuple[int, str]:
    """"6 2026-11-02 10:00:00.000000" -> (6, the stored time)."""
    number, at = briefing.split(" ", 1)
    return int(number), at


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
        at_risk, found = conn.execute(AUDIENCE_SQL, {
            "event": event_id, "plan": plan_id, "at": starts_at, "version": version,
            "stale_before": stored(at - timedelta(days=stale_days))}).fetchone()
        surprised: list[Surprised] = []
        for pid, name, name_key, influence, interest, briefing, planned in json.loads(found):
            briefed, briefed_at = (None, None) if briefing is None else _version_and_time(briefing)
            surprised.append(Surprised(pid, name, influence, interest, name_key,
                                       [NEVER_BRIEFED if briefed is None else OUTDATED_VERSION], briefed,
                                       briefed_at, planned))
        figures = EventFigures(event_id, title, at, plan_id, plan, version, len(surprised), at_risk)
        shown.append(figures)
        fresh = sorted((s for s in surprised if s.id not in seen),
                       key=lambda s: (-s.influence, -s.interest, s.name_key, s.id))
        seen.update(s.id for s in fresh)
        if fresh:
            calls.append((figures, fresh))
    links = {(a, b) for a, b in conn.execute(LINKS_SQL, (json.dumps(sorted(seen)),)) if a in seen}
    return FirstFigures(now, shown, calls, links)
