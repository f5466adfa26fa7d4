"""Concerns: objections raised about a plan, and how they were resolved."""

from sqlmodel import Session

from db.enums import AuditAction, ConcernStatus
from db.models import Concern, Plan, Stakeholder
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import Conflict, InputError, NotFound
from stakeholders.plans import check_version
from stakeholders.resolve import row_id
from stakeholders.text import clip


def raise_concern(
    session: Session,
    person: Stakeholder,
    plan: Plan,
    text: str,
    touchpoint_id: int | None = None,
    actor: str | None = None,
) -> Concern:
    clean = text.strip()
    if not clean:
        raise InputError("a concern needs its text")
    concern = Concern(
        stakeholder_id=stored_id(person), plan_id=stored_id(plan), text=clean, touchpoint_id=touchpoint_id
    )
    session.add(concern)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        "concern",
        concern.id,
        f"{person.name} raised a concern on {plan.name}",
        stakeholder_id=person.id,
        after={"text": clean},
        actor=actor,
    )
    return concern


def resolve_concern(
    session: Session, concern_id: int, version: int | None, note: str | None, actor: str | None = None
) -> Concern:
    concern = session.get(Concern, concern_id) if row_id(concern_id) is not None else None
    if concern is None:
        raise NotFound(f"no concern {concern_id}; see `stakeholders concern list`")
    if concern.status == ConcernStatus.RESOLVED:
        raise Conflict(f"concern {concern_id} is already resolved: “{clip(concern.text)}”")
    if version is None and not (note or "").strip():
        raise InputError("say how it was resolved: --version N (the plan version that addressed it) or --note TEXT")
    plan = session.get(Plan, concern.plan_id)
    if version is not None:
        check_version(session, plan, version)  # type: ignore[arg-type]
    concern.status = ConcernStatus.RESOLVED
    concern.resolved_at = utcnow()
    concern.resolved_version = version
    concern.resolution = (note or "").strip() or None
    concern.updated_at = utcnow()
    session.add(concern)
    audit.record(
        session,
        AuditAction.UPDATE,
        "concern",
        concern.id,
        f"resolved concern {concern.id}",
        stakeholder_id=concern.stakeholder_id,
        before={"status": "open"},
        after={"status": "resolved", "version": version, "note": concern.resolution},
        actor=actor,
    )
    return concern
