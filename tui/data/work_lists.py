"""The lists to work through (§7): open concerns, follow-ups (overdue first), "did this happen?"."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from db.enums import ConcernStatus
from db.models import Concern, FollowUp, FollowUpStakeholder, Plan, Stakeholder
from tui.data.dashboard import pending_touchpoints
from tui.data.dashboard_lines import PendingLine

LIST_LIMIT = 2000  # rows on screen; a team database has more, and nobody works through 2,000 in one sitting


@dataclass
class ConcernLine:
    id: int
    person_id: int
    name: str
    key: bool
    plan: str
    text: str
    raised_at: datetime


@dataclass
class PromiseLine:
    id: int
    text: str
    due_at: datetime
    owner: str | None
    names: list[str]
    person_ids: list[int]
    overdue: bool


def open_concerns(session: Session) -> list[ConcernLine]:
    """Open concerns, key stakeholders first (influence, then the oldest concern)."""
    rows = session.execute(
        sa.select(
            col(Concern.id),
            col(Stakeholder.id),
            col(Stakeholder.name),
            col(Stakeholder.influence),
            col(Plan.name),
            col(Concern.text),
            col(Concern.created_at),
        )
        .join(Stakeholder, col(Stakeholder.id) == col(Concern.stakeholder_id))
        .join(Plan, col(Plan.id) == col(Concern.plan_id))
        .where(col(Concern.status) == ConcernStatus.OPEN)
        .order_by(col(Stakeholder.influence).desc(), col(Concern.created_at), col(Concern.id))
        .limit(LIST_LIMIT)
    ).all()
    return [
        ConcernLine(cid, pid, name, influence >= 4, plan, text, raised)
        for cid, pid, name, influence, plan, text, raised in rows
    ]


def open_follow_ups(session: Session, now: datetime) -> list[PromiseLine]:
    """Promises not yet kept, the most overdue first, then the soonest due."""
    rows = session.execute(
        sa.select(col(FollowUp.id), col(FollowUp.text), col(FollowUp.due_at), col(FollowUp.owner))
        .where(col(FollowUp.done_at).is_(None))
        .order_by(col(FollowUp.due_at), col(FollowUp.id))
        .limit(LIST_LIMIT)
    ).all()
    ids = [r[0] for r in rows]
    owed: dict[int, list[tuple[int, str]]] = {}
    if ids:
        for fid, pid, name in session.execute(
            sa.select(col(FollowUpStakeholder.follow_up_id), col(Stakeholder.id), col(Stakeholder.name))
            .join(Stakeholder, col(Stakeholder.id) == col(FollowUpStakeholder.stakeholder_id))
            .where(col(FollowUpStakeholder.follow_up_id).in_(ids))
            .order_by(col(Stakeholder.name_key))
        ):
            owed.setdefault(fid, []).append((pid, name))
    return [
        PromiseLine(
            fid, text, due, owner, [n for _, n in owed.get(fid, [])], [p for p, _ in owed.get(fid, [])], due < now
        )
        for fid, text, due, owner in rows
    ]


def unsettled(session: Session, now: datetime) -> list[PendingLine]:
    """Planned touchpoints whose time has passed, oldest first: the dashboard's "did this happen?"."""
    return pending_touchpoints(session, now)[:LIST_LIMIT]
