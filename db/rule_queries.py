"""Set-based reads behind the rules of PRODUCT.md §3.

Every function answers one fact for a whole set of people in a fixed number
of queries (one per chunk of ids), never one query per person: an event's
audience can be 10,000 people. Ids go in chunks (`db.queries.chunks`) because
SQLite caps bound parameters. Datetimes that come back through an aggregate
(`min`, `max`) lose their column type on SQLite, so they pass `as_utc`.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
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


def as_utc(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# How a query over a plan's touchpoints for a set of people is steered. SQLite without
# statistics otherwise walks the plan's touchpoints and probes the attendee primary key
# (touchpoint_id, stakeholder_id) once per IN-list value for each of them: 100,000 touchpoints
# x 5,000 ids took minutes. `x + 0` keeps a column out of index lookups (on both backends), so:
# - up to PEOPLE_DRIVEN_MAX people, start from their attendances (the stakeholder index);
# - beyond, start from the plan's touchpoints and test membership of one large IN-list.
# Measured on the benchmark data (1,000,000 touchpoints, a 100,000-touchpoint plan): 1,000
# people ~0.2 s either way; 10,000 people 0.44 s from the plan, 2.8 s from the people.
# Between PEOPLE_DRIVEN_MIN and PEOPLE_DRIVEN_MAX people the plan's size decides: a person has
# ~40 attendances, each a random lookup, so the people win only when the plan has more than
# ~100 matching touchpoints per person asked about (the break-even above). A 5,000-person
# database's 1,000-person event went from 0.33 s from the people to ~0.1 s from its plan.
PEOPLE_DRIVEN_MIN = 100
PEOPLE_DRIVEN_MAX = 1000
TOUCHPOINTS_PER_PERSON = 100
# Well under the bound-parameter caps (SQLite 32,766; PostgreSQL 65,535): one IN-list for a
# 10,000-person audience, as each extra chunk walks the plan's touchpoints again.
PLAN_DRIVEN_CHUNK = 20000


def _plan_outweighs(session: Session, plan_id: int, status: TouchpointStatus, people: int) -> bool:
    """Whether the plan has at least TOUCHPOINTS_PER_PERSON touchpoints with `status` per person;
    counts no further than that (an index range on ix_touchpoint_plan_status_time)."""
    cap = people * TOUCHPOINTS_PER_PERSON
    some = sa.select(TP.id).where(TP.plan_id == plan_id, TP.status == status).limit(cap).subquery()
    return session.execute(sa.select(sa.func.count()).select_from(some)).scalar_one() >= cap


def _steered(session: Session, plan_id: int, ids: list[int] | None,
             status: TouchpointStatus) -> Iterator[tuple[Any, Any]]:
    """(plan condition, people condition) per chunk of `ids`, steered as explained above;
    `ids` None: everyone, from the plan's touchpoints."""
    if ids is None:
        yield TP.plan_id == plan_id, sa.true()
    elif len(ids) > PEOPLE_DRIVEN_MAX or (
            len(ids) > PEOPLE_DRIVEN_MIN and not _plan_outweighs(session, plan_id, status, len(ids))):
        for group in chunks(ids, PLAN_DRIVEN_CHUNK):
            yield TP.plan_id == plan_id, (TA.stakeholder_id + 0).in_(group)
    else:
        for group in chunks(ids):
            yield (TP.plan_id + 0) == plan_id, TA.stakeholder_id.in_(group)


def latest_briefing_rows(session: Session, plan_id: int, person_ids: Iterable[int] | None,
                         before: datetime) -> list[tuple[int, int, datetime]]:
    """(stakeholder_id, version, occurred_at) of each person's latest held touchpoint about the
    plan that occurred strictly before `before` (§3.1; ties: higher version, then higher id).
    `person_ids` None: everyone ever briefed on the plan."""
    out: list[tuple[int, int, datetime]] = []
    for plan_match, people_match in _steered(session, plan_id, None if person_ids is None else list(person_ids),
                                              TouchpointStatus.HELD):
        rank = sa.func.row_number().over(
            partition_by=TA.stakeholder_id,
            order_by=(TP.occurred_at.desc(), TP.version.desc(), TP.id.desc())).label("rank")
        inner = (sa.select(TA.stakeholder_id, TP.version, TP.occurred_at, rank).select_from(ATTENDED)
                 .where(plan_match, people_match, TP.status == TouchpointStatus.HELD, TP.version.is_not(None),
                        TP.occurred_at < before)
                 .subquery())
        rows = session.execute(sa.select(inner.c.stakeholder_id, inner.c.version, inner.c.occurred_at)
                               .where(inner.c.rank == 1))
        out.extend((pid, number, at) for pid, number, at in rows)
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
    for plan_match, people_match in _steered(session, plan_id, list(person_ids), TouchpointStatus.PLANNED):
        rows = session.execute(
            sa.select(TA.stakeholder_id, sa.func.min(TP.occurred_at))
            .select_from(ATTENDED)
            .where(plan_match, people_match, TP.status == TouchpointStatus.PLANNED, TP.version >= min_version,
                   TP.occurred_at < before)
            .group_by(TA.stakeholder_id))
        out.update({pid: as_utc(at) for pid, at in rows})  # type: ignore[misc]
    return out


def people_rows(session: Session, person_ids: Iterable[int], *, details: bool = True) -> list[Any]:
    """The stakeholder columns the rules show, without the ORM overhead of 10,000 objects;
    `details=False` leaves out title, notes and archived_at (notes can be long)."""
    return list(iter_people_rows(session, person_ids, details=details))


def iter_people_rows(session: Session, person_ids: Iterable[int], *, details: bool = True) -> Iterator[Any]:
    """`people_rows`, one row at a time: a caller that keeps its own tuples does not hold
    10,000 Rows alive at once (each is an object the garbage collector walks)."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    columns = [s.id, s.name, s.name_key, s.email, s.organization, s.influence, s.interest]
    if details:
        columns += [s.title, s.notes, s.archived_at]
    for group in chunks(list(person_ids)):
        yield from session.execute(sa.select(*columns).where(s.id.in_(group)))


def resistant_now(session: Session, plan_id: int, person_ids: Iterable[int]) -> set[int]:
    """Those among `person_ids` whose current stance on the plan is `resistant`. The current
    stance is the one db.queries' window ranks first (latest observed_at; ties: recorded last),
    looked up here per person on the (stakeholder, plan, observed_at) index: for the few
    thousand people an event asks about, 2-3x cheaper than ranking all their stances."""
    s = Stance.__table__.c  # type: ignore[attr-defined]
    k = Stakeholder.__table__.c  # type: ignore[attr-defined]
    current = (sa.select(s.level).where(s.stakeholder_id == k.id, s.plan_id == plan_id)
               .order_by(s.observed_at.desc(), s.id.desc()).limit(1).scalar_subquery())
    out: set[int] = set()
    for group in chunks(list(person_ids)):
        out.update(session.execute(sa.select(k.id).where(k.id.in_(group), current == StanceLevel.RESISTANT))
                   .scalars())
    return out


def with_open_concerns(session: Session, plan_id: int, person_ids: Iterable[int]) -> set[int]:
    """Those among `person_ids` with at least one open concern on the plan (ids only: `open_concerns`
    reads each concern's text too)."""
    c = Concern.__table__.c  # type: ignore[attr-defined]
    out: set[int] = set()
    for group in chunks(list(person_ids)):
        out.update(session.execute(sa.select(c.stakeholder_id).distinct()
                                   .where(c.plan_id == plan_id, c.status == ConcernStatus.OPEN,
                                          c.stakeholder_id.in_(group))).scalars())
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
