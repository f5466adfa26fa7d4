"""Small reads several screens share: the plan choices, the change marker.

The app and the stakeholders screen import this module before their first
frame, which comes before SQLAlchemy is loaded (tui/opening.py): the reads
import the store's modules when they run, in a worker, not at import.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True)
class PlanChoice:
    id: int
    name: str
    current_version: int


def plan_choices(session: "Session") -> list[PlanChoice]:
    """Every plan with its current version, by name."""
    import sqlalchemy as sa
    from sqlmodel import col

    from db.models import Plan, PlanVersion

    rows = session.execute(
        sa.select(col(Plan.id), col(Plan.name), sa.func.max(col(PlanVersion.number)))
        .join(PlanVersion, col(PlanVersion.plan_id) == col(Plan.id))
        .group_by(col(Plan.id), col(Plan.name), col(Plan.name_key))
        .order_by(col(Plan.name_key))
    ).all()
    return [PlanChoice(pid, name, int(number or 0)) for pid, name, number in rows]


def default_plan_id(session: "Session", now: datetime) -> int | None:
    """The plan of the soonest upcoming event, else the first plan by name: the one a lead is working on."""
    from sqlmodel import col, select

    from db.enums import EventStatus
    from db.models import Event, Plan

    soonest = session.exec(
        select(col(Event.plan_id))
        .where(col(Event.status) == EventStatus.PLANNED, col(Event.starts_at) >= now)
        .order_by(col(Event.starts_at), col(Event.title), col(Event.id))
    ).first()
    if soonest is not None:
        return soonest
    return session.exec(select(col(Plan.id)).order_by(col(Plan.name_key))).first()


def change_marker(session: "Session") -> tuple[int, str]:
    """(last audit id, time of the latest audit entry): every write records an audit entry, so this
    moves on any change. Both are index lookups, cheap at a million entries.

    The time catches the one case the id misses: `forget` deleting the newest entries about a
    person and then recording its own entry under a reused id.
    """
    import sqlalchemy as sa
    from sqlmodel import col

    from db.models import AuditEntry

    last, at = session.execute(sa.select(sa.func.max(col(AuditEntry.id)), sa.func.max(col(AuditEntry.at)))).one()
    return int(last or 0), str(at or "")


def next_moment(session: "Session", now: datetime) -> datetime | None:
    """The next time after `now` at which what the screens show changes by itself, with no write (§7
    "Time moves"): a planned call's time passes (it joins "Did this happen?"), an event starts (it
    leaves the upcoming ones), a follow-up falls due. None when nothing is ahead. Three index lookups."""
    import sqlalchemy as sa
    from sqlmodel import col

    from db.enums import EventStatus, TouchpointStatus
    from db.models import Event, FollowUp, Touchpoint

    candidates = session.execute(
        sa.select(
            sa.select(sa.func.min(col(Touchpoint.occurred_at)))
            .where(col(Touchpoint.status) == TouchpointStatus.PLANNED, col(Touchpoint.occurred_at) > now)
            .scalar_subquery(),
            sa.select(sa.func.min(col(Event.starts_at)))
            .where(col(Event.status) == EventStatus.PLANNED, col(Event.starts_at) > now)
            .scalar_subquery(),
            sa.select(sa.func.min(col(FollowUp.due_at)))
            .where(col(FollowUp.done_at).is_(None), col(FollowUp.due_at) > now)
            .scalar_subquery(),
        )
    ).one()
    found = [moment for moment in candidates if moment is not None]
    return min(found) if found else None
