"""The event forms' fields, read the way `event add` / `event edit` / `event held|cancel` read theirs (§4)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from db.enums import EventStatus
from db.models import Event, Stakeholder, Tag
from stakeholders.dates import parse_when
from stakeholders.errors import InputError
from stakeholders.events import (
    add_event,
    audience_labels,
    edit_event,
    parse_audience,
    parse_kind,
    resolved_audience_ids,
    set_status,
)
from stakeholders.resolve import resolve_event, resolve_plan
from stakeholders.undo_work import added_event_change, event_back_change, event_state
from tui.data.log_form import complete
from tui.data.plan_forms import Done, person_names, version_number
from tui.widgets.styles import when


def audience_items(text: str) -> list[str]:
    """`Dana Lee, tag:cx-team; division:Sales EMEA` -> its items (`,` or `;` between them)."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def audience_suggestions(session: Session) -> list[str]:
    """What the audience field completes: tags, divisions, then people."""
    tags = [f"tag:{name}" for name in session.exec(select(Tag.name).order_by(Tag.name))]
    division = getattr(Stakeholder, "division", None)  # the column of issue 17; absent on an older checkout
    divisions: list[str] = []
    if division is not None:
        found = session.execute(sa.select(division).where(division.is_not(None)).distinct().order_by(division))
        divisions = [f"division:{name}" for (name,) in found if name]
    return tags + divisions + person_names(session)


def event_titles(session: Session) -> list[str]:
    return list(session.exec(select(Event.title).order_by(Event.starts_at.desc())))  # type: ignore[attr-defined]


def _kind(text: str) -> str:
    return complete(text, ["announcement", "meeting", "decision"]) or "announcement"


def add_event_from_form(session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool) -> Done:
    if not values.get("plan", "").strip():
        raise InputError("which plan does the event present? name it under Plan")
    if not values.get("when", "").strip():
        raise InputError("when does it start? e.g. tuesday 9am, in 2 days 10:00")
    starts = parse_when(values["when"], purpose="event", now=now, dayfirst=dayfirst)
    kind = parse_kind(_kind(values.get("kind", "")))
    items = audience_items(values.get("audience", ""))
    if not items:
        raise InputError("who will hear it? name people, tag:TAG or division:NAME under Audience")
    targets = parse_audience(session, items, create_tags=True)
    event = add_event(
        session,
        values.get("title", ""),
        resolve_plan(session, values["plan"]),
        version_number(values.get("version", "")),
        starts,
        kind,
        targets,
    )
    return Done(
        f"Scheduled {event.title} on {when(event.starts_at, now)} (v{event.version})",
        added_event_change(session, event),
    )


def event_fields(session: Session, event_id: int, now: datetime) -> dict[str, str]:
    """An event as the edit form shows it (the time in the TUI's one date style, which the form reads back)."""
    event = session.get(Event, event_id)
    if event is None:
        return {}
    return {
        "event": event.title,
        "title": event.title,
        "when": when(event.starts_at, now),
        "version": str(event.version),
        "kind": event.kind.value,
        "audience": ", ".join(audience_labels(session, event_id)),
    }


def find_event(session: Session, values: dict[str, str], event_id: int | None) -> Event:
    if event_id is not None:
        event = session.get(Event, event_id)
        if event is None:
            raise InputError("this event no longer exists")
        return event
    if not values.get("event", "").strip():
        raise InputError("which event? name it under Event")
    return resolve_event(session, values["event"])


def edit_event_from_form(
    session: Session, event_id: int | None, values: dict[str, str], now: datetime, *, dayfirst: bool
) -> Done:
    event = find_event(session, values, event_id)
    before = event_state(session, event)
    shown = event_fields(session, event.id, now)  # type: ignore[arg-type]
    changes: dict[str, object] = {}
    if values.get("title", shown["title"]).strip() != shown["title"]:
        changes["title"] = values["title"]
    if values.get("when", shown["when"]).strip() != shown["when"]:
        changes["starts_at"] = parse_when(values["when"], purpose="event", now=now, dayfirst=dayfirst)
    if values.get("kind", shown["kind"]).strip() != shown["kind"]:
        changes["kind"] = parse_kind(_kind(values["kind"]))
    if values.get("version", shown["version"]).strip() != shown["version"]:
        changes["version"] = version_number(values["version"])
    old = {item.lower(): item for item in audience_items(shown["audience"])}
    new = {item.lower(): item for item in audience_items(values.get("audience", shown["audience"]))}
    add = parse_audience(session, [new[k] for k in new if k not in old], create_tags=True)
    remove = parse_audience(session, [old[k] for k in old if k not in new], create_tags=False)
    if not changes and not add and not remove:
        raise InputError("nothing changed: edit a field, or Esc to close")
    edit_event(session, event, changes, add, remove)
    return Done(f"Updated {event.title}", event_back_change(session, before, f"Edited {event.title}"))


def set_event_status(
    session: Session, event_id: int | None, values: dict[str, str], status: EventStatus
) -> tuple[Done, list[int]]:
    """Cancel or hold an event; returns also the audience when held (to offer logging the meeting)."""
    event = find_event(session, values, event_id)
    if event.status == status:
        raise InputError(f"{event.title} is already {status.value}")
    before = event_state(session, event)
    audience = resolved_audience_ids(session, event) if status == EventStatus.HELD else []
    set_status(session, event, status)
    verb = "Cancelled" if status == EventStatus.CANCELLED else "Marked held:"
    return Done(f"{verb} {event.title}", event_back_change(session, before, f"{verb} {event.title}")), audience
