"""Follow-ups: promises we made, owed to one or more stakeholders."""

from datetime import datetime

from sqlmodel import Session, col, select

from db.enums import AuditAction
from db.models import FollowUp, FollowUpStakeholder, Stakeholder
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import Conflict, InputError, NotFound
from stakeholders.resolve import row_id
from stakeholders.text import clip


def promise(
    session: Session,
    people: list[Stakeholder],
    text: str,
    due: datetime,
    owner: str | None,
    touchpoint_id: int | None = None,
    actor: str | None = None,
) -> FollowUp:
    clean = text.strip()
    if not clean:
        raise InputError("a follow-up needs its text")
    if not people:
        raise InputError("a follow-up is owed to someone: name at least one PERSON")
    follow_up = FollowUp(text=clean, owner=owner or audit.default_actor(), due_at=due, touchpoint_id=touchpoint_id)
    session.add(follow_up)
    session.flush()
    for person in people:
        session.add(FollowUpStakeholder(follow_up_id=stored_id(follow_up), stakeholder_id=stored_id(person)))
        audit.record(
            session,
            AuditAction.CREATE,
            "follow_up",
            follow_up.id,
            f"promised {person.name} a follow-up",
            stakeholder_id=person.id,
            after={"text": clean, "due_at": due.isoformat()},
            actor=actor,
        )
    return follow_up


def mark_done(session: Session, follow_up_id: int, actor: str | None = None) -> FollowUp:
    follow_up = session.get(FollowUp, follow_up_id) if row_id(follow_up_id) is not None else None
    if follow_up is None:
        raise NotFound(f"no follow-up {follow_up_id}; see `stakeholders followup list`")
    if follow_up.done_at is not None:
        raise Conflict(f"follow-up {follow_up_id} was already done: “{clip(follow_up.text)}”")
    follow_up.done_at = utcnow()
    follow_up.updated_at = utcnow()
    session.add(follow_up)
    owed = list(
        session.exec(
            select(col(FollowUpStakeholder.stakeholder_id)).where(col(FollowUpStakeholder.follow_up_id) == follow_up_id)
        )
    )
    recipients: list[int | None] = [*owed] or [None]  # one audit entry even for a follow-up owed to nobody
    for pid in recipients:
        audit.record(
            session,
            AuditAction.UPDATE,
            "follow_up",
            follow_up.id,
            f"kept follow-up {follow_up.id}",
            stakeholder_id=pid,
            before={"done_at": None},
            after={"done_at": follow_up.done_at.isoformat()},
            actor=actor,
        )
    return follow_up
