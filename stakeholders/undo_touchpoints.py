"""The inverses of the touchpoint actions: log, edit, held, delete and drop (see stakeholders/undo_work.py
for how an undo refuses what someone changed since)."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction, Channel, ConcernStatus, StanceLevel, TouchpointStatus
from db.models import Concern, FollowUp, Stakeholder, Stance, Touchpoint, TouchpointAttendee
from stakeholders import audit
from stakeholders.errors import Conflict
from stakeholders.undo import Change
from stakeholders.undo_work import names_of, same

# -- touchpoints --------------------------------------------------------------------------------------


@dataclass
class TouchpointCopy:
    """Everything a deleted touchpoint takes with it, to put it back."""

    occurred_at: datetime
    channel: Channel
    by: str | None
    plan_id: int | None
    version: int | None
    summary: str | None
    status: TouchpointStatus
    attendee_ids: list[int]
    stances: list[tuple[int, int, StanceLevel, datetime]]
    concern_ids: list[int]
    follow_up_ids: list[int]


def copy_touchpoint(session: Session, tp: Touchpoint) -> TouchpointCopy:
    """Taken before a delete or a drop: the row, its attendees, its stances, what pointed at it."""
    return TouchpointCopy(
        tp.occurred_at,
        tp.channel,
        tp.by,
        tp.plan_id,
        tp.version,
        tp.summary,
        tp.status,
        list(session.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == tp.id))),
        [
            (s.stakeholder_id, s.plan_id, s.level, s.observed_at)
            for s in session.exec(select(Stance).where(Stance.touchpoint_id == tp.id))
        ],
        list(session.exec(select(Concern.id).where(Concern.touchpoint_id == tp.id))),  # type: ignore[arg-type]
        list(session.exec(select(FollowUp.id).where(FollowUp.touchpoint_id == tp.id))),  # type: ignore[arg-type]
    )


def _restore_touchpoint(s: Session, copy: TouchpointCopy) -> Touchpoint:
    alive = set(s.exec(select(Stakeholder.id).where(Stakeholder.id.in_(copy.attendee_ids))))  # type: ignore[union-attr]
    if not alive:
        raise Conflict("everyone who took part has been removed since: not undone")
    tp = Touchpoint(
        occurred_at=copy.occurred_at,
        channel=copy.channel,
        by=copy.by,
        plan_id=copy.plan_id,
        version=copy.version,
        summary=copy.summary,
        status=copy.status,
    )
    s.add(tp)
    s.flush()
    for pid in copy.attendee_ids:
        if pid in alive:
            s.add(TouchpointAttendee(touchpoint_id=tp.id or 0, stakeholder_id=pid))
            audit.record(
                s, AuditAction.CREATE, "touchpoint", tp.id, "restored a deleted touchpoint (undo)", stakeholder_id=pid
            )
    for pid, plan_id, level, observed in copy.stances:
        if pid in alive:
            s.add(Stance(stakeholder_id=pid, plan_id=plan_id, level=level, observed_at=observed, touchpoint_id=tp.id))
    for table, ids in ((Concern, copy.concern_ids), (FollowUp, copy.follow_up_ids)):
        if ids:
            s.execute(
                sa.update(table)
                .where(col(table.id).in_(ids), col(table.touchpoint_id).is_(None))
                .values(touchpoint_id=tp.id)
            )
    s.flush()
    return tp


def removed_touchpoint_change(session: Session, copy: TouchpointCopy, verb: str) -> Change:
    """After `touchpoint delete` or `drop`: undo puts it back (under a new number, with its attendees,
    stances, and the concerns and follow-ups that pointed at it)."""
    names = names_of(session, copy.attendee_ids)

    def undo(s: Session) -> str:
        _restore_touchpoint(s, copy)
        return f"The {copy.channel.value} with {names} is back"

    return Change(f"{verb.capitalize()} the {copy.channel.value} with {names}", undo)


def _delete_logged(s: Session, tp: Touchpoint, since: datetime) -> None:
    """A touchpoint the undone action created, with what was recorded in it."""
    s.execute(
        sa.delete(Concern).where(
            col(Concern.touchpoint_id) == tp.id,
            col(Concern.status) == ConcernStatus.OPEN,
            col(Concern.created_at) >= since,
        )
    )
    s.execute(
        sa.delete(FollowUp).where(
            col(FollowUp.touchpoint_id) == tp.id, col(FollowUp.done_at).is_(None), col(FollowUp.created_at) >= since
        )
    )
    s.execute(sa.delete(Stance).where(col(Stance.touchpoint_id) == tp.id))
    for pid in s.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == tp.id)):
        audit.record(s, AuditAction.DELETE, "touchpoint", tp.id, "undid logging a touchpoint", stakeholder_id=pid)
    s.delete(tp)
    s.flush()


def logged_change(session: Session, tp: Touchpoint) -> Change:
    """After `log`: undo deletes the touchpoint with the stances, concerns and follow-up recorded in it."""
    tp_id, stamp, created = tp.id, tp.updated_at, tp.created_at
    names = names_of(
        session,
        list(session.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == tp_id))),
    )
    verb = "Planned" if tp.status == TouchpointStatus.PLANNED else "Logged"

    def undo(s: Session) -> str:
        row = same(s, s.get(Touchpoint, tp_id), stamp, f"the {tp.channel.value} with {names}", "touchpoint", tp_id)
        _delete_logged(s, row, created)
        return f"The {row.channel.value} with {names} is removed again"

    return Change(f"{verb} a {tp.channel.value} with {names}", undo)


@dataclass
class TouchpointState:
    """A touchpoint's fields and attendees before an edit or a `held`, to put them back."""

    id: int
    occurred_at: datetime
    channel: Channel
    by: str | None
    plan_id: int | None
    version: int | None
    summary: str | None
    status: TouchpointStatus
    stamp: datetime
    attendee_ids: list[int]
    stance_ids: list[int]
    concern_ids: list[int]
    follow_up_ids: list[int]


def touchpoint_state(session: Session, touchpoint_id: int) -> TouchpointState:
    tp = session.get(Touchpoint, touchpoint_id)
    if tp is None:
        raise Conflict("this touchpoint no longer exists")
    ids = TouchpointAttendee.touchpoint_id == touchpoint_id
    return TouchpointState(
        touchpoint_id,
        tp.occurred_at,
        tp.channel,
        tp.by,
        tp.plan_id,
        tp.version,
        tp.summary,
        tp.status,
        tp.updated_at,
        list(session.exec(select(TouchpointAttendee.stakeholder_id).where(ids))),
        list(session.exec(select(Stance.id).where(Stance.touchpoint_id == touchpoint_id))),  # type: ignore[arg-type]
        list(session.exec(select(Concern.id).where(Concern.touchpoint_id == touchpoint_id))),  # type: ignore[arg-type]
        list(session.exec(select(FollowUp.id).where(FollowUp.touchpoint_id == touchpoint_id))),  # type: ignore[arg-type]
    )


def touchpoint_back_change(session: Session, before: TouchpointState, label: str) -> Change:
    """After an edit or `held` (committed or not yet): undo restores the fields and attendees of `before`,
    and removes the stances, concerns and follow-ups recorded in it since."""
    tp = session.get(Touchpoint, before.id)
    stamp = tp.updated_at if tp is not None else None
    names = names_of(session, before.attendee_ids)

    def undo(s: Session) -> str:
        row = same(
            s, s.get(Touchpoint, before.id), stamp, f"the {before.channel.value} with {names}", "touchpoint", before.id
        )
        for key in ("occurred_at", "channel", "by", "plan_id", "version", "summary", "status"):
            setattr(row, key, getattr(before, key))
        row.updated_at = before.stamp
        s.add(row)
        mine = col(Stance.touchpoint_id) == before.id
        s.execute(sa.delete(Stance).where(mine, col(Stance.id).not_in(before.stance_ids or [0])))
        s.execute(sa.update(Stance).where(mine).values(observed_at=before.occurred_at))
        s.execute(
            sa.delete(Concern).where(
                col(Concern.touchpoint_id) == before.id, col(Concern.id).not_in(before.concern_ids or [0])
            )
        )
        s.execute(
            sa.delete(FollowUp).where(
                col(FollowUp.touchpoint_id) == before.id, col(FollowUp.id).not_in(before.follow_up_ids or [0])
            )
        )
        now = set(
            s.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == before.id))
        )
        alive: set[int] = {
            pid
            for pid in s.exec(select(col(Stakeholder.id)).where(col(Stakeholder.id).in_(before.attendee_ids)))
            if pid is not None
        }
        for pid in now - set(before.attendee_ids):
            s.execute(
                sa.delete(TouchpointAttendee).where(
                    col(TouchpointAttendee.touchpoint_id) == before.id, col(TouchpointAttendee.stakeholder_id) == pid
                )
            )
        for pid in alive - now:
            s.add(TouchpointAttendee(touchpoint_id=before.id, stakeholder_id=pid))
        s.flush()
        for pid in alive:
            audit.record(s, AuditAction.UPDATE, "touchpoint", before.id, f"undid: {label.lower()}", stakeholder_id=pid)
        return f"Undone: {label[0].lower()}{label[1:]}"

    return Change(label, undo)
