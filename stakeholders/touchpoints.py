"""Logging touchpoints, and settling planned ones (§2, `log` and `touchpoint` of §4)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction, Channel, StanceLevel, TouchpointStatus
from db.models import Plan, Stakeholder, Stance, Touchpoint, TouchpointAttendee
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.concerns import raise_concern
from stakeholders.errors import Conflict, InputError, NotFound
from stakeholders.followups import promise
from stakeholders.plans import check_version
from stakeholders.resolve import row_id
from stakeholders.stances import record_stance

CHANNELS = [c.value for c in Channel]


def parse_channel(text: str) -> Channel:
    try:
        return Channel(text.strip().lower())
    except ValueError:
        raise InputError(f"unknown channel '{text}': use one of {', '.join(CHANNELS)}") from None


@dataclass
class TouchpointDraft:
    """What `log` (or the TUI form) asks to record. `None` in stances/concerns means every/the only attendee."""

    attendees: list[Stakeholder]
    occurred_at: datetime
    plan: Plan | None = None
    version: int | None = None
    channel: Channel = Channel.CALL
    by: str | None = None
    summary: str | None = None
    stances: list[tuple[Stakeholder | None, StanceLevel]] = field(default_factory=list)
    concerns: list[tuple[Stakeholder | None, str]] = field(default_factory=list)
    follow_up: str | None = None
    follow_up_due: datetime | None = None


def _attendee_ids(session: Session, touchpoint_id: int | None) -> list[int]:
    return list(
        session.exec(
            select(col(TouchpointAttendee.stakeholder_id)).where(col(TouchpointAttendee.touchpoint_id) == touchpoint_id)
        )
    )


def _named(session: Session, tp: Touchpoint) -> str:
    """`the call with Tom Becker, Mei Chen`: a refusal names the touchpoint by what it was, since the
    TUI never shows its id (the CLI's user typed it, and the message keeps it too)."""
    names = session.exec(
        select(col(Stakeholder.name))
        .join(TouchpointAttendee, col(TouchpointAttendee.stakeholder_id) == col(Stakeholder.id))
        .where(col(TouchpointAttendee.touchpoint_id) == tp.id)
        .order_by(col(Stakeholder.name_key))
    ).all()
    return f"the {tp.channel.value} with {', '.join(names) or 'nobody'}"


def _who(person: Stakeholder | None, attendees: list[Stakeholder], what: str) -> list[Stakeholder]:
    if person is None:
        return attendees
    if all(a.id != person.id for a in attendees):
        raise InputError(f"{person.name} is not an attendee: a {what} belongs to someone in the touchpoint")
    return [person]


def log_touchpoint(
    session: Session, draft: TouchpointDraft, now: datetime | None = None, actor: str | None = None
) -> Touchpoint:
    """One touchpoint with its attendees, stances, concerns and follow-up: all or nothing."""
    now = now or utcnow()
    if not draft.attendees:
        raise InputError("name at least one PERSON who took part")
    if draft.version is not None and draft.plan is None:
        raise InputError("--version needs --plan")
    planned = draft.occurred_at > now
    if planned and (draft.stances or draft.concerns):
        raise InputError(
            "a planned touchpoint (future --when) carries no stance or concern: nothing has been heard yet"
        )
    if draft.plan is None and (draft.stances or draft.concerns):
        raise InputError("a stance or concern is about a plan: add --plan")
    if draft.follow_up and draft.follow_up_due is None:
        raise InputError("a follow-up needs a due date: --due W")
    bare = [c for c in draft.concerns if c[0] is None]
    if bare and len(draft.attendees) > 1:
        raise InputError("several attendees: say who raised the concern with --concern PERSON=TEXT")
    version = check_version(session, draft.plan, draft.version) if draft.plan else None
    touchpoint = Touchpoint(
        occurred_at=draft.occurred_at,
        channel=draft.channel,
        by=draft.by or audit.default_actor(),
        plan_id=draft.plan.id if draft.plan else None,
        version=version,
        summary=(draft.summary or "").strip() or None,
        status=TouchpointStatus.PLANNED if planned else TouchpointStatus.HELD,
    )
    session.add(touchpoint)
    session.flush()
    for person in draft.attendees:
        session.add(TouchpointAttendee(touchpoint_id=stored_id(touchpoint), stakeholder_id=stored_id(person)))
        audit.record(
            session,
            AuditAction.CREATE,
            "touchpoint",
            touchpoint.id,
            f"{'planned' if planned else 'logged'} {touchpoint.channel.value} {touchpoint.id} with {person.name}",
            stakeholder_id=person.id,
            after=_touchpoint_record(touchpoint, len(draft.attendees)),
            actor=actor,
        )
    session.flush()
    levels = _stance_per_attendee(draft)
    for who in draft.attendees:
        if who.id in levels:
            record_stance(session, who, draft.plan, levels[who.id], touchpoint.occurred_at, touchpoint.id, actor)  # type: ignore[arg-type]
    for about, text in draft.concerns:
        for who in _who(about, draft.attendees, "concern"):
            raise_concern(session, who, draft.plan, text, touchpoint.id, actor)  # type: ignore[arg-type]
    if draft.follow_up:
        if draft.follow_up_due is None:  # refused above, before anything was written
            raise InputError("a follow-up needs a due date: --due W")
        promise(
            session,
            draft.attendees,
            draft.follow_up,
            draft.follow_up_due,
            touchpoint.by,
            touchpoint.id,
            actor,
        )
    return touchpoint


def _stance_per_attendee(draft: TouchpointDraft) -> dict[int | None, StanceLevel]:
    """One level per attendee: `PERSON=LEVEL` wins over a bare LEVEL, whatever the order given."""
    bare = {level for person, level in draft.stances if person is None}
    if len(bare) > 1:
        raise InputError(f"two stances for everyone ({', '.join(sorted(b.value for b in bare))}): give one")
    levels: dict[int | None, StanceLevel] = {}
    for person, level in draft.stances:
        if person is None:
            continue
        who = _who(person, draft.attendees, "stance")[0]
        if levels.get(who.id, level) != level:
            raise InputError(f"two stances for {who.name} ({levels[who.id].value}, {level.value}): give one")
        levels[who.id] = level
    for who in draft.attendees:
        if bare and who.id not in levels:
            levels[who.id] = next(iter(bare))
    return levels


def _touchpoint_record(tp: Touchpoint, attendees: int) -> dict[str, object]:
    return {
        "occurred_at": tp.occurred_at.isoformat(),
        "channel": tp.channel.value,
        "by": tp.by,
        "plan_id": tp.plan_id,
        "version": tp.version,
        "status": tp.status.value,
        "summary": tp.summary,
        "attendees": attendees,
    }


def get_touchpoint(session: Session, touchpoint_id: int) -> Touchpoint:
    tp = session.get(Touchpoint, touchpoint_id) if row_id(touchpoint_id) is not None else None
    if tp is None:
        raise NotFound(f"no touchpoint {touchpoint_id}; see `stakeholders touchpoint list`")
    return tp


def _audit_each(
    session: Session,
    tp: Touchpoint,
    action: AuditAction,
    summary: str,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
    actor: str | None,
) -> None:
    for pid in _attendee_ids(session, tp.id):
        audit.record(
            session, action, "touchpoint", tp.id, summary, stakeholder_id=pid, before=before, after=after, actor=actor
        )


def mark_held(
    session: Session,
    touchpoint_id: int,
    level: StanceLevel | None,
    note: str | None,
    now: datetime | None = None,
    actor: str | None = None,
) -> Touchpoint:
    """A planned call happened. Held early, it is dated now; otherwise at its planned time."""
    now = now or utcnow()
    tp = get_touchpoint(session, touchpoint_id)
    if tp.status == TouchpointStatus.HELD:
        raise Conflict(f"touchpoint {touchpoint_id} is already held: {_named(session, tp)}")
    if level is not None and tp.plan_id is None:
        raise InputError("this touchpoint is about no plan, so it carries no stance")
    before = _touchpoint_record(tp, 0)
    tp.status = TouchpointStatus.HELD
    tp.occurred_at = min(tp.occurred_at, now)
    if note and note.strip():
        tp.summary = "\n".join(x for x in (tp.summary, note.strip()) if x)
    tp.updated_at = utcnow()
    session.add(tp)
    session.flush()
    _audit_each(
        session,
        tp,
        AuditAction.UPDATE,
        f"touchpoint {tp.id} held",
        *audit.changed_fields(before, _touchpoint_record(tp, 0)),
        actor,
    )
    if level is not None:
        plan = session.get(Plan, tp.plan_id)
        for pid in _attendee_ids(session, tp.id):
            record_stance(session, session.get(Stakeholder, pid), plan, level, tp.occurred_at, tp.id, actor)  # type: ignore[arg-type]
    return tp


def delete_touchpoint(session: Session, touchpoint_id: int, *, planned_only: bool, actor: str | None = None) -> None:
    """`drop` (planned only) or `delete`: removes it and the stances heard in it, audit-logged."""
    tp = get_touchpoint(session, touchpoint_id)
    if planned_only and tp.status != TouchpointStatus.PLANNED:
        raise Conflict(
            f"touchpoint {touchpoint_id} was held: use `touchpoint delete` to remove it ({_named(session, tp)})"
        )
    verb = "dropped" if planned_only else "deleted"
    _audit_each(session, tp, AuditAction.DELETE, f"{verb} touchpoint {tp.id}", _touchpoint_record(tp, 0), None, actor)
    session.execute(sa.delete(Stance).where(col(Stance.touchpoint_id) == tp.id))
    session.delete(tp)
    session.flush()


def edit_touchpoint(
    session: Session,
    touchpoint_id: int,
    changes: dict[str, object],
    add: Sequence[Stakeholder] = (),
    remove: Sequence[Stakeholder] = (),
    now: datetime | None = None,
    actor: str | None = None,
) -> Touchpoint:
    """Change a touchpoint's fields; its stances follow a new date (a back-dated call is a back-dated stance)."""
    now = now or utcnow()
    tp = get_touchpoint(session, touchpoint_id)
    before = _touchpoint_record(tp, 0)
    plan = changes.get("plan", session.get(Plan, tp.plan_id) if tp.plan_id else None)
    if "plan" in changes or "version" in changes:
        if plan is None and changes.get("version") is not None:
            raise InputError("--version needs --plan")
        tp.plan_id = plan.id if plan else None  # type: ignore[attr-defined]
        tp.version = check_version(session, plan, changes.get("version")) if plan else None  # type: ignore[arg-type]
    for key in ("channel", "by", "summary", "occurred_at"):
        if key in changes:
            setattr(tp, key, changes[key])
    has_stances = session.exec(select(col(Stance.id)).where(col(Stance.touchpoint_id) == tp.id)).first() is not None
    if tp.occurred_at > now and tp.status == TouchpointStatus.HELD:
        if has_stances:
            raise InputError("this touchpoint carries stances, so it cannot move into the future")
        tp.status = TouchpointStatus.PLANNED
    if "occurred_at" in changes:
        session.execute(sa.update(Stance).where(col(Stance.touchpoint_id) == tp.id).values(observed_at=tp.occurred_at))
    if has_stances and tp.plan_id is None:
        raise InputError("this touchpoint carries stances, so it must stay about a plan")
    current = set(_attendee_ids(session, tp.id))
    for person in add:
        if person.id not in current:
            session.add(TouchpointAttendee(touchpoint_id=stored_id(tp), stakeholder_id=stored_id(person)))
            current.add(person.id)  # type: ignore[arg-type]
    for person in remove:
        link = session.get(TouchpointAttendee, (tp.id, person.id))
        if link is not None:
            session.delete(link)
            current.discard(person.id)
            session.execute(
                sa.delete(Stance).where(col(Stance.touchpoint_id) == tp.id, col(Stance.stakeholder_id) == person.id)
            )
    if not current:
        raise InputError("a touchpoint keeps at least one attendee: use `touchpoint delete` instead")
    tp.updated_at = utcnow()
    session.add(tp)
    session.flush()
    old, new = audit.changed_fields(before, _touchpoint_record(tp, 0))
    _audit_each(session, tp, AuditAction.UPDATE, f"edited touchpoint {tp.id}", old, new, actor)
    return tp
