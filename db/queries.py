"""Set-based reads the rules and listings share: one query per fact, never one per person."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.backend import Backend
from db.enums import StanceLevel, TouchpointStatus
from db.models import (
    DesiredStance,
    Plan,
    Stakeholder,
    StakeholderTag,
    Stance,
    Tag,
    Touchpoint,
    TouchpointAttendee,
)

# SQLite caps bound parameters (32766 in modern builds); stay far below it.
CHUNK = 5000
# Ids bound as one parameter (db.backend.Backend.among): no cap, so chunks only bound one statement.
ONE_PARAMETER_CHUNK = 20000


def chunks(ids: list[int], size: int = CHUNK) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _latest_stances(plan_id: int | None, person_ids: list[int] | None) -> Any:
    """Each person's stances per plan ranked newest first (ties: recorded last); rank 1 is the current one."""
    rank = (
        sa.func.row_number()
        .over(
            partition_by=(col(Stance.stakeholder_id), col(Stance.plan_id)),
            order_by=(col(Stance.observed_at).desc(), col(Stance.id).desc()),
        )
        .label("rank")
    )
    inner = sa.select(col(Stance.stakeholder_id), col(Stance.plan_id), col(Stance.level), col(Stance.observed_at), rank)
    if plan_id is not None:
        inner = inner.where(col(Stance.plan_id) == plan_id)
    if person_ids is not None:
        inner = inner.where(col(Stance.stakeholder_id).in_(person_ids))
    return inner.subquery()


def current_stance_rows(session: Session, plan_id: int | None = None, person_ids: list[int] | None = None) -> Any:
    """(stakeholder_id, plan_id, level, observed_at) of each latest stance (ties: recorded last)."""
    sub = _latest_stances(plan_id, person_ids)
    return session.execute(
        sa.select(sub.c.stakeholder_id, sub.c.plan_id, sub.c.level, sub.c.observed_at).where(sub.c.rank == 1)
    ).all()


def current_stances_by_person(session: Session, person_ids: list[int] | None = None) -> dict[int, dict[str, str]]:
    """{stakeholder_id: {plan name: level}}."""
    plans = dict(session.exec(select(col(Plan.id), col(Plan.name))).all())
    out: dict[int, dict[str, str]] = defaultdict(dict)
    id_groups = [None] if person_ids is None else list(chunks(person_ids))
    for group in id_groups:
        # Three plain columns: the stored level is already the value (`supportive`), and the
        # observed_at the window orders by is not read back (220,000 rows at 50,000 people:
        # converting each to an enum and a datetime cost more than the query).
        sub = _latest_stances(None, group)
        stored = sa.type_coerce(sub.c.level, sa.String)
        rows = session.execute(sa.select(sub.c.stakeholder_id, sub.c.plan_id, stored).where(sub.c.rank == 1))
        for pid, plan_id, level in rows:
            out[pid][plans[plan_id]] = level
    return out


def desired_levels(session: Session, plan_id: int) -> dict[int, StanceLevel]:
    rows = session.exec(
        select(col(DesiredStance.stakeholder_id), col(DesiredStance.level)).where(col(DesiredStance.plan_id) == plan_id)
    )
    return {pid: StanceLevel(level) for pid, level in rows}


def last_contacts(session: Session, person_ids: list[int] | None = None) -> dict[int, datetime]:
    """Latest held touchpoint per stakeholder (everyone's, or these people's).

    Read from the copies of the touchpoint's status and time that every attendance carries
    (migration 0004), through ix_touchpoint_attendee_briefing (stakeholder_id, plan_id, status,
    occurred_at, …): a scan of that covering index, never a visit to the touchpoint table. At 50,000
    people (1,879,410 attendances), on the loaded benchmark machine, 18 s against 39 s for the
    time slices over the touchpoints this replaced, and 1.6 s against 16 s at 5,000 (same rows)."""
    # max() over a TypeDecorator column comes back raw on SQLite: `_as_utc`.
    if person_ids is None:
        return {pid: _as_utc(at) for pid, at in session.execute(_last_contact())}
    backend = Backend.of(session)
    statement = last_contacts_statement(backend)
    out: dict[int, datetime] = {}
    for group in chunks(person_ids, ONE_PARAMETER_CHUNK):
        out.update({pid: _as_utc(at) for pid, at in session.execute(statement, {"ids": backend.ids_value(group)})})
    return out


def _last_contact() -> Any:
    """(stakeholder_id, time of their latest held touchpoint of any kind) for everyone with one."""
    ta = TouchpointAttendee.__table__.c  # type: ignore[attr-defined]
    return (
        sa.select(ta.stakeholder_id, sa.func.max(ta.occurred_at))
        .where(ta.status == TouchpointStatus.HELD)
        .group_by(ta.stakeholder_id)
    )


def last_contacts_statement(backend: Backend) -> Any:
    """`last_contacts` for the ids bound as `ids` (`Backend.ids_value`): the first page's query too
    (generated into db/first_frame_sql.py)."""
    ta = TouchpointAttendee.__table__.c  # type: ignore[attr-defined]
    ids = backend.ids_table(backend.ids_parameter("ids"))
    return _last_contact().where(ta.stakeholder_id.in_(sa.select(ids.c.value)))


def _as_utc(value: datetime | str) -> datetime:

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def tags_by_person(session: Session, person_ids: list[int] | None = None) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    id_groups = [None] if person_ids is None else list(chunks(person_ids))
    for group in id_groups:
        query = select(col(StakeholderTag.stakeholder_id), col(Tag.name)).join(
            Tag, col(Tag.id) == col(StakeholderTag.tag_id)
        )
        if group is not None:
            query = query.where(col(StakeholderTag.stakeholder_id).in_(group))
        for pid, name in session.exec(query.order_by(col(Tag.name))).all():
            out[pid].append(name)
    return out


def people_in_tag(session: Session, tag_name: str) -> Any:
    return (
        select(col(StakeholderTag.stakeholder_id))
        .join(Tag, col(Tag.id) == col(StakeholderTag.tag_id))
        .where(col(Tag.name) == tag_name.strip().lower())
    )


def people_with_plan(session: Session, plan_id: int) -> Any:
    """Everyone with a touchpoint or a stance on the plan."""
    touched = (
        select(col(TouchpointAttendee.stakeholder_id))
        .join(Touchpoint, col(Touchpoint.id) == col(TouchpointAttendee.touchpoint_id))
        .where(col(Touchpoint.plan_id) == plan_id)
    )
    stanced = select(col(Stance.stakeholder_id)).where(col(Stance.plan_id) == plan_id)
    return sa.union(touched, stanced)


def ordered_people(query: Any) -> Any:
    return query.order_by(col(Stakeholder.name_key), col(Stakeholder.id))
