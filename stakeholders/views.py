"""Read models: the JSON shapes of `list`, `show` and the other listings (§4)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db import queries
from db.enums import ConcernStatus, TouchpointStatus
from db.models import (
    Concern,
    FollowUp,
    FollowUpStakeholder,
    InfluenceLink,
    Plan,
    PlanVersion,
    Stakeholder,
    Stance,
    Tag,
    Touchpoint,
    TouchpointAttendee,
)
from db.types import utcnow
from stakeholders import json_text


def json_array_text(items: list[Any]) -> Iterator[str]:
    """The text of `json.dumps(items, indent=2, ensure_ascii=False, default=str) + "\n"`, one item at
    a time: the indented encoder runs in Python (Python 3.11) and keeps every token of the whole
    array until it joins them, which took `list --json` to 324 MB at 50,000 people."""
    if not items:
        yield "[]\n"
        return
    for index, item in enumerate(items):
        text = json_text.dumps(item).replace("\n", "\n  ")
        yield ("[\n  " if index == 0 else ",\n  ") + text
    yield "\n]\n"


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with offset, in UTC: stable for scripts whatever the machine's zone."""
    return value.isoformat() if value is not None else None


def list_people(
    session: Session,
    *,
    tag: str | None = None,
    plan: Plan | None = None,
    owner: str | None = None,
    include_archived: bool = False,
    division: str | None = None,
) -> list[dict[str, Any]]:
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    # Plain rows with the summary's columns: 50,000 ORM objects cost ~2.5 s to build.
    query = sa.select(
        s.id, s.name, s.email, s.title, s.organization, s.division, s.influence, s.interest, s.owner, s.archived_at
    )
    if not include_archived:
        query = query.where(Stakeholder.archived_at.is_(None))  # type: ignore[union-attr]
    if tag:
        query = query.where(Stakeholder.id.in_(queries.people_in_tag(session, tag)))  # type: ignore[union-attr]
    if plan is not None:
        query = query.where(Stakeholder.id.in_(queries.people_with_plan(session, plan.id)))  # type: ignore[union-attr,arg-type]
    if owner:
        query = query.where(sa.func.lower(Stakeholder.owner) == owner.strip().lower())
    if division:  # the whole name, case-insensitively (§2), through ix_stakeholder_division_key
        query = query.where(col(Stakeholder.division_key) == division.strip().lower())
    people = session.execute(queries.ordered_people(query)).all()
    ids = [p.id for p in people]
    filter_ids = ids if (tag or plan or owner or division) else None
    stances = queries.current_stances_by_person(session, filter_ids)
    contacts = queries.last_contacts(session, filter_ids)
    tags = queries.tags_by_person(session, filter_ids)
    return [person_summary(p, tags.get(p.id, []), stances.get(p.id, {}), contacts.get(p.id)) for p in people]


def person_summary(
    person: Any, tags: list[str], stances: dict[str, str], last_contact: datetime | None
) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "title": person.title,
        "organization": person.organization,
        "division": person.division,
        "influence": person.influence,
        "interest": person.interest,
        "owner": person.owner,
        "tags": tags,
        "archived": person.archived_at is not None,
        "last_contact": iso(last_contact),
        "stance": stances,
    }


def person_detail(session: Session, person: Stakeholder) -> dict[str, Any]:
    """Everything held about one person: also the answer to a subject-access request."""
    pid = person.id
    assert pid is not None
    base = person_summary(
        person,
        queries.tags_by_person(session, [pid]).get(pid, []),
        queries.current_stances_by_person(session, [pid]).get(pid, {}),
        queries.last_contacts(session, [pid]).get(pid),
    )
    plans = dict(session.exec(select(Plan.id, Plan.name)).all())
    tp_ids = select(TouchpointAttendee.touchpoint_id).where(TouchpointAttendee.stakeholder_id == pid)
    touchpoints = touchpoint_items(session, select(Touchpoint).where(Touchpoint.id.in_(tp_ids)))  # type: ignore[union-attr]
    stances = [
        {
            "id": s.id,
            "plan": plans.get(s.plan_id),
            "level": _value(s.level),
            "observed_at": iso(s.observed_at),
            "touchpoint_id": s.touchpoint_id,
            "source": "touchpoint" if s.touchpoint_id else "manual",
        }
        for s in session.connection().execute(  # plain rows: the busiest person has 2,516 stances
            sa.select(*Stance.__table__.c)  # type: ignore[attr-defined]
            .where(col(Stance.stakeholder_id) == pid)
            .order_by(col(Stance.observed_at), col(Stance.id))
        )
    ]
    concerns = concern_items(session, select(Concern).where(Concern.stakeholder_id == pid))
    fu_ids = select(FollowUpStakeholder.follow_up_id).where(FollowUpStakeholder.stakeholder_id == pid)
    follow_ups = follow_up_items(session, select(FollowUp).where(FollowUp.id.in_(fu_ids)))  # type: ignore[union-attr]
    # The linked people's names only (not every stakeholder's: 50,000 on a team database).
    influences = list(
        session.exec(
            select(Stakeholder.name)
            .join(InfluenceLink, col(InfluenceLink.influenced_id) == col(Stakeholder.id))
            .where(InfluenceLink.influencer_id == pid)
        )
    )
    influenced_by = list(
        session.exec(
            select(Stakeholder.name)
            .join(InfluenceLink, col(InfluenceLink.influencer_id) == col(Stakeholder.id))
            .where(InfluenceLink.influenced_id == pid)
        )
    )
    return base | {
        "phone": person.phone,
        "notes": person.notes,
        "cadence_days": person.cadence_days,
        "created_at": iso(person.created_at),
        "archived_at": iso(person.archived_at),
        "touchpoints": touchpoints,
        "stances": stances,
        "concerns": concerns,
        "follow_ups": follow_ups,
        "influences": sorted(influences),
        "influenced_by": sorted(influenced_by),
    }


def touchpoint_items(session: Session, query) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    # Plain rows through the connection, not Touchpoint objects: the busiest person of a team
    # database has 7,348 touchpoints, and building them as ORM instances cost more than reading them.
    tp = Touchpoint.__table__.c  # type: ignore[attr-defined]
    columns = (tp.id, tp.occurred_at, tp.channel, tp.by, tp.plan_id, tp.version, tp.status, tp.summary)
    tps = session.connection().execute(query.with_only_columns(*columns).order_by(tp.occurred_at, tp.id)).all()
    ids = [t.id for t in tps]
    plans = dict(session.exec(select(Plan.id, Plan.name)).all())
    attendees: dict[int, list[str]] = {}
    for group in queries.chunks(ids):
        rows = session.exec(
            select(TouchpointAttendee.touchpoint_id, Stakeholder.name)
            .join(Stakeholder, col(Stakeholder.id) == col(TouchpointAttendee.stakeholder_id))
            .where(col(TouchpointAttendee.touchpoint_id).in_(group))
            .order_by(Stakeholder.name_key)
        )
        for tid, name in rows:
            attendees.setdefault(tid, []).append(name)
    return [
        {
            "id": t.id,
            "occurred_at": iso(t.occurred_at),
            "channel": _value(t.channel),
            "by": t.by,
            "plan": plans.get(t.plan_id) if t.plan_id else None,
            "version": t.version,
            "status": _value(t.status),
            "summary": t.summary,
            "attendees": attendees.get(t.id, []),
        }
        for t in tps
    ]


def concern_items(session: Session, query) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    plans = dict(session.exec(select(Plan.id, Plan.name)).all())
    rows = session.execute(
        query.add_columns(Stakeholder.name, Stakeholder.email)
        .join(Stakeholder, Stakeholder.id == Concern.stakeholder_id)
        .order_by(Concern.id)
    )
    return [
        {
            "id": c.id,
            "stakeholder": name,
            "email": email,
            "plan": plans.get(c.plan_id),
            "text": c.text,
            "status": c.status.value,
            "raised_at": iso(c.created_at),
            "touchpoint_id": c.touchpoint_id,
            "resolved_at": iso(c.resolved_at),
            "resolved_version": c.resolved_version,
            "resolution": c.resolution,
        }
        for c, name, email in rows
    ]


def follow_up_items(session: Session, query, now: datetime | None = None) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    now = now or utcnow()
    fus = list(session.exec(query.order_by(FollowUp.due_at, FollowUp.id)))
    owed: dict[int, list[str]] = {}
    for group in queries.chunks([f.id for f in fus]):
        for fid, name in session.exec(
            select(FollowUpStakeholder.follow_up_id, Stakeholder.name)
            .join(Stakeholder, col(Stakeholder.id) == col(FollowUpStakeholder.stakeholder_id))
            .where(col(FollowUpStakeholder.follow_up_id).in_(group))
            .order_by(Stakeholder.name_key)
        ):
            owed.setdefault(fid, []).append(name)
    return [
        {
            "id": f.id,
            "text": f.text,
            "owner": f.owner,
            "due_at": iso(f.due_at),
            "done_at": iso(f.done_at),
            "overdue": f.done_at is None and f.due_at < now,
            "stakeholders": owed.get(f.id, []),
            "touchpoint_id": f.touchpoint_id,
        }
        for f in fus
    ]


def plan_items(session: Session) -> list[dict[str, Any]]:
    out = []
    for plan in session.exec(select(Plan).order_by(Plan.name_key)):
        versions = list(
            session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(col(PlanVersion.number)))
        )
        out.append(
            {
                "id": plan.id,
                "name": plan.name,
                "current_version": versions[-1].number if versions else None,
                "created_at": iso(plan.created_at),
                "versions": [
                    {
                        "number": v.number,
                        "summary": v.summary,
                        "changes": v.changes,
                        "created_at": iso(v.created_at),
                        "approved_by": v.approved_by,
                        "approved_at": iso(v.approved_at),
                    }
                    for v in versions
                ],
            }
        )
    return out


def event_items(session: Session) -> list[dict[str, Any]]:
    """`event list --json`: stakeholders.event_list's three queries and assembly (written once, without
    SQLAlchemy, for the command's driver-only reader too), run through the session's connection."""
    from types import SimpleNamespace

    from stakeholders.event_list import event_list_items

    return event_list_items(SimpleNamespace(execute=session.connection().exec_driver_sql))


def _value(enum_or_text: Any) -> Any:
    return getattr(enum_or_text, "value", enum_or_text)


def open_concerns_query(plan: Plan | None, only_open: bool):  # type: ignore[no-untyped-def]
    query = select(Concern)
    if plan is not None:
        query = query.where(Concern.plan_id == plan.id)
    if only_open:
        query = query.where(Concern.status == ConcernStatus.OPEN)
    return query


def touchpoint_query(planned_only: bool):  # type: ignore[no-untyped-def]
    query = select(Touchpoint)
    if planned_only:
        query = query.where(Touchpoint.status == TouchpointStatus.PLANNED)
    return query


def tag_names(session: Session) -> list[str]:
    return list(session.exec(select(Tag.name).order_by(Tag.name)))
