"""The status model behind every status export (md, html, csv, json, xlsx).

A plan's *summary* (readiness, events, key risks, what moved, buy-in by
division) is built once per plan with set-based queries, a fixed number per
plan whatever the number of people. The *tables* (one row per stakeholder in
scope, the touchpoints of the export window) are never held whole: they are
generators the csv, json and xlsx writers consume row by row, one plan at a
time, so memory does not grow with the data (§6). Private notes (stakeholder
notes, touchpoint notes) are dropped here unless `include_notes` is set, so a
writer cannot leak what it was never given.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db import queries, rule_queries
from db.backend import Backend
from db.enums import StanceLevel
from db.models import Plan, PlanVersion, Stakeholder, Stance
from stakeholders.formats.export import tables
from stakeholders.formats.export.tables import StakeholderStatus, TouchpointLine
from stakeholders.rules.readiness import Readiness, plan_readiness, readiness_json
from stakeholders.rules.surprise import (
    KEY_INFLUENCE,
    EventSurprises,
    evaluate_event,
    event_json,
    events_to_evaluate,
)

MOVED_DAYS = 7
TOUCHPOINT_DAYS = 90
ACTIVE_DAYS = 30  # the md/html default scope: plans with activity this recent (or an upcoming event)
LEVELS = [level.value for level in StanceLevel]
ON_SIDE = {StanceLevel.SUPPORTIVE.value, StanceLevel.LEADING.value}
NO_DIVISION = "(no division)"

__all__ = ["StakeholderStatus", "TouchpointLine"]


@dataclass
class KeyRisk:
    """A key stakeholder in scope who is resistant or has open concerns, with their relationship owner."""

    id: int
    name: str
    title: str | None
    organization: str | None
    influence: int
    interest: int
    stance: str
    concerns: list[str]
    owner: str | None = None
    division: str | None = None
    notes: str | None = None


@dataclass
class StanceMove:
    id: int
    name: str
    from_level: str
    to_level: str
    at: datetime
    influence: int = 0

    @property
    def key(self) -> bool:
        return self.influence >= KEY_INFLUENCE

    @property
    def first_sighting(self) -> bool:
        """`unaware → …`: someone heard of for the first time, not someone who changed their mind."""
        return self.from_level == StanceLevel.UNAWARE.value


@dataclass
class DivisionBuyIn:
    """One division's people in the plan's scope: how many are on side, who would be surprised next."""

    name: str  # NO_DIVISION for people without one
    people: int
    on_side: int  # supportive or leading
    surprised: list[str] = field(default_factory=list)  # at the next event, in entry order (key first)

    @property
    def share(self) -> float:
        return self.on_side / self.people if self.people else 1.0


@dataclass
class PlanStatus:
    id: int
    name: str
    current_version: int
    version_summary: str
    approved_by: str | None
    readiness: Readiness
    readiness_json: dict[str, object]
    events: list[EventSurprises]  # the plan's upcoming planned events, soonest first (up to the limit asked)
    upcoming_events: int = 0  # how many upcoming planned events the plan has, shown or not
    version_changes: str | None = None
    version_created_at: datetime | None = None
    approved_at: datetime | None = None
    key_risks: list[KeyRisk] = field(default_factory=list)
    moved: list[StanceMove] = field(default_factory=list)  # key stakeholders first, then newest first
    divisions: list[DivisionBuyIn] = field(default_factory=list)  # furthest behind first, NO_DIVISION last

    @property
    def headline(self) -> str:
        return self.readiness.headline

    def events_json(self) -> Iterator[dict[str, object]]:
        """The events shaped as `surprises --json` events, one at a time (a plan's upcoming events can
        hold hundreds of thousands of entries: never all as dicts at once)."""
        return (event_json(event) for event in self.events)

    @property
    def stance_distribution(self) -> dict[str, int]:
        return {level: self.readiness.stance_distribution.get(level, 0) for level in LEVELS}


@dataclass
class StatusReport:
    """The plans in scope, each summary built when iterated (one plan in memory at a time), and the
    tables as generators over the same session (everyone's last contact read once, shared)."""

    generated_at: datetime
    stale_days: int
    include_notes: bool
    session: Session
    plan_rows: list[Plan]
    since: datetime
    events_limit: int | None = None
    contacts: tables.LastContacts | None = None
    scoped: bool = False  # some plans were left out as inactive (the md/html default)

    @property
    def plans(self) -> Iterator[PlanStatus]:
        for plan in self.plan_rows:
            yield plan_status(
                self.session,
                plan,
                now=self.generated_at,
                stale_days=self.stale_days,
                include_notes=self.include_notes,
                events_limit=self.events_limit,
            )

    def stakeholders(self, plan: Plan, surprised: set[int] | None = None) -> Iterator[StakeholderStatus]:
        """The plan's status table; `surprised`: who would be surprised at its next event (see
        `surprised_at_next_event`), None when it has none."""
        if self.contacts is None:
            self.contacts = tables.LastContacts(self.session)
        return tables.stakeholder_rows(
            self.session, plan, self.generated_at, self.include_notes, self.contacts, surprised
        )

    def touchpoints(self, plan: Plan) -> Iterator[TouchpointLine]:
        return tables.touchpoint_lines(self.session, plan, self.since, self.generated_at, self.include_notes)

    def surprised_at_next_event(self, plan: Plan) -> set[int] | None:
        """The ids surprised at the plan's next upcoming event; None if it has none."""
        upcoming = events_to_evaluate(self.session, self.generated_at, plan_id=plan.id)
        if not upcoming:
            return None
        event = evaluate_event(self.session, upcoming[0], now=self.generated_at, stale_days=self.stale_days)
        return {entry.id for entry in event.surprised}


def build_status(
    session: Session,
    *,
    now: datetime,
    plan: Plan | None = None,
    plans: list[Plan] | None = None,
    stale_days: int = 30,
    include_notes: bool = False,
    since: datetime | None = None,
    active_only: bool = False,
    events_limit: int | None = None,
) -> StatusReport:
    """The status as of `now` of the plans named (`plan`, `plans`), else of every plan by name, or with
    `active_only` of the plans with an upcoming event or activity in the last ACTIVE_DAYS days (§6)."""
    scoped = False
    if plan is not None:
        chosen = [plan]
    elif plans:
        chosen = list(plans)
    else:
        chosen = list(session.exec(select(Plan).order_by(Plan.name_key)))
        if active_only:
            active = active_plan_ids(session, now)
            every = len(chosen)
            chosen = [p for p in chosen if p.id in active]
            scoped = len(chosen) < every
    return StatusReport(
        generated_at=now,
        stale_days=stale_days,
        include_notes=include_notes,
        session=session,
        plan_rows=chosen,
        since=since or now - timedelta(days=TOUCHPOINT_DAYS),
        events_limit=events_limit,
        scoped=scoped,
    )


def active_plan_ids(session: Session, now: datetime) -> set[int]:
    """Plans with an upcoming planned event, or a touchpoint, stance, version or sign-off in the
    last ACTIVE_DAYS days: the one-page status's default scope. One query per kind of activity."""
    from db.enums import EventStatus
    from db.models import Event, Touchpoint

    since = now - timedelta(days=ACTIVE_DAYS)
    e, t = Event.__table__.c, Touchpoint.__table__.c  # type: ignore[attr-defined]
    st, v = Stance.__table__.c, PlanVersion.__table__.c  # type: ignore[attr-defined]
    found: set[int] = set()
    for query in (
        sa.select(e.plan_id).where(e.status == EventStatus.PLANNED, e.starts_at >= now),
        sa.select(t.plan_id).where(t.plan_id.is_not(None), t.occurred_at >= since, t.occurred_at <= now),
        sa.select(st.plan_id).where(st.observed_at >= since, st.observed_at <= now),
        sa.select(v.plan_id).where(v.created_at >= since),
        sa.select(v.plan_id).where(v.approved_at >= since),
    ):
        found.update(session.execute(query.distinct()).scalars())
    return found


def plan_status(
    session: Session,
    plan: Plan,
    *,
    now: datetime,
    stale_days: int = 30,
    include_notes: bool = False,
    events_limit: int | None = None,
) -> PlanStatus:
    """One plan's summary: readiness, its upcoming events (the first `events_limit` of them, all by
    default), key risks with their owners, what moved this week, buy-in by division."""
    assert plan.id is not None
    upcoming = events_to_evaluate(session, now, plan_id=plan.id)
    shown = upcoming if events_limit is None else upcoming[:events_limit]
    events = [evaluate_event(session, event, now=now, stale_days=stale_days) for event in shown]
    version = _current_version(session, plan)
    readiness = plan_readiness(session, plan, now=now, stale_days=stale_days, evaluated={e.id: e for e in events})
    status = PlanStatus(
        id=plan.id,
        name=plan.name,
        current_version=version.number,
        version_summary=version.summary,
        approved_by=version.approved_by,
        approved_at=version.approved_at,
        version_changes=version.changes,
        version_created_at=version.created_at,
        readiness=readiness,
        readiness_json=readiness_json(readiness),
        events=events,
        upcoming_events=len(upcoming),
    )
    # The scope, its current stances and open concerns as readiness read them (§3.3): read once a plan.
    stances = {pid: level.value for pid, level in readiness.stances.items()}
    status.key_risks = _key_risks(session, readiness, stances, include_notes)
    status.moved = _moved(session, plan, now)
    status.divisions = _divisions(session, readiness.scope_ids, stances, readiness.next_event)
    return status


def _current_version(session: Session, plan: Plan) -> PlanVersion:
    version = session.exec(
        select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(col(PlanVersion.number).desc())
    ).first()
    if version is None:  # a plan is written with its version 1 (stakeholders.plans.add_plan)
        raise ValueError(f"plan '{plan.name}' has no version")
    return version


def _key_risks(session: Session, readiness: Readiness, stances: dict[int, str], include_notes: bool) -> list[KeyRisk]:
    """Key stakeholders in the scope whose current stance is resistant or who have open concerns
    (`stances` and the concerns are the scope's, as readiness read them): only those candidates'
    rows are read, never the whole scope's."""
    concerns = {pid: [text for _, text, _ in items] for pid, items in readiness.concerns.items() if items}
    candidates = sorted({pid for pid, level in stances.items() if level == StanceLevel.RESISTANT.value} | set(concerns))
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    backend = Backend.of(session)
    risks = []
    for group in queries.chunks(candidates, rule_queries.ONE_PARAMETER_CHUNK):
        rows = session.execute(
            sa.select(
                s.id, s.name, s.title, s.organization, s.influence, s.interest, s.owner, s.division, s.notes
            ).where(backend.among(s.id, group), s.influence >= KEY_INFLUENCE)
        )
        risks += [
            KeyRisk(
                id=r.id,
                name=r.name,
                title=r.title,
                organization=r.organization,
                influence=r.influence,
                interest=r.interest,
                stance=stances.get(r.id, StanceLevel.UNAWARE.value),
                concerns=concerns.get(r.id, []),
                owner=r.owner,
                division=r.division,
                notes=r.notes if include_notes else None,
            )
            for r in rows
        ]
    risks.sort(key=lambda r: (-r.influence, -r.interest, r.name.lower(), r.id))
    return risks


def _moved(session: Session, plan: Plan, now: datetime) -> list[StanceMove]:
    """Stance changes observed in the 7 days before `now` (a repeated level is not a move): key
    stakeholders first, then the newest first."""
    st, s = Stance.__table__.c, Stakeholder.__table__.c  # type: ignore[attr-defined]
    previous = (
        sa.func.lag(st.level).over(partition_by=st.stakeholder_id, order_by=(st.observed_at, st.id)).label("previous")
    )
    history = (
        sa.select(st.id, st.stakeholder_id, st.level, st.observed_at, previous)
        .where(st.plan_id == plan.id, st.observed_at <= now)
        .subquery()
    )
    rows = session.execute(
        sa.select(
            history.c.stakeholder_id, s.name, s.influence, history.c.previous, history.c.level, history.c.observed_at
        )
        .join(Stakeholder.__table__, s.id == history.c.stakeholder_id)  # type: ignore[attr-defined]
        .where(history.c.observed_at > now - timedelta(days=MOVED_DAYS), s.archived_at.is_(None))
        .order_by(history.c.observed_at.desc(), history.c.id.desc())
    ).all()
    moves = []
    for pid, name, influence, before, level, at in rows:
        before = StanceLevel(before).value if before else StanceLevel.UNAWARE.value
        level = StanceLevel(level).value
        if before != level:
            moves.append(StanceMove(id=pid, name=name, from_level=before, to_level=level, at=at, influence=influence))
    moves.sort(key=lambda m: not m.key)  # stable: newest first within each group
    return moves


def _divisions(
    session: Session, scope: list[int], stances: dict[int, str], next_event: EventSurprises | None
) -> list[DivisionBuyIn]:
    """Buy-in by division over the plan's scope: the division furthest behind (smallest share on
    side; ties: more surprised, then name) first, NO_DIVISION last."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    people: dict[str | None, int] = defaultdict(int)
    on_side: dict[str | None, int] = defaultdict(int)
    division_of: dict[int, str | None] = {}
    backend = Backend.of(session)
    for group in queries.chunks(scope, rule_queries.ONE_PARAMETER_CHUNK):
        # Ids bound as one parameter: a 20,000-item IN-list costs more to render than to run.
        for pid, division in session.execute(sa.select(s.id, s.division).where(backend.among(s.id, group))):
            division_of[pid] = division
            people[division] += 1
            if stances.get(pid) in ON_SIDE:
                on_side[division] += 1
    # Spellings that differ in case only ("sales emea") are one division; the first seen names it, as §2
    # keeps the first stored.
    by_name: dict[str, DivisionBuyIn] = {}
    for division, count in people.items():
        name = division.strip() if division and division.strip() else NO_DIVISION
        entry = by_name.setdefault(name.casefold(), DivisionBuyIn(name=name, people=0, on_side=0))
        entry.people += count
        entry.on_side += on_side[division]
    division_key = {
        division: (division.strip() if division and division.strip() else NO_DIVISION).casefold() for division in people
    }
    if next_event is not None:
        for person in next_event.surprised:  # entry order: key stakeholders first
            if person.id in division_of:
                by_name[division_key[division_of[person.id]]].surprised.append(person.name)
    return sorted(
        by_name.values(), key=lambda d: (d.name == NO_DIVISION, d.share, -len(d.surprised), d.name.casefold())
    )
