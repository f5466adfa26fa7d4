"""§3.5 Call list: who to call next, and by when.

The surprised people of the upcoming events, each once, under the soonest
event that flags them (its start is the deadline). Within an event the base
order is influence (desc), interest (desc), name — except that an influencer
is called before the people who listen to them when both are listed under
that event, so the influenced hear the plan from us after their influencer
already has. Only direct links count; cycles are ignored (see `influence_order`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from db import rule_queries
from stakeholders.events import resolved_audience_ids
from stakeholders.rules.briefing import Briefing, latest_briefings
from stakeholders.rules.influence_order import influence_order
from stakeholders.rules.surprise import (
    EventSurprises,
    SurpriseEntry,
    classify,
    events_to_evaluate,
    iso,
)
from stakeholders.settings import DEFAULT_STALE_DAYS


@dataclass
class CallItem:
    id: int
    name: str
    email: str | None
    organization: str | None
    influence: int
    interest: int
    key: bool
    event_id: int
    event: str  # the event's title
    deadline: datetime  # the event's start
    reasons: list[str]
    last_briefed_version: int | None
    last_briefed_at: datetime | None
    planned_at: datetime | None


class _SharedBriefings:
    """Latest briefings on each plan, read once for all of the plan's upcoming events.

    Events come soonest first, so a plan's first event has its earliest start T0. When no held
    touchpoint about the plan occurred at or after T0, "latest briefing before T" is the same
    for every later start T as for T0, and one read serves them all (otherwise each event reads
    its own). Each event reads only the people no sooner event of the plan asked about: one
    index descent per person (db/rule_queries.py), so reading the whole plan's briefings at
    once never pays (~0.6 s for the benchmark's largest plan, against ~0.07 s per 10,000 people).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.plans: dict[int, tuple[datetime, dict[int, Briefing], set[int]] | None] = {}

    def get(self, event: Any, ids: list[int]) -> Mapping[int, Briefing]:
        plan_id, at = event.plan_id, event.starts_at
        if plan_id not in self.plans:
            shared = not rule_queries.held_since(self.session, plan_id, at)
            self.plans[plan_id] = (at, {}, set()) if shared else None
        entry = self.plans[plan_id]
        if entry is None:
            return latest_briefings(self.session, plan_id, ids, at)
        first_start, found, asked = entry
        new = [pid for pid in ids if pid not in asked]
        if new:
            found.update(latest_briefings(self.session, plan_id, new, first_start))
            asked.update(new)
        return found


def call_list(
    session: Session,
    *,
    now: datetime,
    stale_days: int = DEFAULT_STALE_DAYS,
    evaluated: Mapping[int, EventSurprises] | None = None,
    first: int | None = None,
) -> list[CallItem]:
    """Surprised people of the upcoming events, soonest deadline first.

    Each event is asked only about the audience members no sooner event has listed, and only
    whether they are surprised (a person's classification does not depend on anyone else's):
    with hundreds of upcoming events, most of a later audience is already listed. `evaluated`
    holds events the caller has already evaluated in full (the dashboard's next events).
    `first` stops after that many events: the head of the full list, the same rows in the same
    order (an event's group depends only on sooner events). `stale_days` does not change who is
    surprised; it is accepted for symmetry with `surprises`.
    """
    seen: set[int] = set()
    groups: list[tuple[Any, list[SurpriseEntry]]] = []
    shared = _SharedBriefings(session)
    for event in events_to_evaluate(session, now)[:first]:
        known = evaluated.get(event.id) if evaluated else None  # type: ignore[arg-type]
        if known is not None:
            fresh = [e for e in known.surprised if e.id not in seen]
        else:
            audience = [pid for pid in resolved_audience_ids(session, event) if pid not in seen]
            fresh, _ = classify(
                session,
                event.plan_id,
                event.version,
                event.starts_at,
                audience,
                stale_days=stale_days,
                surprised_only=True,
                briefings=shared.get(event, audience) if audience else {},
            )
        seen.update(e.id for e in fresh)
        if fresh:
            groups.append((event, fresh))
    links = set(rule_queries.influence_links(session, seen)) if seen else set()
    items: list[CallItem] = []
    for result, entries in groups:
        by_id = {e.id: e for e in entries}
        for pid in influence_order([e.id for e in entries], links):
            e = by_id[pid]
            items.append(
                CallItem(
                    id=e.id,
                    name=e.name,
                    email=e.email,
                    organization=e.organization,
                    influence=e.influence,
                    interest=e.interest,
                    key=e.key,
                    event_id=result.id,
                    event=result.title,
                    deadline=result.starts_at,
                    reasons=list(e.reasons),
                    last_briefed_version=e.last_briefed_version,
                    last_briefed_at=e.last_briefed_at,
                    planned_at=e.planned_at,
                )
            )
    return items


def calls_json(items: list[CallItem]) -> list[dict[str, Any]]:
    """The `calls --json` array of §3.5."""
    return [
        {
            "id": i.id,
            "name": i.name,
            "email": i.email,
            "event": i.event,
            "deadline": iso(i.deadline),
            "reasons": list(i.reasons),
            "planned_at": iso(i.planned_at),
        }
        for i in items
    ]
