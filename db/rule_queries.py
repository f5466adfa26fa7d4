"""Set-based reads behind the rules of PRODUCT.md §3.

Every function answers one fact for a whole set of people in a fixed number
of queries (one per chunk of ids), never one query per person: an event's
audience can be 10,000 people. §3.1 and §3.2 are defined once, as statements,
in db/surprise_statement.py; this module runs them (`latest_briefing_rows`,
`flagged_rows`). Ids go in chunks (`db.queries.chunks`) because SQLite caps
bound parameters; the reads behind §3.1 and §3.2 bind each chunk as one
parameter instead (`Backend.ids_parameter`), so theirs can be larger. Datetimes
that come back through an aggregate (`min`, `max`) lose their column type on
SQLite, so they pass `as_utc`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.backend import Backend
from db.enums import ConcernStatus, EventStatus
from db.models import (
    Concern,
    Event,
    EventAudience,
    FollowUp,
    FollowUpStakeholder,
    InfluenceLink,
    Stakeholder,
    StakeholderTag,
)
from db.queries import chunks, people_with_plan
from db.surprise_statement import latest_briefings_statement

# Ids bound as one parameter: no bound-parameter cap applies, so chunks this size only bound one
# statement's list (a 10,000-person audience is one query).
ONE_PARAMETER_CHUNK = 20000

# Rows fetched this many at a time: fewer than the collector's first threshold (700 new objects),
# so a large result's Rows (each tracked by the garbage collector) die young instead of being
# promoted, as with `.all()`, towards the generation whose collection walks the whole heap: with
# `.all()` the 10,000-person event paid one such collection (60-80 ms) nearly every time.
ROWS_AT_A_TIME = 500


def fetched_rows(result: Any) -> Iterator[Any]:
    """The result's rows, fetched ROWS_AT_A_TIME at a time."""
    for part in result.partitions(ROWS_AT_A_TIME):
        yield from part


def as_utc(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_from_stored(value: datetime | str | None) -> datetime | None:
    """A value read through `Backend.time_as_stored` as an aware UTC datetime (what the type would give)."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value + "+00:00")  # the stored 'YYYY-MM-DD HH:MM:SS.ffffff'
    except ValueError:  # a time written some other way (plain SQL): the general path
        return as_utc(value)


@cache
def _latest_briefings(backend: Backend) -> Any:
    return latest_briefings_statement(backend)


def latest_briefing_rows(
    session: Session, plan_id: int, person_ids: Iterable[int], before: datetime
) -> list[tuple[int, int, datetime]]:
    """(stakeholder_id, version, occurred_at) of each person's latest held touchpoint about the
    plan that occurred strictly before `before` (§3.1: `db.surprise_statement.latest_briefing`)."""
    backend = Backend.of(session)
    statement = _latest_briefings(backend)
    out: list[tuple[int, int, datetime]] = []
    utc = utc_from_stored
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        result = session.execute(statement, {"ids": backend.ids_value(group), "plan_id": plan_id, "before": before})
        # The never briefed come back with NULLs: dropped here, not by a WHERE on the subquery
        # (SQLite would run it once more per person).
        out.extend([(pid, number, utc(at)) for pid, number, at in fetched_rows(result) if number is not None])  # type: ignore[misc]
    return out


def flagged_rows(
    session: Session, statements: tuple[Any, Any], parameters: dict[str, Any], *, sized: bool = True
) -> tuple[list[tuple[Any, ...]], int]:
    """The rows of a `db.surprise_statement.flagged_statement` (times as aware UTC datetimes; each
    row ends with the audience's size, as the statement's do), and the audience's size (counted by
    the same statement, or by one more when nobody is flagged; not `sized`: 0 then, and no second
    query for a caller that only wants the rows)."""
    query, count = statements
    utc = utc_from_stored
    # Through the connection, not the session: the ORM's result wraps each row once more (~30 ms at
    # 7,000 rows) and fetches them all at once.
    connection = session.connection()
    result = fetched_rows(connection.execute(query, parameters))
    rows = [
        (
            i,
            name,
            email,
            organization,
            division,
            influence,
            interest,
            bits,
            number,
            utc(when),
            name_key,
            utc(planned_at),
            size,
        )
        for i, name, email, organization, division, influence, interest, bits, number, when, name_key, planned_at, size in result
    ]
    if not rows:
        return [], connection.execute(count, parameters).scalar_one() if sized else 0
    return rows, rows[0][-1]


def people_rows(session: Session, person_ids: Iterable[int]) -> list[Any]:
    """The stakeholder columns the rules show, without the ORM overhead of 10,000 objects."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    columns = [
        s.id,
        s.name,
        s.name_key,
        s.email,
        s.organization,
        s.influence,
        s.interest,
        s.title,
        s.notes,
        s.archived_at,
        s.division,
    ]
    out: list[Any] = []
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        out.extend(session.execute(sa.select(*columns).where(Backend.of(session).among(s.id, group))))
    return out


def open_concerns(
    session: Session, plan_id: int, person_ids: Iterable[int]
) -> dict[int, list[tuple[int, str, datetime]]]:
    """{stakeholder_id: [(concern id, text, raised at)…]} of the open concerns on the plan, oldest first."""
    out: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for group in chunks(list(person_ids)):
        rows = session.exec(
            select(col(Concern.stakeholder_id), col(Concern.id), col(Concern.text), col(Concern.created_at))
            .where(
                col(Concern.plan_id) == plan_id,
                col(Concern.status) == ConcernStatus.OPEN,
                col(Concern.stakeholder_id).in_(group),
            )
            .order_by(col(Concern.created_at), col(Concern.id))
        )
        for pid, cid, text, at in rows:
            out[pid].append((cid, text, at))  # type: ignore[arg-type]  # a stored row has its id
    return out


OVERDUE_ALL_FROM = 5000


def overdue_follow_up_count(session: Session, person_ids: list[int], now: datetime) -> int:
    """Open follow-ups past due owed to at least one of these people, each counted once."""
    found: set[int] = set()
    if len(person_ids) > OVERDUE_ALL_FROM:
        # A plan's whole scope (tens of thousands): every overdue follow-up's people once, kept
        # in Python, instead of one IN-list query per chunk of ids.
        wanted = set(person_ids)
        rows = session.execute(
            sa.select(col(FollowUp.id), col(FollowUpStakeholder.stakeholder_id))
            .join(FollowUpStakeholder, col(FollowUpStakeholder.follow_up_id) == col(FollowUp.id))
            .where(col(FollowUp.done_at).is_(None), col(FollowUp.due_at) < now)
        )
        return len({fid for fid, pid in rows if pid in wanted})
    for group in chunks(person_ids):
        found.update(
            session.execute(
                sa.select(col(FollowUp.id))
                .join(FollowUpStakeholder, col(FollowUpStakeholder.follow_up_id) == col(FollowUp.id))
                .where(
                    col(FollowUp.done_at).is_(None),
                    col(FollowUp.due_at) < now,
                    col(FollowUpStakeholder.stakeholder_id).in_(group),
                )
            ).scalars()
        )
    return len(found)


def influence_links(session: Session, person_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(influencer, influenced) pairs whose influenced side is in the set."""
    out: list[tuple[int, int]] = []
    for group in chunks(list(person_ids)):
        out.extend(
            session.exec(
                select(col(InfluenceLink.influencer_id), col(InfluenceLink.influenced_id)).where(
                    col(InfluenceLink.influenced_id).in_(group)
                )
            ).all()
        )
    return out


def plan_scope_ids(session: Session, plan_id: int) -> list[int]:
    """§3.3 scope: the audience of every event of the plan that is not cancelled (a held event by
    its frozen audience, if it has one), plus everyone with a touchpoint or stance on the plan;
    archived people excluded."""
    events = select(col(Event.id)).where(col(Event.plan_id) == plan_id, col(Event.status) != EventStatus.CANCELLED)
    # A held event without frozen rows (held before freezing existed) falls back to its live entries.
    # NOT EXISTS, not NOT IN over every frozen row: PostgreSQL could not hash the 400,000 frozen rows of
    # a team database in its default work_mem and rescanned them per event (18-25 s for one plan).
    frozen_rows = EventAudience.__table__.alias("frozen_rows")  # type: ignore[attr-defined]
    has_frozen = (
        sa.exists()
        .where(frozen_rows.c.event_id == col(Event.id), frozen_rows.c.frozen == sa.true())
        .correlate(Event.__table__)  # type: ignore[attr-defined]
    )
    live_events = events.where(sa.or_(col(Event.status) == EventStatus.PLANNED, ~has_frozen))
    live = (col(EventAudience.event_id).in_(live_events), col(EventAudience.frozen) == sa.false())
    direct = select(col(EventAudience.stakeholder_id)).where(*live, col(EventAudience.stakeholder_id).is_not(None))
    tagged = (
        select(col(StakeholderTag.stakeholder_id))
        .join(EventAudience, col(EventAudience.tag_id) == col(StakeholderTag.tag_id))
        .where(*live)
    )
    in_division = (
        select(col(Stakeholder.id))  # `division:NAME` entries (migration 0005)
        .join(EventAudience, col(EventAudience.division_key) == col(Stakeholder.division_key))
        .where(*live)
    )
    frozen = select(col(EventAudience.stakeholder_id)).where(
        col(EventAudience.event_id).in_(events.where(col(Event.status) == EventStatus.HELD)),
        col(EventAudience.frozen) == sa.true(),
    )
    # SQLite refuses a parenthesised UNION inside a UNION: select from it instead.
    involved = people_with_plan(session, plan_id).subquery()
    scope = sa.union(direct, tagged, in_division, frozen, sa.select(involved.c.stakeholder_id))
    query = select(col(Stakeholder.id)).where(col(Stakeholder.id).in_(scope), col(Stakeholder.archived_at).is_(None))
    return sorted(session.execute(query).scalars())
