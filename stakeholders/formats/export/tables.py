"""The export's tables as streams: one stakeholder status row per person in a plan's scope, and the
plan's held touchpoints of the export window, yielded a few thousand at a time.

Each chunk of people is read with one query per fact (their columns, current stance, latest
briefing, open concerns); last contacts are read once for everyone and shared by every plan. So
memory holds one plan's ordered ids and one chunk of rows, never a whole table (§6: a stream).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from db import queries, rule_queries
from db.backend import Backend
from db.enums import StanceLevel, TouchpointStatus
from db.models import Plan, Stakeholder, Touchpoint, TouchpointAttendee
from stakeholders.rules.briefing import latest_briefings
from stakeholders.rules.mendelow import quadrant

ROWS_PER_CHUNK = 2000
KEY_INFLUENCE = 4


@dataclass(slots=True)
class StakeholderStatus:
    """One row of the stakeholder status table (the CSV, the Stakeholders sheet, the JSON's `stakeholders`)."""

    plan: str
    id: int
    name: str
    email: str | None
    title: str | None
    organization: str | None
    division: str | None
    influence: int
    interest: int
    quadrant: str
    stance: str
    desired: str
    last_briefed_version: int | None
    last_briefed_at: datetime | None
    last_contact: datetime | None
    open_concerns: int
    surprised_at_next_event: bool | None = None  # None: the plan has no upcoming event
    notes: str | None = None  # only with --include-notes

    @property
    def key(self) -> bool:
        return self.influence >= KEY_INFLUENCE


@dataclass(slots=True)
class TouchpointLine:
    id: int
    occurred_at: datetime
    channel: str
    by: str | None
    plan: str
    version: int | None
    attendees: list[str]
    summary: str | None = None  # only with --include-notes


class LastContacts:
    """Everyone's last held touchpoint, read once (db.queries.last_contacts) when first asked and
    shared by every plan of one export: per plan, the same people's attendances would be read again."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._all: dict[int, datetime] | None = None

    def get(self, person_id: int) -> datetime | None:
        if self._all is None:
            self._all = queries.last_contacts(self.session)
        return self._all.get(person_id)


def scope_in_name_order(session: Session, plan_id: int) -> list[int]:
    """The plan's scope (§3.3), ordered by name (case-insensitive), then id."""
    scope = rule_queries.plan_scope_ids(session, plan_id)
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    keyed: list[tuple[str, int]] = []
    among = Backend.of(session).among
    for group in queries.chunks(scope, rule_queries.ONE_PARAMETER_CHUNK):
        keyed.extend(
            (name_key, pid) for name_key, pid in session.execute(sa.select(s.name_key, s.id).where(among(s.id, group)))
        )
    keyed.sort()
    return [pid for _, pid in keyed]


def stakeholder_rows(
    session: Session,
    plan: Plan,
    now: datetime,
    include_notes: bool,
    contacts: LastContacts | None = None,
    surprised: set[int] | None = None,
) -> Iterator[StakeholderStatus]:
    """The plan's status table, by name, ROWS_PER_CHUNK people at a time. `surprised`: the ids
    surprised at the plan's next event (None when it has none)."""
    assert plan.id is not None
    contacts = contacts or LastContacts(session)
    desired = queries.desired_levels(session, plan.id)
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    unaware, supportive = StanceLevel.UNAWARE.value, StanceLevel.SUPPORTIVE
    among = Backend.of(session).among
    for group in queries.chunks(scope_in_name_order(session, plan.id), ROWS_PER_CHUNK):
        people = {
            r.id: r
            for r in session.execute(
                sa.select(
                    s.id, s.name, s.email, s.title, s.organization, s.division, s.influence, s.interest, s.notes
                ).where(among(s.id, group))
            )
        }
        stances = {
            pid: StanceLevel(level).value for pid, _, level, _ in queries.current_stance_rows(session, plan.id, group)
        }
        briefings = latest_briefings(session, plan.id, group, now)
        concerns = {pid: len(items) for pid, items in rule_queries.open_concerns(session, plan.id, group).items()}
        for pid in group:
            p = people[pid]
            briefing = briefings.get(pid)
            yield StakeholderStatus(
                plan.name,
                pid,
                p.name,
                p.email,
                p.title,
                p.organization,
                p.division,
                p.influence,
                p.interest,
                quadrant(p.influence, p.interest),
                stances.get(pid, unaware),
                desired.get(pid, supportive).value,
                briefing.version if briefing else None,
                briefing.occurred_at if briefing else None,
                contacts.get(pid),
                concerns.get(pid, 0),
                None if surprised is None else pid in surprised,
                p.notes if include_notes else None,
            )


def touchpoint_lines(
    session: Session, plan: Plan, since: datetime, now: datetime, include_notes: bool
) -> Iterator[TouchpointLine]:
    """Held touchpoints about the plan from `since` up to `now`, newest first, read a page at a time
    (keyset on occurred_at, id: no offset scan, no cursor held open across the attendees' reads)."""
    t = Touchpoint.__table__.c  # type: ignore[attr-defined]
    ta = TouchpointAttendee.__table__.c  # type: ignore[attr-defined]
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    after: tuple[datetime, int] | None = None
    while True:
        query = (
            sa.select(t.id, t.occurred_at, t.channel, t.by, t.version, t.summary)
            .where(
                t.plan_id == plan.id, t.status == TouchpointStatus.HELD, t.occurred_at >= since, t.occurred_at <= now
            )
            .order_by(t.occurred_at.desc(), t.id.desc())
            .limit(ROWS_PER_CHUNK)
        )
        if after is not None:
            query = query.where(sa.or_(t.occurred_at < after[0], sa.and_(t.occurred_at == after[0], t.id < after[1])))
        page = session.execute(query).all()
        if not page:
            return
        names: dict[int, list[str]] = {}
        for tid, name in session.execute(
            sa.select(ta.touchpoint_id, s.name)
            .join(Stakeholder.__table__, s.id == ta.stakeholder_id)  # type: ignore[attr-defined]
            .where(ta.touchpoint_id.in_([row.id for row in page]))
            .order_by(s.name_key)
        ):
            names.setdefault(tid, []).append(name)
        for row in page:
            yield TouchpointLine(
                row.id,
                row.occurred_at,
                _value(row.channel),
                row.by,
                plan.name,
                row.version,
                names.get(row.id, []),
                row.summary if include_notes else None,
            )
        if len(page) < ROWS_PER_CHUNK:
            return
        after = (page[-1].occurred_at, page[-1].id)


def _value(enum_or_text: Any) -> str:
    return getattr(enum_or_text, "value", enum_or_text)
