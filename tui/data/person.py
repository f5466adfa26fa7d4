"""One person, everything held about them: what the person view shows."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from db.enums import StanceLevel, TouchpointStatus
from db.models import DesiredStance, Plan, Stakeholder, TouchpointAttendee
from stakeholders.rules.mendelow import quadrant
from stakeholders.views import person_detail


@dataclass
class PersonView:
    id: int
    detail: dict[str, Any]
    """`stakeholders show --json`'s object (views.person_detail)."""
    quadrant: str
    desired: dict[str, str]
    """Plan name -> desired level (default supportive) for every plan the person has a stance on."""
    last_briefed_plan_id: int | None = None
    """The plan of their latest held touchpoint about a plan: the log form opened here defaults to it
    (blank, the call would brief nobody)."""


def load_person(session: Session, person_id: int) -> PersonView | None:
    person = session.get(Stakeholder, person_id)
    if person is None:  # forgotten or merged away by another process
        return None
    detail = person_detail(session, person)
    rows = session.exec(
        select(col(Plan.name), col(DesiredStance.level))
        .join(Plan, col(Plan.id) == col(DesiredStance.plan_id))
        .where(col(DesiredStance.stakeholder_id) == person_id)
    ).all()
    chosen = {name: StanceLevel(level).value for name, level in rows}
    plans = set(detail["stance"]) | set(chosen)
    desired = {name: chosen.get(name, StanceLevel.SUPPORTIVE.value) for name in sorted(plans)}
    last_plan = session.exec(
        select(col(TouchpointAttendee.plan_id))
        .where(
            col(TouchpointAttendee.stakeholder_id) == person_id,
            col(TouchpointAttendee.status) == TouchpointStatus.HELD,
            col(TouchpointAttendee.plan_id).is_not(None),
        )
        .order_by(col(TouchpointAttendee.occurred_at).desc())
        .limit(1)
    ).first()
    return PersonView(person_id, detail, quadrant(person.influence, person.interest), desired, last_plan)
