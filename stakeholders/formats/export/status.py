"""The status model behind every status export (md, html, csv, json, xlsx): built once, rendered many ways.

Everything is read with set-based queries, a fixed number per plan whatever
the number of people (ids in chunks). Private notes (stakeholder notes,
touchpoint notes) are dropped here unless `include_notes` is set, so a
writer cannot leak what it was never given.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from db import queries, rule_queries
from db.enums import StanceLevel, TouchpointStatus
from db.models import Plan, PlanVersion, Stakeholder, Stance, Touchpoint
from stakeholders.rules.briefing import latest_briefings
from stakeholders.rules.mendelow import quadrant
from stakeholders.rules.readiness import Readiness, plan_readiness, readiness_json
from stakeholders.rules.surprise import (
    KEY_INFLUENCE,
    EventSurprises,
    evaluate_event,
    events_to_evaluate,
    surprises_json,
)

MOVED_DAYS = 7
TOUCHPOINT_DAYS = 90
LEVELS = [level.value for level in StanceLevel]


@dataclass
class StakeholderStatus:
    """One row of the stakeholder status table (the CSV, the Stakeholders sheet)."""

    plan: str
    id: int
    name: str
    email: str | None
    title: str | None
    organization: str | None
    influence: int
    interest: int
    quadrant: str
    stance: str
    desired: str
    last_briefed_version: int | None
    last_briefed_at: datetime | None
    last_contact: datetime | None
    open_concerns: int
    notes: str | None = None  # only with --include-notes

    @property
    def key(self) -> bool:
        return self.influence >= KEY_INFLUENCE


@dataclass
class KeyRisk:
    """A key stakeholder who is resistant or has open concerns."""

    id: int
    name: str
    title: str | None
    organization: str | None
    influence: int
    interest: int
    stance: str
    concerns: list[str]
    notes: str | None = None


@dataclass
class StanceMove:
    id: int
    name: str
    from_level: str
    to_level: str
    at: datetime


@dataclass
class TouchpointLine:
    id: int
    occurred_at: datetime
    channel: str
    by: str | None
    plan: str
    version: int | None
    attendees: list[str]
    summary: str | None = None  # only with --include-notes


@dataclass
class PlanStatus:
    id: int
    name: str
    current_version: int
    version_summary: str
    approved_by: str | None
    readiness: Readiness
    readiness_json: dict[str, object]
    events: list[EventSurprises]  # the plan's upcoming planned events, soonest first
    events_json: list[dict[str, object]]  # the same, shaped as `surprises --json` events
    key_risks: list[KeyRisk] = field(default_factory=list)
    moved: list[StanceMove] = field(default_factory=list)
    stakeholders: list[StakeholderStatus] = field(default_factory=list)
    touchpoints: list[TouchpointLine] = field(default_factory=list)

    @property
    def headline(self) -> str:
        return self.readiness.headline

    @property
    def stance_distribution(self) -> dict[str, int]:
        return {level: self.readiness.stance_distribution.get(level, 0) for level in LEVELS}


@dataclass
class StatusReport:
    generated_at: datetime
    stale_days: int
    include_notes: bool
    plans: list[PlanStatus]


def build_status(session: Session, *, now: datetime, plan: Plan | None = None, stale_days: int = 30,
                 include_notes: bool = False) -> StatusReport:
    """The status of one plan, or of every plan (by name), as of `now`."""
    plans = [plan] if plan is not None else list(session.exec(select(Plan).order_by(Plan.name_key)))
    out = []
    for target in plans:
        events = [evaluate_event(session, event, now=now, stale_days=stale_days)
                  for event in events_to_evaluate(session, now, plan_id=target.id)]
        version = _current_version(session, target)
        readiness = plan_readiness(session, target, now=now, stale_days=stale_days)
        scope = rule_queries.plan_scope_ids(session, target.id)  # type: ignore[arg-type]
        concerns = {pid: [text for _, text, _ in items]
                    for pid, items in rule_queries.open_concerns(session, target.id, scope).items()}  # type: ignore[arg-type]
        status = PlanStatus(
            id=target.id, name=target.name, current_version=version.number,  # type: ignore[arg-type]
            version_summary=version.summary, approved_by=version.approved_by, readiness=readiness,
            readiness_json=readiness_json(readiness), events=events,
            events_json=surprises_json(events, now)["events"])
        status.stakeholders = _stakeholder_rows(session, target, now, scope, concerns, include_notes)
        status.key_risks = _key_risks(status.stakeholders, concerns)
        status.moved = _moved(session, target, now)
        status.touchpoints = _touchpoints(session, target, now, include_notes)
        out.append(status)
    return StatusReport(generated_at=now, stale_days=stale_days, include_notes=include_notes, plans=out)


def _current_version(session: Session, plan: Plan) -> PlanVersion:
    return session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                        .order_by(PlanVersion.number.desc())).first()  # type: ignore[attr-defined,return-value]


def _stakeholder_rows(session: Session, plan: Plan, now: datetime, scope: list[int], concerns: dict[int, list[str]],
                      include_notes: bool) -> list[StakeholderStatus]:
    people = sorted(rule_queries.people_rows(session, scope), key=lambda p: (p.name_key, p.id))
    stances = {pid: StanceLevel(level).value for group in queries.chunks(scope)
               for pid, _, level, _ in queries.current_stance_rows(session, plan.id, group)}
    desired = queries.desired_levels(session, plan.id)  # type: ignore[arg-type]
    briefings = latest_briefings(session, plan.id, scope, now)  # type: ignore[arg-type]
    contacts = queries.last_contacts(session, scope) if scope else {}
    rows = []
    for p in people:
        briefing = briefings.get(p.id)
        rows.append(StakeholderStatus(
            plan=plan.name, id=p.id, name=p.name, email=p.email, title=p.title, organization=p.organization,
            influence=p.influence, interest=p.interest, quadrant=quadrant(p.influence, p.interest),
            stance=stances.get(p.id, StanceLevel.UNAWARE.value),
            desired=desired.get(p.id, StanceLevel.SUPPORTIVE).value,
            last_briefed_version=briefing.version if briefing else None,
            last_briefed_at=briefing.occurred_at if briefing else None,
            last_contact=contacts.get(p.id), open_concerns=len(concerns.get(p.id, [])),
            notes=p.notes if include_notes else None))
    return rows


def _key_risks(rows: list[StakeholderStatus], concerns: dict[int, list[str]]) -> list[KeyRisk]:
    risky = [r for r in rows if r.key and (r.stance == StanceLevel.RESISTANT.value or r.open_concerns)]
    risky.sort(key=lambda r: (-r.influence, -r.interest, r.name.lower(), r.id))
    return [KeyRisk(id=r.id, name=r.name, title=r.title, organization=r.organization, influence=r.influence,
                    interest=r.interest, stance=r.stance, concerns=concerns.get(r.id, []), notes=r.notes)
            for r in risky]


def _moved(session: Session, plan: Plan, now: datetime) -> list[StanceMove]:
    """Stance changes observed in the 7 days before `now` (a repeated level is not a move)."""
    previous = sa.func.lag(Stance.level).over(
        partition_by=Stance.stakeholder_id, order_by=(Stance.observed_at, Stance.id)).label("previous")
    history = select(Stance.id, Stance.stakeholder_id, Stance.level, Stance.observed_at, previous).where(
        Stance.plan_id == plan.id, Stance.observed_at <= now).subquery()
    rows = session.execute(
        sa.select(history.c.stakeholder_id, Stakeholder.name, history.c.previous, history.c.level,
                  history.c.observed_at)
        .join(Stakeholder, Stakeholder.id == history.c.stakeholder_id)
        .where(history.c.observed_at > now - timedelta(days=MOVED_DAYS), Stakeholder.archived_at.is_(None))  # type: ignore[union-attr]
        .order_by(history.c.observed_at.desc(), history.c.id.desc())).all()
    moves = []
    for pid, name, before, level, at in rows:
        before = StanceLevel(before).value if before else StanceLevel.UNAWARE.value
        level = StanceLevel(level).value
        if before != level:
            moves.append(StanceMove(id=pid, name=name, from_level=before, to_level=level, at=at))
    return moves


def _touchpoints(session: Session, plan: Plan, now: datetime, include_notes: bool) -> list[TouchpointLine]:
    """Held touchpoints about the plan in the last 90 days, newest first."""
    from stakeholders.views import touchpoint_items

    query = select(Touchpoint).where(Touchpoint.plan_id == plan.id, Touchpoint.status == TouchpointStatus.HELD,
                                     Touchpoint.occurred_at >= now - timedelta(days=TOUCHPOINT_DAYS),
                                     Touchpoint.occurred_at <= now)
    return [TouchpointLine(id=t["id"], occurred_at=datetime.fromisoformat(t["occurred_at"]), channel=t["channel"],
                           by=t["by"], plan=plan.name, version=t["version"], attendees=t["attendees"],
                           summary=t["summary"] if include_notes else None)
            for t in reversed(touchpoint_items(session, query))]
