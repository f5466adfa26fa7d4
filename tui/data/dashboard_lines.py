"""The dashboard's figures as lines: the next events with their counts, the call list.

Light on purpose (no store, no SQLAlchemy): on a current SQLite file the first
frame shows these lines, made from what db/first_figures.py read before the
store opened; afterwards tui/data/dashboard.py makes the same lines through the rules.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from db.first_figures import EventFigures, FirstFigures, Surprised
from stakeholders.rules.influence_order import influence_order
from stakeholders.rules.words import reasons

EVENTS_SHOWN = 8


EventLine = EventFigures
"""One of the next events with its counts: the same record whether read ahead or through the rules."""


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
        return self.entry.planned_at

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
    calls: Sequence[CallLine] = field(default_factory=list)
    follow_ups: list[FollowUpLine] = field(default_factory=list)
    cadence: list[CadenceLine] = field(default_factory=list)
    readiness: list[ReadinessLine] = field(default_factory=list)
    pending: list[PendingLine] = field(default_factory=list)


FirstLines = tuple[list[EventLine], Sequence[CallLine]]


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


Plain = tuple[datetime, list[tuple[Any, ...]], list[tuple[int, tuple[Any, ...]]]]
"""The figures as plain tuples, ordered: what a child process sends back (tuples of numbers and strings
pickle ~5x faster than named tuples and datetimes)."""


def plain(figures: FirstFigures) -> Plain:
    return (figures.now, [tuple(e) for e in figures.events], [(i, tuple(e)) for i, e in call_order(figures)])


class CallLines(Sequence[CallLine]):
    """The call list's head read ahead, made into lines as they are looked at: the head is thousands of
    people at 50,000 stakeholders, and the first frame shows a dozen."""

    def __init__(self, events: list[EventLine], ordered: list[tuple[int, tuple[Any, ...]]], now: datetime) -> None:
        self._events, self._ordered, self._now = events, ordered, now
        self._made: dict[int, CallLine] = {}

    def __len__(self) -> int:
        return len(self._ordered)

    @overload
    def __getitem__(self, index: int) -> CallLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[CallLine]: ...

    def __getitem__(self, index: int | slice) -> CallLine | list[CallLine]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative indices, and IndexError past the end
        line = self._made.get(index)
        if line is None:
            at, values = self._ordered[index]
            event, entry = self._events[at], Surprised._make(values)
            line = self._made[index] = CallLine(
                entry.id, entry.name, event.id, event.title, event.starts_at, entry, self._now
            )
        return line


def first_lines(figures: FirstFigures | Plain) -> FirstLines:
    """The lines `dashboard_stages` yields first ("events", then the head of "calls"), from the figures
    read ahead (or their `plain` form): the same rows in the same order (tests/tui/test_first_figures.py)."""
    now, events, ordered = plain(figures) if isinstance(figures, FirstFigures) else figures
    event_lines = [EventLine._make(e) for e in events]
    return event_lines, CallLines(event_lines, ordered, now)
