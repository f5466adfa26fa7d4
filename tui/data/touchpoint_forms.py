"""Touchpoints from the TUI with their undo: log (the log form's own reading), edit, delete, drop, held."""

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import Channel, TouchpointStatus
from db.models import Plan, Stakeholder, Touchpoint, TouchpointAttendee
from stakeholders.dates import parse_when
from stakeholders.errors import InputError
from stakeholders.resolve import resolve_people, resolve_plan
from stakeholders.touchpoints import delete_touchpoint, edit_touchpoint, parse_channel
from stakeholders.undo_touchpoints import (
    copy_touchpoint,
    logged_change,
    removed_touchpoint_change,
    touchpoint_back_change,
    touchpoint_state,
)
from tui.data.log_form import complete, log_from_form, person_label
from tui.data.plan_forms import Done, names_of, version_number
from tui.widgets.styles import when


def log_with_undo(session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool) -> Done:
    """The log form's save (`log_from_form`, unchanged), plus the undo of the touchpoint it created."""
    created: list[Touchpoint] = []

    def seen(_: Session, row: object) -> None:
        if isinstance(row, Touchpoint):
            created.append(row)

    # The touchpoint the form's own reading creates, caught as it is inserted (log_from_form returns words).
    sa.event.listen(session, "pending_to_persistent", seen)
    try:
        message = log_from_form(session, values, now, dayfirst=dayfirst)
    finally:
        sa.event.remove(session, "pending_to_persistent", seen)
    return Done(message, logged_change(session, created[0]))


def _touchpoint(session: Session, touchpoint_id: int) -> Touchpoint:
    tp = session.get(Touchpoint, touchpoint_id)
    if tp is None:
        raise InputError("this touchpoint no longer exists (someone deleted it)")
    return tp


def attendee_names(session: Session, touchpoint_id: int) -> list[str]:
    return list(
        session.exec(
            select(Stakeholder.name)
            .join(TouchpointAttendee, TouchpointAttendee.stakeholder_id == Stakeholder.id)  # type: ignore[arg-type]
            .where(TouchpointAttendee.touchpoint_id == touchpoint_id)
            .order_by(Stakeholder.name_key)
        )
    )


def describe(session: Session, touchpoint_id: int, now: datetime) -> str:
    """`call with Tom Becker on Fri 20 Nov 15:00`: how a touchpoint is named in a question or a toast."""
    tp = _touchpoint(session, touchpoint_id)
    return f"{tp.channel.value} with {', '.join(attendee_names(session, touchpoint_id))} on {when(tp.occurred_at, now)}"


def touchpoint_fields(session: Session, touchpoint_id: int, now: datetime) -> dict[str, str]:
    tp = _touchpoint(session, touchpoint_id)
    people = session.exec(
        select(Stakeholder)
        .join(TouchpointAttendee, TouchpointAttendee.stakeholder_id == Stakeholder.id)  # type: ignore[arg-type]
        .where(TouchpointAttendee.touchpoint_id == touchpoint_id)
        .order_by(Stakeholder.name_key)
    ).all()
    plan = session.get(Plan, tp.plan_id) if tp.plan_id else None
    return {
        "who": ", ".join(person_label(session, p) for p in people),
        "plan": plan.name if plan else "",
        "version": str(tp.version or ""),
        "when": when(tp.occurred_at, now),
        "channel": tp.channel.value,
        "by": tp.by or "",
        "notes": tp.summary or "",
    }


def edit_from_form(
    session: Session, touchpoint_id: int, values: dict[str, str], now: datetime, *, dayfirst: bool
) -> Done:
    shown = touchpoint_fields(session, touchpoint_id, now)
    before = touchpoint_state(session, touchpoint_id)
    changes: dict[str, object] = {}
    if values["plan"].strip() != shown["plan"] or values["version"].strip() != shown["version"]:
        changes["plan"] = resolve_plan(session, values["plan"]) if values["plan"].strip() else None
        changes["version"] = version_number(values["version"])
    if values["when"].strip() != shown["when"]:
        changes["occurred_at"] = parse_when(values["when"], purpose="log", now=now, dayfirst=dayfirst)
    if values["channel"].strip() != shown["channel"]:
        changes["channel"] = parse_channel(complete(values["channel"], [c.value for c in Channel]))
    if values["by"].strip() != shown["by"]:
        changes["by"] = values["by"].strip() or None
    if values["notes"].strip() != shown["notes"].strip():
        changes["summary"] = values["notes"].strip() or None
    old = {p.id: p for p in resolve_people(session, names_of(shown["who"]))}
    new = {p.id: p for p in resolve_people(session, names_of(values["who"]))} if names_of(values["who"]) else {}
    if not new:
        raise InputError("a touchpoint keeps at least one attendee: to remove it, use Delete touchpoint")
    add = [p for pid, p in new.items() if pid not in old]
    remove = [p for pid, p in old.items() if pid not in new]
    if not changes and not add and not remove:
        raise InputError("nothing changed: edit a field, or Esc to close")
    tp = edit_touchpoint(session, touchpoint_id, changes, add, remove, now=now)
    label = f"Edited the {tp.channel.value} with {', '.join(attendee_names(session, touchpoint_id))}"
    return Done(label, touchpoint_back_change(session, before, label))


def remove_touchpoint(session: Session, touchpoint_id: int, now: datetime, *, planned_only: bool) -> Done:
    """`touchpoint delete` or `touchpoint drop`, with the copy that puts it back."""
    tp = _touchpoint(session, touchpoint_id)
    if planned_only and tp.status != TouchpointStatus.PLANNED:
        raise InputError("this touchpoint was held, so it cannot be dropped: use Delete touchpoint")
    copy = copy_touchpoint(session, tp)
    what = describe(session, touchpoint_id, now)
    delete_touchpoint(session, touchpoint_id, planned_only=planned_only)
    verb = "dropped" if planned_only else "deleted"
    return Done(f"{verb.capitalize()} the {what}", removed_touchpoint_change(session, copy, verb))


def held_with_undo(session: Session, touchpoint_id: int, settle: Callable[[Session], str]) -> Done:
    """Run the "it happened" step `settle` (the settle screen's own write), with the undo that makes
    the touchpoint planned again and removes what was recorded in that step."""
    before = touchpoint_state(session, touchpoint_id)
    if before.status != TouchpointStatus.PLANNED:
        raise InputError("this touchpoint is already held")
    message = settle(session)
    label = f"Marked the {before.channel.value} with {', '.join(attendee_names(session, touchpoint_id))} held"
    return Done(message, touchpoint_back_change(session, before, label))


def recent_touchpoints(session: Session, now: datetime, limit: int = 300) -> list[tuple[int, str, str, str, str, str]]:
    """The latest touchpoints for the picker: id, when, status, channel, people, summary."""
    rows = session.exec(
        select(Touchpoint).order_by(col(Touchpoint.occurred_at).desc(), col(Touchpoint.id).desc()).limit(limit)
    ).all()
    ids = [tp.id for tp in rows]
    people: dict[int, list[str]] = {}
    for tid, name in session.exec(
        select(col(TouchpointAttendee.touchpoint_id), col(Stakeholder.name))
        .join(Stakeholder, col(Stakeholder.id) == col(TouchpointAttendee.stakeholder_id))
        .where(col(TouchpointAttendee.touchpoint_id).in_(ids))
    ):
        people.setdefault(tid, []).append(name)
    return [
        (
            tp.id,
            when(tp.occurred_at, now),
            tp.status.value,
            tp.channel.value,  # type: ignore[misc]
            ", ".join(sorted(people.get(tp.id or 0, []))),
            (tp.summary or "").splitlines()[0] if tp.summary else "",
        )
        for tp in rows
    ]
