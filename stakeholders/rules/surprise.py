"""§3.2 Surprise, the heart of the product: who in an event's audience would be caught off guard.

For an event E (plan P, version V, at time T, audience A) each audience member
is classified by one statement over the whole audience (db.surprise_statement.flagged_statement,
the audience resolved inside it) from their latest briefing on P before T (§3.1), their
current stance on P (as of now: "current" is what we know today, not a forecast for T),
their open concerns on P, and the earliest planned call with them about P at version
>= V before T.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from db import rule_queries, surprise_statement
from db.backend import Backend
from db.enums import EventStatus
from db.models import Event, Plan
from stakeholders.events import audience_is_frozen, audience_select
from stakeholders.rules.briefing import Briefing

# Entries are defined without SQLAlchemy (the brief's sqlite3 reader builds them too); re-exported here.
from stakeholders.rules.entries import KEY_INFLUENCE, SurpriseEntry, entry_order, iso  # noqa: F401
from stakeholders.rules.entries import entries_of as _entries
from stakeholders.settings import DEFAULT_STALE_DAYS


@dataclass
class EventSurprises:
    id: int
    title: str
    kind: str
    starts_at: datetime
    plan: str  # the plan's name, as in the JSON
    version: int
    surprised: list[SurpriseEntry] = field(default_factory=list)
    at_risk: list[SurpriseEntry] = field(default_factory=list)
    plan_id: int = 0
    status: str = EventStatus.PLANNED.value
    audience_size: int = 0


@cache
def _statements(backend: Backend, audience: str, surprised_only: bool, planned_from_plan: bool) -> tuple[Any, Any]:
    """db.surprise_statement.flagged_statement for an audience of `ids` (bound), of `known` briefings
    (bound), or an event's `live` or `frozen` audience (its id bound as `event_id`): built once per shape."""
    if audience == "known":
        return surprise_statement.flagged_statement(
            backend,
            briefed=surprise_statement.known_briefings(backend),
            surprised_only=surprised_only,
            planned_from_plan=planned_from_plan,
        )
    people: sa.Select | sa.CompoundSelect
    if audience == "ids":
        people = sa.select(backend.ids_table(backend.ids_parameter("ids")).c.value)
    else:
        people = audience_select(sa.bindparam("event_id", type_=sa.Integer), frozen=audience == "frozen")
    return surprise_statement.flagged_statement(
        backend, people, surprised_only=surprised_only, planned_from_plan=planned_from_plan
    )


def _parameters(plan_id: int, version: int, at: datetime, stale_days: int) -> dict[str, Any]:
    return {"plan_id": plan_id, "version": version, "at": at, "stale_before": at - timedelta(days=stale_days)}


def classify(
    session: Session,
    plan_id: int,
    version: int,
    at: datetime,
    person_ids: list[int],
    *,
    stale_days: int = DEFAULT_STALE_DAYS,
    surprised_only: bool = False,
    briefings: Mapping[int, Briefing] | None = None,
) -> tuple[list[SurpriseEntry], list[SurpriseEntry]]:
    """(surprised, at_risk) among `person_ids` for plan version `version` presented at `at`,
    each list in entry order. People neither surprised nor at risk are left out.

    `surprised_only` skips the at-risk reasons (at_risk comes back empty): the call list
    needs only the surprised, whose entries are the same either way. `briefings`, if given,
    are the latest briefings on the plan before `at` of (at least) these people (the call list
    shares them between a plan's events): the statement takes them as they are instead of
    looking them up. Either way the database classifies the people in one statement
    (db.surprise_statement.flagged_statement)."""
    if not person_ids:
        return [], []
    ids = list(dict.fromkeys(person_ids))
    backend = Backend.of(session)
    parameters = _parameters(plan_id, version, at, stale_days)
    planned_from_plan = len(ids) >= surprise_statement.PLANNED_FROM_PLAN_FROM
    if briefings is not None:
        statements = _statements(backend, "known", surprised_only, planned_from_plan)
        known: list[tuple[int, int | None, datetime | None]] = [
            (pid, b.version, b.occurred_at) if (b := briefings.get(pid)) is not None else (pid, None, None)
            for pid in ids
        ]
        parameters |= surprise_statement.known_briefings_value(backend, known)
    else:
        statements = _statements(backend, "ids", surprised_only, planned_from_plan)
        parameters |= {"ids": backend.ids_value(ids)}
    rows, _ = rule_queries.flagged_rows(session, statements, parameters)
    return _entries(rows)


def _event_rows(
    session: Session, event: Event, stale_days: int, *, surprised_only: bool, sized: bool
) -> tuple[list[tuple[Any, ...]], int]:
    """The flagged rows of the event's audience, resolved inside the classifying statement
    (`audience_select`), not passed in and out as ids: one query (two when nobody is flagged and
    the audience is `sized`)."""
    audience = "frozen" if audience_is_frozen(session, event) else "live"
    statements = _statements(Backend.of(session), audience, surprised_only, True)
    parameters = _parameters(event.plan_id, event.version, event.starts_at, stale_days) | {"event_id": event.id}
    return rule_queries.flagged_rows(session, statements, parameters, sized=sized)


def evaluate_event(
    session: Session, event: Event, *, now: datetime, stale_days: int = DEFAULT_STALE_DAYS
) -> EventSurprises:
    """§3.2 for one event, whatever its status or date (the caller decides which to evaluate).

    `now` is when the evaluation is made; briefings count up to the event's
    start, stances and concerns are the ones known now.
    """
    plan = session.get(Plan, event.plan_id)
    rows, size = _event_rows(session, event, stale_days, surprised_only=False, sized=True)
    surprised, at_risk = _entries(rows)
    assert event.id is not None  # a stored event
    return EventSurprises(
        id=event.id,
        title=event.title,
        kind=event.kind.value,
        starts_at=event.starts_at,
        plan=plan.name if plan else "",
        version=event.version,
        surprised=surprised,
        at_risk=at_risk,
        plan_id=event.plan_id,
        status=event.status.value,
        audience_size=size,
    )


def surprised_at(session: Session, event: Event) -> list[SurpriseEntry]:
    """The event's surprised people (§3.2), in entry order: `evaluate_event`'s `surprised`, without
    the at-risk reasons' lookups or the audience's size. The call list's question, one query an
    event."""
    rows, _ = _event_rows(session, event, DEFAULT_STALE_DAYS, surprised_only=True, sized=False)
    return _entries(rows)[0]


def event_order(event: Event) -> tuple[datetime, str, str, int]:
    """Soonest first; ties by title (case-insensitive, so every backend agrees), then id."""
    return (event.starts_at, event.title.casefold(), event.title, event.id)  # type: ignore[return-value]


def events_to_evaluate(session: Session, now: datetime, plan_id: int | None = None) -> list[Event]:
    """Planned events that have not started yet (starting exactly now counts), in evaluation order."""
    query = select(Event).where(Event.status == EventStatus.PLANNED, Event.starts_at >= now)
    if plan_id is not None:
        query = query.where(Event.plan_id == plan_id)
    return sorted(session.exec(query), key=event_order)


def surprises(
    session: Session, *, now: datetime, stale_days: int = DEFAULT_STALE_DAYS, event: Event | None = None
) -> list[EventSurprises]:
    """Every upcoming planned event, evaluated in order; or only `event`, whatever its status or date."""
    events = [event] if event is not None else events_to_evaluate(session, now)
    return [evaluate_event(session, e, now=now, stale_days=stale_days) for e in events]


def entry_json(entry: SurpriseEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "email": entry.email,
        "organization": entry.organization,
        "division": entry.division,
        "influence": entry.influence,
        "interest": entry.interest,
        "key": entry.key,
        "reasons": list(entry.reasons),
        "last_briefed_version": entry.last_briefed_version,
        "last_briefed_at": iso(entry.last_briefed_at),
        "planned_at": iso(entry.planned_at),
    }


def event_json(result: EventSurprises) -> dict[str, Any]:
    return {
        "id": result.id,
        "title": result.title,
        "kind": result.kind,
        "starts_at": iso(result.starts_at),
        "plan": result.plan,
        "version": result.version,
        "surprised": [entry_json(e) for e in result.surprised],
        "at_risk": [entry_json(e) for e in result.at_risk],
    }


def surprises_json(results: list[EventSurprises], now: datetime) -> dict[str, Any]:
    """The `surprises --json` object of §4: `{"as_of", "events": [...]}`."""
    return {"as_of": iso(now), "events": [event_json(r) for r in results]}
