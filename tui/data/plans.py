"""Plans, their versions, and how far each version has travelled (briefing coverage)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from db.models import Plan, PlanVersion
from db.rule_queries import plan_scope_ids
from stakeholders.plans import diff_versions, version_text
from stakeholders.rules.briefing import latest_briefings
from stakeholders.rules.readiness import plan_readiness


@dataclass
class VersionRow:
    number: int
    created_at: datetime
    summary: str
    changes: str | None
    body: str | None
    approved_by: str | None
    approved_at: datetime | None
    briefed: int
    """People in the plan's scope whose latest briefing is on this version."""


@dataclass
class PlanRow:
    id: int
    name: str
    current_version: int
    headline: str
    scope: int
    never_briefed: int
    versions: list[VersionRow] = field(default_factory=list)


def load_plans(session: Session, now: datetime, stale_days: int) -> list[PlanRow]:
    rows = []
    for plan in session.exec(select(Plan).order_by(col(Plan.name_key))):
        assert plan.id is not None  # a stored row
        ids = plan_scope_ids(session, plan.id)
        briefed = Counter(b.version for b in latest_briefings(session, plan.id, ids, now).values())
        versions = list(
            session.exec(
                select(PlanVersion).where(col(PlanVersion.plan_id) == plan.id).order_by(col(PlanVersion.number))
            )
        )
        readiness = plan_readiness(session, plan, now=now, stale_days=stale_days)
        row = PlanRow(
            plan.id,
            plan.name,
            versions[-1].number if versions else 0,
            readiness.headline,
            len(ids),
            len(ids) - sum(briefed.values()),
        )
        row.versions = [
            VersionRow(
                v.number,
                v.created_at,
                v.summary,
                v.changes,
                v.body,
                v.approved_by,
                v.approved_at,
                briefed.get(v.number, 0),
            )
            for v in versions
        ]
        rows.append(row)
    return rows


def version_diff(session: Session, plan_id: int, a: int, b: int) -> str:
    plan = session.get(Plan, plan_id)
    assert plan is not None
    return diff_versions(session, plan, a, b)


def version_full_text(session: Session, plan_id: int, number: int) -> str:
    plan = session.get(Plan, plan_id)
    version = session.exec(
        select(PlanVersion).where(PlanVersion.plan_id == plan_id, PlanVersion.number == number)
    ).first()
    return version_text(plan, version) if plan and version else ""
