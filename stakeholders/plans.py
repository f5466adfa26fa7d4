"""Use cases on plans and plan versions."""

import difflib
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction
from db.models import Plan, PlanVersion
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import Conflict, InputError, NotFound


def current_version(session: Session, plan: Plan) -> int:
    number = session.exec(select(sa.func.max(col(PlanVersion.number))).where(col(PlanVersion.plan_id) == plan.id)).one()
    return int(number or 0)


def get_version(session: Session, plan: Plan, number: int | None) -> PlanVersion:
    if number is None:
        number = current_version(session, plan)
    version = session.exec(
        select(PlanVersion).where(col(PlanVersion.plan_id) == plan.id, col(PlanVersion.number) == number)
    ).first()
    if version is None:
        raise NotFound(f"plan '{plan.name}' has no version {number} (current is {current_version(session, plan)})")
    return version


def check_version(session: Session, plan: Plan, number: int | None) -> int:
    """The version a touchpoint or event is about: given (must exist) or the current one."""
    return get_version(session, plan, number).number


def _summary(summary: str | None) -> str:
    text = (summary or "").strip()
    if not text:
        raise InputError("a plan version needs a summary (--summary)")
    return text


def add_plan(session: Session, name: str, summary: str, body: str | None = None, actor: str | None = None) -> Plan:
    clean = name.strip()
    if not clean:
        raise InputError("a plan needs a name")
    if session.exec(select(Plan).where(col(Plan.name_key) == clean.lower())).first() is not None:
        raise Conflict(f"plan '{clean}' already exists: use `plan revise` to add a version")
    plan = Plan(name=clean, name_key=clean.lower())
    session.add(plan)
    session.flush()
    version = PlanVersion(plan_id=stored_id(plan), number=1, summary=_summary(summary), body=body)
    session.add(version)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        "plan",
        plan.id,
        f"added plan {plan.name} v1",
        after={"name": plan.name, "summary": version.summary},
        actor=actor,
    )
    return plan


def revise_plan(
    session: Session,
    plan: Plan,
    summary: str,
    changes: str | None = None,
    body: str | None = None,
    actor: str | None = None,
) -> PlanVersion:
    number = current_version(session, plan) + 1
    version = PlanVersion(
        plan_id=stored_id(plan),
        number=number,
        summary=_summary(summary),
        changes=(changes or "").strip() or None,
        body=body,
    )
    session.add(version)
    plan.updated_at = utcnow()
    session.add(plan)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        "plan_version",
        version.id,
        f"revised {plan.name} to v{number}",
        after={"summary": version.summary, "changes": version.changes},
        actor=actor,
    )
    return version


def approve_version(
    session: Session, plan: Plan, number: int | None, by: str, when: datetime, actor: str | None = None
) -> PlanVersion:
    version = get_version(session, plan, number)
    if not by.strip():
        raise InputError("say who approved it: --by NAME")
    before = {"approved_by": version.approved_by, "approved_at": audit._jsonable(version.approved_at)}
    version.approved_by = by.strip()
    version.approved_at = when
    version.updated_at = utcnow()
    session.add(version)
    audit.record(
        session,
        AuditAction.UPDATE,
        "plan_version",
        version.id,
        f"{version.approved_by} approved {plan.name} v{version.number}",
        before=before,
        after={"approved_by": version.approved_by, "approved_at": when.isoformat()},
        actor=actor,
    )
    return version


def version_text(plan: Plan, version: PlanVersion) -> str:
    parts = [f"# {plan.name} v{version.number}", "", version.summary]
    if version.body:
        parts += ["", version.body.rstrip()]
    if version.changes:
        parts += ["", "Changes:", version.changes.rstrip()]
    return "\n".join(parts) + "\n"


def diff_versions(session: Session, plan: Plan, a: int, b: int) -> str:
    old, new = get_version(session, plan, a), get_version(session, plan, b)
    lines = difflib.unified_diff(
        version_text(plan, old).splitlines(keepends=True),
        version_text(plan, new).splitlines(keepends=True),
        fromfile=f"{plan.name} v{a}",
        tofile=f"{plan.name} v{b}",
    )
    return "".join(lines)
