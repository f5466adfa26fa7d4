"""`export --format ics`: upcoming events and planned calls as an RFC 5545 calendar.

Written by hand (no dependency): CRLF line ends, lines folded at 75 octets
without splitting a UTF-8 character, TEXT values escaped. Every record keeps
a stable UID (`event-12@stakeholders`, `touchpoint-7@stakeholders`), so
importing a newer export updates the same calendar entries; a cancelled
event is emitted with `STATUS:CANCELLED` so calendars drop it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import EventStatus, TouchpointStatus
from db.models import Event, Plan, PlanVersion, Stakeholder, Touchpoint, TouchpointAttendee

# Events and calls carry no duration in the data; calendars draw zero-length
# entries badly, so we give them a nominal one.
EVENT_DURATION = "PT1H"
CALL_DURATION = "PT30M"
CHANNEL_LABELS = {
    "call": "Call",
    "meeting": "Meeting",
    "one-on-one": "One-on-one",
    "email": "Email",
    "chat": "Chat",
    "other": "Touchpoint",
}
UID_DOMAIN = "stakeholders"


@dataclass
class CalendarEntry:
    uid: str
    starts_at: datetime
    duration: str
    summary: str
    description: str
    status: str  # CONFIRMED, TENTATIVE or CANCELLED
    categories: str
    last_modified: datetime | None = None


def calendar_entries(
    session: Session, *, now: datetime, plan: Plan | None = None, include_notes: bool = False
) -> list[CalendarEntry]:
    """Upcoming planned and cancelled events, and planned touchpoints from now on, soonest first."""
    plans = dict(session.exec(select(Plan.id, Plan.name)).all())
    summaries = {
        (pid, n): s for pid, n, s in session.exec(select(PlanVersion.plan_id, PlanVersion.number, PlanVersion.summary))
    }
    events = select(Event).where(Event.starts_at >= now, Event.status.in_([EventStatus.PLANNED, EventStatus.CANCELLED]))  # type: ignore[attr-defined]
    if plan is not None:
        events = events.where(Event.plan_id == plan.id)
    entries = []
    for event in session.exec(events.order_by(col(Event.starts_at), col(Event.title), col(Event.id))):
        cancelled = event.status == EventStatus.CANCELLED
        about = f"{plans.get(event.plan_id, '?')} v{event.version}"
        lines = [
            f"{event.kind.value.capitalize()} presenting {about}.",
            summaries.get((event.plan_id, event.version), ""),
        ]
        if cancelled:
            lines.insert(0, "Cancelled.")
        entries.append(
            CalendarEntry(
                uid=f"event-{event.id}@{UID_DOMAIN}",
                starts_at=event.starts_at,
                duration=EVENT_DURATION,
                summary=f"{event.title} ({about})",
                description="\n".join(x for x in lines if x),
                status="CANCELLED" if cancelled else "CONFIRMED",
                categories=event.kind.value,
                last_modified=event.updated_at,
            )
        )
    entries.extend(_planned_calls(session, now, plan, plans, summaries, include_notes))
    entries.sort(key=lambda e: (e.starts_at, e.uid))
    return entries


def _planned_calls(
    session: Session,
    now: datetime,
    plan: Plan | None,
    plans: dict[int | None, str],
    summaries: dict[tuple[int, int], str],
    include_notes: bool,
) -> list[CalendarEntry]:
    query = select(Touchpoint).where(Touchpoint.status == TouchpointStatus.PLANNED, Touchpoint.occurred_at >= now)
    if plan is not None:
        query = query.where(Touchpoint.plan_id == plan.id)
    touchpoints = list(session.exec(query))
    names: dict[int, list[str]] = {}
    if touchpoints:
        rows = session.exec(
            select(TouchpointAttendee.touchpoint_id, Stakeholder.name)
            .join(Stakeholder, col(Stakeholder.id) == col(TouchpointAttendee.stakeholder_id))
            .where(TouchpointAttendee.touchpoint_id.in_(sa.select(query.subquery().c.id)))  # type: ignore[attr-defined]
            .order_by(Stakeholder.name_key)
        )
        for tid, name in rows:
            names.setdefault(tid, []).append(name)
    entries = []
    for tp in touchpoints:
        label = CHANNEL_LABELS.get(tp.channel.value, "Touchpoint")
        summary = f"{label}: {', '.join(names.get(tp.id, [])) or 'nobody'}"  # type: ignore[arg-type]
        lines = [f"Planned {tp.channel.value}" + (f" by {tp.by}" if tp.by else "") + "."]
        if tp.plan_id is not None:
            summary += f" — {plans.get(tp.plan_id, '?')} v{tp.version}"
            lines.append(summaries.get((tp.plan_id, tp.version), ""))  # type: ignore[arg-type]
        if include_notes and tp.summary:
            lines.append(f"Notes: {tp.summary}")
        entries.append(
            CalendarEntry(
                uid=f"touchpoint-{tp.id}@{UID_DOMAIN}",
                starts_at=tp.occurred_at,
                duration=CALL_DURATION,
                summary=summary,
                description="\n".join(x for x in lines if x),
                status="CONFIRMED",
                categories=tp.channel.value,
                last_modified=tp.updated_at,
            )
        )
    return entries


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; other controls dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch in ";,":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t" or ord(ch) >= 0x20 and ord(ch) != 0x7F:
            out.append(ch)
    return "".join(out)


def fold(line: str) -> str:
    """One content line folded into 75-octet pieces (continuations start with a space)."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def stamp(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def to_ics(entries: list[CalendarEntry], now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//stakeholders//export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:stakeholders",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{stamp(now)}",
            f"DTSTART:{stamp(entry.starts_at)}",
            f"DURATION:{entry.duration}",
            f"SUMMARY:{escape_text(entry.summary)}",
            f"DESCRIPTION:{escape_text(entry.description)}",
            f"STATUS:{entry.status}",
            f"CATEGORIES:{escape_text(entry.categories)}",
        ]
        if entry.last_modified is not None:
            lines.append(f"LAST-MODIFIED:{stamp(entry.last_modified)}")
        if entry.status == "CANCELLED":
            # Without a higher sequence some calendars ignore the change of status.
            lines.append("SEQUENCE:1")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
