"""Events, and who in an event's audience would be surprised or is at risk (§3.2)."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from db.enums import EventStatus
from db.models import Event, Plan, Stakeholder
from stakeholders.events import audience_is_frozen, audience_labels, audience_select
from stakeholders.rules.briefing import latest_briefings
from stakeholders.rules.surprise import KEY_INFLUENCE, evaluate_event, surprises
from stakeholders.rules.words import reasons


@dataclass
class EventRow:
    id: int
    title: str
    kind: str
    starts_at: datetime
    plan_id: int
    plan: str
    version: int
    status: str
    audience: list[str]
    surprised: int | None = None
    """None for events not evaluated by default (held, cancelled or past)."""
    at_risk: int | None = None


@dataclass
class Flagged:
    person_id: int
    name: str
    organization: str | None
    key: bool
    flag: str
    """"surprised" or "at risk"."""
    reasons: list[str]
    why: str
    """The reasons in words, with the version or date that makes them concrete."""
    last_briefed_version: int | None
    last_briefed_at: datetime | None
    planned_at: datetime | None


@dataclass
class EventDetail:
    event: EventRow
    flagged: list[Flagged] = field(default_factory=list)
    """Who would be surprised or is at risk; for a held or cancelled event, its whole audience (see `settled`)."""
    settled: bool = False
    """Held or cancelled: nobody can be surprised by it any more; `flagged` lists the audience as it was,
    each with what they had heard before it."""


def load_events(session: Session, now: datetime, stale_days: int) -> list[EventRow]:
    """Every event, soonest first, whatever its status; counts for the upcoming ones."""
    plans = dict(session.exec(select(col(Plan.id), col(Plan.name))).all())
    counts = {e.id: (len(e.surprised), len(e.at_risk)) for e in surprises(session, now=now, stale_days=stale_days)}
    rows = []
    for e in session.exec(select(Event).order_by(col(Event.starts_at), col(Event.title), col(Event.id))):
        assert e.id is not None  # a stored row
        surprised, at_risk = counts.get(e.id, (None, None))
        rows.append(
            EventRow(
                e.id,
                e.title,
                e.kind.value,
                e.starts_at,
                e.plan_id,
                plans.get(e.plan_id, "?"),
                e.version,
                e.status.value,
                audience_labels(session, e.id),
                surprised,
                at_risk,
            )
        )
    return rows


def load_flags(session: Session, row: EventRow, now: datetime, stale_days: int) -> EventDetail:
    """Surprised first, then at risk, each in the rule's order (influence, interest, name); for a held
    or cancelled event, its audience as it was and what each had heard before it (`settled_audience`)."""
    event = session.get(Event, row.id)
    if event is None:
        return EventDetail(row)
    if event.status != EventStatus.PLANNED:
        return settled_audience(session, row, event)
    result = evaluate_event(session, event, now=now, stale_days=stale_days)
    detail = EventDetail(row)
    for flag, entries in (("surprised", result.surprised), ("at risk", result.at_risk)):
        for e in entries:
            detail.flagged.append(
                Flagged(
                    e.id,
                    e.name,
                    e.organization,
                    e.key,
                    flag,
                    list(e.reasons),
                    reasons(e, now),
                    e.last_briefed_version,
                    e.last_briefed_at,
                    e.planned_at,
                )
            )
    return detail


def settled_audience(session: Session, row: EventRow, event: Event) -> EventDetail:
    """A held event's frozen audience (a cancelled one's as it stood), by name, each with the latest
    version they had heard before it started: what the meeting could build on, not a warning."""
    frozen = audience_is_frozen(session, event)
    ids = list(session.scalars(audience_select(event.id, frozen=frozen)))
    people = sorted(
        session.exec(select(Stakeholder).where(col(Stakeholder.id).in_(ids))),
        key=lambda p: (p.name_key, p.id),
    )
    heard = latest_briefings(session, event.plan_id, ids, event.starts_at)
    detail = EventDetail(row, settled=True)
    for person in people:
        assert person.id is not None  # a stored row
        briefing = heard.get(person.id)
        why = f"had heard v{briefing.version} before it" if briefing else "had not been briefed before it"
        detail.flagged.append(
            Flagged(
                person.id,
                person.name,
                person.organization,
                person.influence >= KEY_INFLUENCE,
                "",
                [],
                why,
                briefing.version if briefing else None,
                briefing.occurred_at if briefing else None,
                None,
            )
        )
    return detail
