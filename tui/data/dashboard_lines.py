"""The dashboard's figures as lines: the next events with their counts, the call list.

Light on purpose (no store, no SQLAlchemy): on a current SQLite file the first
frame shows these lines, made from what db/first_figures.py read before the
store opened; afterwards tui/data/dashboard.py makes the same lines through the rules.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.first_figures import FirstFigures, Surprised
from stakeholders.rules.influence_order import influence_order
from stakeholders.rules.words import reasons

EVENTS_SHOWN = 8


@dataclass
class EventLine:
    id: int
    title: str
    starts_at: datetime
    plan_id: int
    plan: str
    version: int
    surprised: int
    at_risk: int


@dataclass
class CallLine:
    person_id: int
    name: str
    event_id: int
    event: str
    deadline: datetime
    entry: Any = field(repr=False)
    """The flagged entry (reason codes, latest briefing, planned call): what `reasons` puts in words."""
    now: datetime = field(repr=False)

    @property
    def planned_at(self) -> datetime | None:
        return self.entry.planned_at  # type: ignore[no-any-return]

    @functools.cached_property
    def reasons(self) -> str:
        """In words: `heard only v1 (Mon 2 Nov); call planned Mon 23 Nov`. Made when first shown: the
        head of a team's call list is thousands of people, and a panel shows a dozen."""
        return reasons(self.entry, self.now)


@dataclass
class FollowUpLine:
    id: int
    text: str
    due_at: datetime
    owner: str | None
    person_ids: list[int]
    names: list[str]


@dataclass
class CadenceLine:
    person_id: int
    name: str
    days: int
    cadence: int
    level: str


@dataclass
class ReadinessLine:
    plan_id: int
    plan: str
    headline: str
    ready: bool | None


@dataclass
class PendingLine:
    """A planned touchpoint whose time has passed: did it happen?"""

    id: int
    occurred_at: datetime
    channel: str
    plan: str | None
    version: int | None
    summary: str | None
    person_ids: list[int]
    names: list[str]


@dataclass
class Dashboard:
    events: list[EventLine] = field(default_factory=list)
    calls: list[CallLine] = field(default_factory=list)
    follow_ups: list[FollowUpLine] = field(default_factory=list)
    cadence: list[CadenceLine] = field(default_factory=list)
    readiness: list[ReadinessLine] = field(default_factory=list)
    pending: list[PendingLine] = field(default_factory=list)


FirstLines = tuple[list[EventLine], list[CallLine]]


def call_order(figures: FirstFigures) -> list[tuple[int, Surprised]]:
    """The head of the call list in its final order (§3.5: an influencer before whoever they influence,
    within an event), as (index into `figures.events`, entry)."""
    position = {event.id: i for i, event in enumerate(figures.events)}
    ordered: list[tuple[int, Surprised]] = []
    for event, entries in figures.calls:
        by_id = {e.id: e for e in entries}
        order = influence_order([e.id for e in entries], figures.links)
        ordered.extend((position[event.id], by_id[pid]) for pid in order)
    return ordered


def first_lines(figures: FirstFigures, ordered: list[tuple[int, Surprised]] | None = None) -> FirstLines:
    """The lines `dashboard_stages` yields first ("events", then the head of "calls"), from the figures
    read ahead: the same rows in the same order (tests/tui/test_first_figures.py). `ordered` is
    `call_order(figures)`, if it was worked out already (in the process that read them)."""
    now = figures.now
    events = [EventLine(e.id, e.title, e.starts_at, e.plan_id, e.plan, e.version, e.surprised, e.at_risk)
              for e in figures.events]
    calls = [CallLine(e.id, e.name, event.id, event.title, event.starts_at, e, now)
             for event, e in ((figures.events[i], e) for i, e in (ordered or call_order(figures)))]
    return events, calls
