"""One person, everything held about them: what the person view shows."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from db.enums import StanceLevel
from db.models import DesiredStance, Plan, Stakeholder
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


def load_person(session: Session, person_id: int) -> PersonView | None:
    person = session.get(Stakeholder, person_id)
    if person is None:  # forgotten or merged away by another process
        return None
    detail = person_detail(session, person)
    rows = session.exec(select(Plan.name, DesiredStance.level).join(Plan, Plan.id == DesiredStance.plan_id)
                        .where(DesiredStance.stakeholder_id == person_id)).all()
    chosen = {name: StanceLevel(level).value for name, level in rows}
    plans = set(detail["stance"]) | set(chosen)
    desired = {name: chosen.get(name, StanceLevel.SUPPORTIVE.value) for name in sorted(plans)}
    return PersonView(person_id, detail, quadrant(person.influence, person.interest), desired)
