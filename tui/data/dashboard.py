"""The morning view (§1): what is coming, who to call, what is overdue, what needs an answer."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from db.backend import Backend
from db.enums import Channel, TouchpointStatus
from db.models import FollowUp, FollowUpStakeholder, Plan, Stakeholder, Touchpoint, TouchpointAttendee
from db.queries import chunks
from db.rule_queries import ONE_PARAMETER_CHUNK
from stakeholders.rules.cadence import overdue_relationships
from stakeholders.rules.calls import call_list
from stakeholders.rules.readiness import plan_verdict
from stakeholders.rules.surprise import evaluate_event, events_to_evaluate
from tui.data.dashboard_lines import (
    EVENTS_SHOWN,
    CadenceLine,
    CallLine,
    Dashboard,
    EventLine,
    FollowUpLine,
    PendingLine,
    ReadinessLine,
)

PLANS_SHOWN = 12


def dashboard_stages(session: Session, now: datetime, stale_days: int) -> Iterator[tuple[str, Any]]:
    """The dashboard's parts, so the screen fills in as they come: the figures a lead opens it for (the
    next events' surprise counts, the head of the call list), the cheap lists, then the whole call
    list, readiness and cadence, which take longest at 50,000 people. The events shown are
    evaluated once and shared."""
    shown = [
        evaluate_event(session, e, now=now, stale_days=stale_days)
        for e in events_to_evaluate(session, now)[:EVENTS_SHOWN]
    ]
    evaluated = {e.id: e for e in shown}
    yield (
        "events",
        [
            EventLine(e.id, e.title, e.starts_at, e.plan_id, e.plan, e.version, len(e.surprised), len(e.at_risk))
            for e in shown
        ],
    )

    def calls(first: int | None) -> list[CallLine]:
        return [
            CallLine(c.id, c.name, c.event_id, c.event, c.deadline, c, now)
            for c in call_list(session, now=now, stale_days=stale_days, evaluated=evaluated, first=first)
        ]

    # The head of the call list (the events just evaluated: the same first rows, in the same order)
    # at once; the whole list, which at 50,000 people means hundreds of events, replaces it.
    yield "calls", calls(len(shown))
    # The summary line shows "…" for these until they are in (~1 s at 50,000 people).
    yield "follow_ups", overdue_follow_ups(session, now)
    yield "pending", pending_touchpoints(session, now)
    if len(shown) == EVENTS_SHOWN:
        yield "calls", calls(None)
    plans = list(session.exec(select(Plan).order_by(col(Plan.name_key))))
    if len(plans) > PLANS_SHOWN:  # a team database: the plans whose events come first
        by_id = {p.id: p for p in plans}
        plans = [by_id[pid] for pid in dict.fromkeys(e.plan_id for e in shown) if pid in by_id][:PLANS_SHOWN]
    readiness = []
    for plan in plans:
        assert plan.id is not None  # a stored row
        # One line a plan (headline, ready or not): the verdict alone, not readiness's counts over the
        # plan's whole scope (~0.1 s a plan at 50,000 people, which the panel never shows).
        r = plan_verdict(session, plan.id, now=now, stale_days=stale_days, evaluated=evaluated)
        readiness.append(ReadinessLine(plan.id, plan.name, r.headline, r.ready))
    yield "readiness", readiness
    yield (
        "cadence",
        [CadenceLine(i.id, i.name, i.days_since, i.cadence_days, i.level) for i in overdue_relationships(session, now)],
    )


def load_dashboard(session: Session, now: datetime, stale_days: int) -> Dashboard:
    """Every part at once (the benchmark and scripts); the screen uses `dashboard_stages`."""
    board = Dashboard()
    for name, value in dashboard_stages(session, now, stale_days):
        setattr(board, name, value)
    return board


def _people_of(
    session: Session,
    link: type[FollowUpStakeholder] | type[TouchpointAttendee],
    key: Mapped[int],
    ids: list[int],
) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    if not ids:
        return out
    # The ids bound as one parameter: thousands of overdue follow-ups make an IN-list that costs more
    # to render than to run.
    among = Backend.of(session).among
    for group in chunks(ids, ONE_PARAMETER_CHUNK):
        rows = session.execute(
            sa.select(key, col(Stakeholder.id), col(Stakeholder.name))
            .join(Stakeholder, col(Stakeholder.id) == col(link.stakeholder_id))
            .where(among(key, group))
            .order_by(col(Stakeholder.name_key))
        )
        for owner, pid, name in rows:
            out.setdefault(owner, []).append((pid, name))
    return out


def overdue_follow_ups(session: Session, now: datetime) -> list[FollowUpLine]:
    """Promises past their due date and not kept, oldest first."""
    f = FollowUp.__table__.c  # type: ignore[attr-defined]
    # Columns, not ORM objects: a team database has thousands of these, and the summary waits for them.
    rows = session.execute(
        sa.select(f.id, f.text, f.due_at, f.owner).where(f.done_at.is_(None), f.due_at < now).order_by(f.due_at, f.id)
    ).all()
    owed = _people_of(session, FollowUpStakeholder, col(FollowUpStakeholder.follow_up_id), [r[0] for r in rows])
    return [
        FollowUpLine(fid, text, due_at, owner, [p for p, _ in owed.get(fid, [])], [n for _, n in owed.get(fid, [])])
        for fid, text, due_at, owner in rows
    ]


def pending_touchpoints(session: Session, now: datetime) -> list[PendingLine]:
    """Planned touchpoints whose time has passed: they count as no briefing until settled (§2)."""
    t = Touchpoint.__table__.c  # type: ignore[attr-defined]
    rows = session.execute(
        sa.select(t.id, t.occurred_at, t.channel, t.plan_id, t.version, t.summary)
        .where(t.status == TouchpointStatus.PLANNED, t.occurred_at <= now)
        .order_by(t.occurred_at, t.id)
    ).all()
    plans = dict(session.exec(select(Plan.id, Plan.name)).all())
    who = _people_of(session, TouchpointAttendee, col(TouchpointAttendee.touchpoint_id), [r[0] for r in rows])
    return [
        PendingLine(
            tid,
            at,
            Channel(channel).value,
            plans.get(plan_id) if plan_id else None,
            version,
            summary,
            [p for p, _ in who.get(tid, [])],
            [n for _, n in who.get(tid, [])],
        )
        for tid, at, channel, plan_id, version, summary in rows
    ]
