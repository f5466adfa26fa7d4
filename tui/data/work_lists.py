"""The lists to work through (§7): open concerns, follow-ups (overdue first), "did this happen?"."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

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
        sa.select(Concern.id, Stakeholder.id, Stakeholder.name, Stakeholder.influence, Plan.name, Concern.text,
                  Concern.created_at)
        .join(Stakeholder, Stakeholder.id == Concern.stakeholder_id)
        .join(Plan, Plan.id == Concern.plan_id)
        .where(Concern.status == ConcernStatus.OPEN)
        .order_by(Stakeholder.influence.desc(), Concern.created_at, Concern.id)  # type: ignore[attr-defined]
        .limit(LIST_LIMIT)).all()
    return [ConcernLine(cid, pid, name, influence >= 4, plan, text, raised)
            for cid, pid, name, influence, plan, text, raised in rows]


def open_follow_ups(session: Session, now: datetime) -> list[PromiseLine]:
    """Promises not yet kept, the most overdue first, then the soonest due."""
    rows = session.execute(sa.select(FollowUp.id, FollowUp.text, FollowUp.due_at, FollowUp.owner)
                           .where(FollowUp.done_at.is_(None))  # type: ignore[union-attr]
                           .order_by(FollowUp.due_at, FollowUp.id).limit(LIST_LIMIT)).all()
    ids = [r[0] for r in rows]
    owed: dict[int, list[tuple[int, str]]] = {}
    if ids:
        for fid, pid, name in session.execute(
                sa.select(FollowUpStakeholder.follow_up_id, Stakeholder.id, Stakeholder.name)
                .join(Stakeholder, Stakeholder.id == FollowUpStakeholder.stakeholder_id)
                .where(FollowUpStakeholder.follow_up_id.in_(ids)).order_by(Stakeholder.name_key)):  # type: ignore[attr-defined]
            owed.setdefault(fid, []).append((pid, name))
    return [PromiseLine(fid, text, due, owner, [n for _, n in owed.get(fid, [])], [p for p, _ in owed.get(fid, [])],
                        due < now) for fid, text, due, owner in rows]


def unsettled(session: Session, now: datetime) -> list[PendingLine]:
    """Planned touchpoints whose time has passed, oldest first: the dashboard's "did this happen?"."""
    return pending_touchpoints(session, now)[:LIST_LIMIT]
