"""Stances: observed engagement per plan (history kept), and the desired level."""

from datetime import datetime

from sqlmodel import Session

from db.enums import AuditAction, StanceLevel
from db.models import DesiredStance, Plan, Stakeholder, Stance
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import InputError

LEVELS = [level.value for level in StanceLevel]


def parse_level(text: str) -> StanceLevel:
    try:
        return StanceLevel(text.strip().lower())
    except ValueError:
        raise InputError(f"unknown stance '{text}': use one of {', '.join(LEVELS)}") from None


def record_stance(
    session: Session,
    person: Stakeholder,
    plan: Plan,
    level: StanceLevel,
    observed_at: datetime | None = None,
    touchpoint_id: int | None = None,
    actor: str | None = None,
) -> Stance:
    """A new observation; a manual one is observed now, one from a touchpoint at its time."""
    stance = Stance(
        stakeholder_id=stored_id(person),
        plan_id=stored_id(plan),
        level=level,
        observed_at=observed_at or utcnow(),
        touchpoint_id=touchpoint_id,
    )
    session.add(stance)
    session.flush()
    source = f"touchpoint {touchpoint_id}" if touchpoint_id else "manual"
    audit.record(
        session,
        AuditAction.CREATE,
        "stance",
        stance.id,
        f"{person.name} is {level.value} on {plan.name} ({source})",
        stakeholder_id=person.id,
        after={"plan": plan.name, "level": level.value, "observed_at": stance.observed_at.isoformat()},
        actor=actor,
    )
    return stance


def set_desired(
    session: Session, person: Stakeholder, plan: Plan, level: StanceLevel, actor: str | None = None
) -> DesiredStance:
    row = session.get(DesiredStance, (person.id, plan.id))
    before = {"desired": row.level.value if row else StanceLevel.SUPPORTIVE.value}
    if row is None:
        row = DesiredStance(stakeholder_id=stored_id(person), plan_id=stored_id(plan), level=level)
    row.level = level
    row.updated_at = utcnow()
    session.add(row)
    audit.record(
        session,
        AuditAction.UPDATE,
        "desired_stance",
        None,
        f"desired stance of {person.name} on {plan.name}: {level.value}",
        stakeholder_id=person.id,
        before=before,
        after={"desired": level.value},
        actor=actor,
    )
    return row
