"""§3.5 Call list: who to call next, and by when.

The surprised people of the upcoming events, each once, under the soonest
event that flags them (its start is the deadline). Within an event the base
order is influence (desc), interest (desc), name — except that an influencer
is called before the people who listen to them when both are listed under
that event, so the influenced hear the plan from us after their influencer
already has. Only direct links count; cycles are ignored (see `influence_order`).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from db import rule_queries
from stakeholders.rules.influence_order import influence_order
from stakeholders.rules.surprise import EventSurprises, SurpriseEntry, events_to_evaluate, iso, surprised_at
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


def call_list(
    session: Session,
    *,
    now: datetime,
    stale_days: int = DEFAULT_STALE_DAYS,
    evaluated: Mapping[int, EventSurprises] | None = None,
    first: int | None = None,
) -> list[CallItem]:
    """Surprised people of the upcoming events, soonest deadline first.

    Each event is asked only who in its audience is surprised (`surprised_at`: one statement, the
    audience resolved inside it, no at-risk lookups); the people a sooner event lists are then
    dropped. Asking only about the people not yet listed meant passing their ids and their
    briefings to the database and back, three queries an event instead of one: at 672 upcoming
    events that cost more than classifying everyone again. `evaluated`
    holds events the caller has already evaluated in full (the dashboard's next events).
    `first` stops after that many events: the head of the full list, the same rows in the same
    order (an event's group depends only on sooner events). `stale_days` does not change who is
    surprised; it is accepted for symmetry with `surprises`.
    """
    seen: set[int] = set()
    groups: list[tuple[Any, list[SurpriseEntry]]] = []
    for event in events_to_evaluate(session, now)[:first]:
        known = evaluated.get(event.id) if evaluated else None  # type: ignore[arg-type]
        surprised = known.surprised if known is not None else surprised_at(session, event)
        fresh = [e for e in surprised if e.id not in seen]
        seen.update(e.id for e in fresh)
        if fresh:
            groups.append((event, fresh))
    # Each group is ordered with the links into it only: handing every group all the links (tens of
    # thousands at 50,000 people) made the ordering walk them once per event (~1.5 s for 533 groups).
    links_into: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for link in rule_queries.influence_links(session, seen) if seen else []:
        links_into[link[1]].append(link)
    items: list[CallItem] = []
    for result, entries in groups:
        by_id = {e.id: e for e in entries}
        ids = [e.id for e in entries]
        for pid in influence_order(ids, {link for i in ids for link in links_into.get(i, ())}):
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
