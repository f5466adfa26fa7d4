"""The stakeholders table: a light index of everyone, and the full cells of a few rows at a time.

The index (id, name, a lower-cased search text, influence, interest) is
what filtering and the cheap sorts need; at 50,000 people it is a few MB.
Everything costly (stance, briefing, last contact) is read only for the
rows on screen, or for a whole column when the user sorts by it.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from db import queries
from db.backend import Backend
from db.enums import StanceLevel, TouchpointStatus
from db.first_page import cells
from db.models import Stakeholder, Touchpoint, TouchpointAttendee
from stakeholders.rules.briefing import latest_briefings
from tui.data.people_rows import INDEX_COLUMNS, IndexRow, PersonRow, index_row, person_row


def load_index(session: Session, *, include_archived: bool, limit: int | None = None) -> list[IndexRow]:
    """Everyone (or everyone not archived), by name: plain tuples, no ORM objects. `limit` reads
    just the first rows, so a large table shows its first screen before the whole index is in."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    query = sa.select(*(s[name] for name in INDEX_COLUMNS))
    if not include_archived:
        query = query.where(s.archived_at.is_(None))
    rows = session.execute(query.order_by(s.name_key, s.id).limit(limit)).all()
    return [index_row(tuple(row)) for row in rows]


def load_rows(session: Session, ids: list[int], plan_id: int | None, now: datetime) -> dict[int, PersonRow]:
    """The full cells of just these rows: a handful of set-based queries, whatever the table's size."""
    if not ids:
        return {}
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    people = session.execute(
        sa.select(s.id, s.name, s.organization, s.influence, s.interest, s.archived_at, s.division).where(s.id.in_(ids))
    ).all()
    raw = Backend.of(session).sqlite_connection(session)
    # On SQLite, the first page's queries (db/first_page.py; tests/tui/test_first_page.py pins them to
    # store_cells): the same answers in about half the time, which a filter keystroke showing new rows waits for.
    shown = cells(raw, ids, plan_id, now) if raw is not None else store_cells(session, ids, plan_id, now)
    return {
        pid: person_row(pid, name, org, influence, interest, archived is not None, *shown[pid], division)
        for pid, name, org, influence, interest, archived, division in people
    }


def store_cells(
    session: Session, ids: list[int], plan_id: int | None, now: datetime
) -> dict[int, tuple[str | None, int | None, datetime | None]]:
    """(current stance, briefed version, last contact) of each of these people, through the store's queries
    and the briefing rule (§3.1), on any backend."""
    stances: dict[int, str] = {}
    briefed: dict[int, int] = {}
    if plan_id is not None:
        stances = {
            pid: StanceLevel(level).value for pid, _, level, _ in queries.current_stance_rows(session, plan_id, ids)
        }
        briefed = {pid: b.version for pid, b in latest_briefings(session, plan_id, ids, now).items()}
    contacts = queries.last_contacts(session, ids)
    return {pid: (stances.get(pid), briefed.get(pid), contacts.get(pid)) for pid in ids}


def sort_keys(session: Session, column: str, plan_id: int | None, ids: list[int], now: datetime) -> dict[int, object]:
    """A key per id for the columns the index does not hold. Missing means lowest."""
    if column == "stance":
        if plan_id is None:
            return {}
        return {pid: StanceLevel(level).rank for pid, _, level, _ in queries.current_stance_rows(session, plan_id)}
    if column == "briefed":
        if plan_id is None:
            return {}
        # Only people with a held touchpoint on the plan can have a briefing: ask the rule about them alone,
        # not about all 50,000 (everyone else has no key, which sorts lowest).
        s, t = TouchpointAttendee.__table__.c, Touchpoint.__table__.c  # type: ignore[attr-defined]
        touched = list(
            session.execute(
                sa.select(s.stakeholder_id)
                .distinct()
                .join(Touchpoint.__table__, t.id == s.touchpoint_id)  # type: ignore[attr-defined]
                .where(t.plan_id == plan_id, t.status == TouchpointStatus.HELD)
            ).scalars()
        )
        return {pid: b.version for pid, b in latest_briefings(session, plan_id, touched, now).items()}
    if column == "contact":
        return {pid: at.timestamp() for pid, at in queries.last_contacts(session).items()}
    raise ValueError(f"no sort key for column {column!r}")
