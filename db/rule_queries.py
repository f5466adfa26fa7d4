"""Set-based reads behind the rules of PRODUCT.md §3.

Every function answers one fact for a whole set of people in a fixed number
of queries (one per chunk of ids), never one query per person: an event's
audience can be 10,000 people. §3.2's classification is one statement
(`flagged_statement`): the database resolves the audience, classifies it and
returns only the flagged people, in entry order. Ids go in chunks (`db.queries.chunks`) because
SQLite caps bound parameters; the reads behind §3.2 bind each chunk as one
parameter instead (`_among`, `id_rows`), so theirs can be larger. Datetimes
that come back through an aggregate (`min`, `max`) lose their column type on
SQLite, so they pass `as_utc`.
"""

import heapq
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, select

from db.enums import ConcernStatus, EventStatus, StanceLevel, TouchpointStatus
from db.models import (
    Concern,
    Event,
    EventAudience,
    FollowUp,
    FollowUpStakeholder,
    InfluenceLink,
    Stakeholder,
    StakeholderTag,
    Stance,
    Touchpoint,
    TouchpointAttendee,
)
from db.queries import chunks, people_with_plan

TP = Touchpoint.__table__.c  # type: ignore[attr-defined]
TA = TouchpointAttendee.__table__.c  # type: ignore[attr-defined]
# Attendance joined to its touchpoint: the shape of every briefing question.
ATTENDED = TouchpointAttendee.__table__.join(Touchpoint.__table__, TP.id == TA.touchpoint_id)  # type: ignore[attr-defined]


# Ids bound as one parameter (`_among`, `id_rows`): no bound-parameter cap applies, so chunks
# this size only bound one statement's list (a 10,000-person audience is one query).
ONE_PARAMETER_CHUNK = 20000


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def ids_value(postgresql_: bool, ids: list[int]) -> Any:
    """The value of an `ids_parameter`: an integer array on PostgreSQL, a JSON array (text) on SQLite."""
    return ids if postgresql_ else json.dumps(ids)


def ids_parameter(postgresql_: bool, name: str | None = None, ids: list[int] | None = None) -> Any:
    """Ids bound as one parameter (`ids_value`): named to be bound at each run, or holding `ids`."""
    value = None if ids is None else ids_value(postgresql_, ids)
    return sa.bindparam(name, value, type_=postgresql.ARRAY(sa.Integer) if postgresql_ else sa.String)


def ids_table(postgresql_: bool, parameter: Any) -> Any:
    """The ids of an `ids_parameter` as a table of one column, `value`: unnest on PostgreSQL,
    json_each on SQLite."""
    if postgresql_:
        return sa.func.unnest(parameter).table_valued("value").render_derived()
    return sa.func.json_each(parameter).table_valued("value")


def _among(session: Session, column: Any, ids: list[int]) -> Any:
    """`column IN ids` with the ids bound as one parameter. An IN-list costs SQLAlchemy one bound
    parameter per value, named and rendered at every execution: at 10,000 people, more than some
    of the reads."""
    postgresql_ = is_postgresql(session)
    parameter = ids_parameter(postgresql_, ids=ids)
    if postgresql_:
        return column == sa.any_(parameter)
    return column.in_(sa.select(ids_table(False, parameter).c.value))


def id_rows(session: Session, ids: list[int]) -> Any:
    """The ids as a table of one column, `value` (bound as one parameter, as in `_among`): what a
    per-person lookup is correlated to when it needs nothing of the stakeholder row, sparing one
    stakeholder lookup per id."""
    postgresql_ = is_postgresql(session)
    return ids_table(postgresql_, ids_parameter(postgresql_, ids=ids))


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


def time_as_stored(postgresql_: bool, expression: Any) -> Any:
    """A UTCDateTime expression read without its type's processing on SQLite, where it is stored as
    naive UTC text: `utc_from_stored` makes that an aware datetime for a fifth of the cost (the
    type's `replace(tzinfo=...)` alone takes ~1 µs a value on Python 3.11, and a 10,000-person
    event reads 10,000 briefing times: ~15 ms). PostgreSQL returns datetimes, processed as usual."""
    return expression if postgresql_ else sa.type_coerce(expression, sa.String)


def utc_from_stored(value: datetime | str | None) -> datetime | None:
    """A value read through `time_as_stored` as an aware UTC datetime (what the type would give)."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value + "+00:00")  # the stored 'YYYY-MM-DD HH:MM:SS.ffffff'
    except ValueError:  # a time written some other way (plain SQL): the general path
        return as_utc(value)


# Briefing questions read the copies of the touchpoint's plan, version, status and time that every
# attendance carries (migration 0004), through ix_touchpoint_attendee_briefing (stakeholder_id,
# plan_id, status, occurred_at, version, touchpoint_id): a person's latest held briefing on a plan
# before T, or their planned calls, is one descent of that index per person, never a visit to the
# touchpoint table. That replaced steering a join of the plan's touchpoints with its attendances:
# SQLite, without statistics, had to be told whether to walk the plan's touchpoints or each
# person's attendances (minutes when wrong; 0.4-0.8 s for a 10,000-person audience on the benchmark
# data when right). The copies answer the same 10,000 people in well under 0.1 s, on both backends.
def latest_briefing(person: Any, plan_id: Any, before: Any) -> Any:
    """The version of `person`'s latest held briefing on the plan strictly before `before`, as a
    select to use as a scalar subquery (`.with_only_columns(TA.occurred_at)` for its time). Scanned
    backwards from `before`, the first entry of the person's range of the index is the latest: it
    orders by occurred_at, version, touchpoint id, so ties go to the higher version, then the higher
    id (§3.1)."""
    return (sa.select(TA.version).where(
        TA.stakeholder_id == person, TA.plan_id == plan_id, TA.status == TouchpointStatus.HELD,
        TA.occurred_at < before, TA.version.is_not(None))
        .order_by(TA.occurred_at.desc(), TA.version.desc(), TA.touchpoint_id.desc()).limit(1))


def latest_briefing_rows(session: Session, plan_id: int, person_ids: Iterable[int],
                         before: datetime) -> list[tuple[int, int, datetime]]:
    """(stakeholder_id, version, occurred_at) of each person's latest held touchpoint about the
    plan that occurred strictly before `before` (§3.1; ties: higher version, then higher id)."""
    out: list[tuple[int, int, datetime]] = []
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        ids = id_rows(session, group)
        # One subquery per column, as SQLite has no LATERAL join; the second descent finds its pages cached.
        latest = latest_briefing(ids.c.value, plan_id, before)
        when = time_as_stored(is_postgresql(session), latest.with_only_columns(TA.occurred_at).scalar_subquery())
        result = session.execute(sa.select(ids.c.value, latest.scalar_subquery(), when))
        # The never briefed come back with NULLs: dropped here, not by a WHERE on the subquery
        # (SQLite would run it once more per person).
        utc = utc_from_stored
        out.extend([(pid, number, utc(at)) for pid, number, at in fetched_rows(result) if number is not None])  # type: ignore[misc]
    return out


def held_since(session: Session, plan_id: int, since: datetime) -> bool:
    """Whether any held touchpoint about the plan occurred at or after `since`."""
    return session.execute(sa.select(TP.id).where(TP.plan_id == plan_id, TP.status == TouchpointStatus.HELD,
                                                  TP.occurred_at >= since).limit(1)).first() is not None


def earliest_planned(session: Session, plan_id: int, person_ids: Iterable[int], min_version: int,
                     before: datetime) -> dict[int, datetime]:
    """Each person's earliest `planned` touchpoint about the plan at a version >= `min_version`
    occurring strictly before `before`: the call on the calendar that would brief them in time."""
    out: dict[int, datetime] = {}
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        # Each id's range of the index (person, plan, 'planned', before T) holds few entries, and
        # only the people with one come back: ~30% cheaper than a correlated min() per person.
        rows = session.execute(
            sa.select(TA.stakeholder_id, sa.func.min(TA.occurred_at))
            .where(_among(session, TA.stakeholder_id, group), TA.plan_id == plan_id,
                   TA.status == TouchpointStatus.PLANNED, TA.occurred_at < before, TA.version >= min_version)
            .group_by(TA.stakeholder_id))
        out.update({pid: as_utc(at) for pid, at in rows})  # type: ignore[misc]
    return out


def people_rows(session: Session, person_ids: Iterable[int]) -> list[Any]:
    """The stakeholder columns the rules show, without the ORM overhead of 10,000 objects."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    columns = [s.id, s.name, s.name_key, s.email, s.organization, s.influence, s.interest, s.title, s.notes,
               s.archived_at]
    out: list[Any] = []
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        out.extend(session.execute(sa.select(*columns).where(_among(session, s.id, group))))
    return out


def people_in_entry_order(session: Session, person_ids: Iterable[int]) -> list[tuple[int, str, str | None,
                                                                                   str | None, int, int]]:
    """(id, name, email, organization, influence, interest) of these people in entry order
    (influence desc, interest desc, name_key, id: `stakeholders.rules.surprise.entry_order`),
    sorted by the database: ~6 ms less than sorting 7,000 tuples in Python. Names compare
    byte-wise as Python compares them: SQLite's default, COLLATE "C" on PostgreSQL."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    name_key = s.name_key.collate("C") if is_postgresql(session) else s.name_key
    parts = [[tuple(row) for row in fetched_rows(session.execute(
        sa.select(s.id, s.name, s.email, s.organization, s.influence, s.interest, s.name_key)
        .where(_among(session, s.id, group)).order_by(s.influence.desc(), s.interest.desc(), name_key, s.id)))]
        for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK)]
    rows = parts[0] if len(parts) == 1 else heapq.merge(*parts, key=lambda r: (-r[4], -r[5], r[6], r[0]))
    return [(pid, name, email, organization, influence, interest)
            for pid, name, email, organization, influence, interest, _ in rows]


def resistant_now(session: Session, plan_id: int, person_ids: Iterable[int]) -> set[int]:
    """Those among `person_ids` whose current stance on the plan is `resistant`. The current
    stance is the one db.queries' window ranks first (latest observed_at; ties: recorded last),
    looked up here per person on the (stakeholder, plan, observed_at) index: for the few
    thousand people an event asks about, 2-3x cheaper than ranking all their stances."""
    s = Stance.__table__.c  # type: ignore[attr-defined]
    out: set[int] = set()
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        ids = id_rows(session, group)
        current = (sa.select(s.level).where(s.stakeholder_id == ids.c.value, s.plan_id == plan_id)
                   .order_by(s.observed_at.desc(), s.id.desc()).limit(1).scalar_subquery())
        out.update(session.execute(sa.select(ids.c.value).where(current == StanceLevel.RESISTANT)).scalars())
    return out


def with_open_concerns(session: Session, plan_id: int, person_ids: Iterable[int]) -> set[int]:
    """Those among `person_ids` with at least one open concern on the plan (ids only: `open_concerns`
    reads each concern's text too)."""
    c = Concern.__table__.c  # type: ignore[attr-defined]
    out: set[int] = set()
    for group in chunks(list(person_ids), ONE_PARAMETER_CHUNK):
        out.update(session.execute(sa.select(c.stakeholder_id).distinct()
                                   .where(c.plan_id == plan_id, c.status == ConcernStatus.OPEN,
                                          _among(session, c.stakeholder_id, group))).scalars())
    return out


def open_concerns(session: Session, plan_id: int,
                  person_ids: Iterable[int]) -> dict[int, list[tuple[int, str, datetime]]]:
    """{stakeholder_id: [(concern id, text, raised at)…]} of the open concerns on the plan, oldest first."""
    out: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for group in chunks(list(person_ids)):
        rows = session.exec(
            select(Concern.stakeholder_id, Concern.id, Concern.text, Concern.created_at)
            .where(Concern.plan_id == plan_id, Concern.status == ConcernStatus.OPEN,
                   Concern.stakeholder_id.in_(group))  # type: ignore[attr-defined]
            .order_by(Concern.created_at, Concern.id))
        for pid, cid, text, at in rows:
            out[pid].append((cid, text, at))
    return out


def open_follow_ups(session: Session, person_ids: Iterable[int]) -> dict[int, list[FollowUp]]:
    """{stakeholder_id: [open follow-ups owed to them…]}, soonest due first."""
    out: dict[int, list[FollowUp]] = defaultdict(list)
    for group in chunks(list(person_ids)):
        rows = session.exec(
            select(FollowUpStakeholder.stakeholder_id, FollowUp)
            .join(FollowUp, FollowUp.id == FollowUpStakeholder.follow_up_id)
            .where(FollowUp.done_at.is_(None), FollowUpStakeholder.stakeholder_id.in_(group))  # type: ignore[union-attr,attr-defined]
            .order_by(FollowUp.due_at, FollowUp.id))
        for pid, follow_up in rows:
            out[pid].append(follow_up)
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
            sa.select(FollowUp.id, FollowUpStakeholder.stakeholder_id)
            .join(FollowUpStakeholder, FollowUpStakeholder.follow_up_id == FollowUp.id)
            .where(FollowUp.done_at.is_(None), FollowUp.due_at < now))  # type: ignore[union-attr,arg-type]
        return len({fid for fid, pid in rows if pid in wanted})
    for group in chunks(person_ids):
        found.update(session.exec(
            select(FollowUp.id).join(FollowUpStakeholder, FollowUpStakeholder.follow_up_id == FollowUp.id)
            .where(FollowUp.done_at.is_(None), FollowUp.due_at < now,  # type: ignore[union-attr]
                   FollowUpStakeholder.stakeholder_id.in_(group))))  # type: ignore[attr-defined]
    return len(found)


def influence_links(session: Session, person_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(influencer, influenced) pairs whose influenced side is in the set."""
    out: list[tuple[int, int]] = []
    for group in chunks(list(person_ids)):
        out.extend(session.exec(select(InfluenceLink.influencer_id, InfluenceLink.influenced_id)
                                .where(InfluenceLink.influenced_id.in_(group))).all())  # type: ignore[attr-defined]
    return out


def last_touchpoints(session: Session, person_ids: Iterable[int]) -> dict[int, Any]:
    """Each person's latest held touchpoint about any plan or none (ties: higher id)."""
    out: dict[int, Any] = {}
    for group in chunks(list(person_ids)):
        rank = sa.func.row_number().over(partition_by=TA.stakeholder_id,
                                         order_by=(TP.occurred_at.desc(), TP.id.desc())).label("rank")
        inner = (sa.select(TA.stakeholder_id, TP.id, TP.occurred_at, TP.channel, TP.by, TP.plan_id, TP.version,
                           TP.summary, rank)
                 .select_from(ATTENDED)
                 .where(TP.status == TouchpointStatus.HELD, TA.stakeholder_id.in_(group)).subquery())
        for row in session.execute(sa.select(inner).where(inner.c.rank == 1)):
            out[row.stakeholder_id] = row
    return out


def last_stance_changes(session: Session, plan_id: int,
                        person_ids: Iterable[int]) -> dict[int, tuple[Any, Any, datetime]]:
    """{stakeholder_id: (from level or None, to level, observed_at)} of the latest stance row that
    differs from the one before it (a repeated level is not a change)."""
    out: dict[int, tuple[Any, Any, datetime]] = {}
    for group in chunks(list(person_ids)):
        previous = sa.func.lag(Stance.level).over(
            partition_by=Stance.stakeholder_id, order_by=(Stance.observed_at, Stance.id)).label("previous")
        inner = (select(Stance.id, Stance.stakeholder_id, Stance.level, Stance.observed_at, previous)
                 .where(Stance.plan_id == plan_id, Stance.stakeholder_id.in_(group)).subquery())  # type: ignore[attr-defined]
        changed = sa.or_(inner.c.previous.is_(None), inner.c.previous != inner.c.level)
        rank = sa.func.row_number().over(partition_by=inner.c.stakeholder_id,
                                         order_by=(inner.c.observed_at.desc(), inner.c.id.desc())).label("rank")
        moves = sa.select(inner.c.stakeholder_id, inner.c.previous, inner.c.level, inner.c.observed_at,
                          rank).where(changed).subquery()
        for pid, before, level, at in session.execute(
                sa.select(moves.c.stakeholder_id, moves.c.previous, moves.c.level, moves.c.observed_at)
                .where(moves.c.rank == 1)):
            out[pid] = (before, level, at)
    return out


def plan_scope_ids(session: Session, plan_id: int) -> list[int]:
    """§3.3 scope: the audience of every event of the plan that is not cancelled (a held event by
    its frozen audience, if it has one), plus everyone with a touchpoint or stance on the plan;
    archived people excluded."""
    events = select(Event.id).where(Event.plan_id == plan_id, Event.status != EventStatus.CANCELLED)
    # A held event without frozen rows (held before freezing existed) falls back to its live entries.
    # NOT EXISTS, not NOT IN over every frozen row: PostgreSQL could not hash the 400,000 frozen rows of
    # a team database in its default work_mem and rescanned them per event (18-25 s for one plan).
    frozen_rows = EventAudience.__table__.alias("frozen_rows")  # type: ignore[attr-defined]
    has_frozen = (sa.exists().where(frozen_rows.c.event_id == Event.id, frozen_rows.c.frozen == sa.true())
                  .correlate(Event.__table__))  # type: ignore[attr-defined]
    live_events = events.where(sa.or_(Event.status == EventStatus.PLANNED, ~has_frozen))
    live = (EventAudience.event_id.in_(live_events), EventAudience.frozen == sa.false())  # type: ignore[attr-defined]
    direct = select(EventAudience.stakeholder_id).where(*live, EventAudience.stakeholder_id.is_not(None))  # type: ignore[union-attr]
    tagged = (select(StakeholderTag.stakeholder_id)
              .join(EventAudience, EventAudience.tag_id == StakeholderTag.tag_id).where(*live))
    frozen = select(EventAudience.stakeholder_id).where(
        EventAudience.event_id.in_(events.where(Event.status == EventStatus.HELD)),  # type: ignore[attr-defined]
        EventAudience.frozen == sa.true())
    # SQLite refuses a parenthesised UNION inside a UNION: select from it instead.
    involved = people_with_plan(session, plan_id).subquery()  # type: ignore[attr-defined]
    scope = sa.union(direct, tagged, frozen, sa.select(involved.c.stakeholder_id))
    query = select(Stakeholder.id).where(Stakeholder.id.in_(scope),  # type: ignore[union-attr]
                                         Stakeholder.archived_at.is_(None))  # type: ignore[union-attr]
    return sorted(session.exec(query))
