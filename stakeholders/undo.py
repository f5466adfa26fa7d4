"""Undo: every change made in the TUI comes with its inverse (PRODUCT.md §7, issue 14).

The API, for every face that wants undo (the TUI keeps the stack, tui/undo.py):

- `Change(label, undo)`: what a use case did, in the user's words ("Archived Tom Becker"),
  and `undo(session) -> str`, a plain function that reverses it inside a write transaction
  and returns the line to show ("Unarchived Tom Becker again"). `undo` is None for what
  cannot be undone (forget, merge: those are confirmed before they run).
- `undo` refuses, by raising `Conflict` (a StakeholdersError: the TUI shows its text, nothing
  is written), when what it would restore was changed since by anyone else. The check is
  `expect_unchanged(session, row, stamp, what)`: every table has `updated_at`; a Change keeps
  the stamp its row had right after the change (`stamp_of`), and the inverse restores the
  stamp from before, so undoing the last change and then the one before it chains cleanly.
  Rows without a meaningful stamp (a link that is there or not) check that they are still
  as the change left them.
- The wrappers below (`add`, `edit`, `archive`, …) call the use cases of stakeholders/people.py
  and stances.py, exactly as the CLI does, and return the Change. Other areas write theirs the
  same way (stakeholders/undo_work.py: plans, events, touchpoints, concerns, follow-ups).

An inverse writes an audit entry of its own ("undid: archived Tom Becker"): the history shows
both the change and its undoing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction, StanceLevel
from db.models import (
    AuditEntry,
    Concern,
    DesiredStance,
    EventAudience,
    FollowUpStakeholder,
    InfluenceLink,
    Plan,
    Stakeholder,
    Stance,
    TouchpointAttendee,
)
from stakeholders import audit
from stakeholders.errors import Conflict
from stakeholders.local_time import to_local
from stakeholders.people import (
    PERSON_FIELDS,
    add_person,
    add_tags,
    edit_person,
    link_influence,
    remove_tags,
    set_archived,
    tags_of,
    unlink_influence,
)
from stakeholders.people import (
    _apply as apply_fields,
)
from stakeholders.stances import record_stance, set_desired

Inverse = Callable[[Session], str]


@dataclass(frozen=True)
class Change:
    """One change, named as the user would say it, and how to take it back (None: it cannot be)."""

    label: str
    undo: Inverse | None = None

    @property
    def undoable(self) -> bool:
        return self.undo is not None


# -- the shared checks --------------------------------------------------------------


def stamp_of(row: Any) -> datetime:
    """The row's `updated_at` as the database holds it (flushed: the inverse compares with this)."""
    return row.updated_at


def _who_changed(session: Session, entity: str, entity_id: int | None) -> str:
    entry = session.exec(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id).desc())
    ).first()
    if entry is None:
        return ""
    return f" (by {entry.actor}, {to_local(entry.at):%a %-d %b %H:%M})"


def expect_unchanged(
    session: Session, row: Any, stamp: datetime, what: str, *, entity: str = "", entity_id: int | None = None
) -> None:
    """Refuse (Conflict) when `row` is gone or was changed after `stamp`; `what` names it ("Tom Becker")."""
    if row is None:
        raise Conflict(f"{what} no longer exists: nothing to undo")
    if stamp_of(row) != stamp:
        by = _who_changed(session, entity, entity_id) if entity else ""
        raise Conflict(f"{what} was changed since{by}: not undone, so that change is kept")


def _record_undo(
    session: Session,
    entity: str,
    entity_id: int | None,
    summary: str,
    person_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    audit.record(
        session,
        AuditAction.UPDATE,
        entity,
        entity_id,
        f"undid: {summary}",
        stakeholder_id=person_id,
        before=before,
        after=after,
    )


def _person(session: Session, person_id: int) -> Stakeholder | None:
    return session.get(Stakeholder, person_id)


# -- stakeholders ---------------------------------------------------------------------


def add(
    session: Session, fields: dict[str, Any], tags: list[str], desired: dict[int, StanceLevel] | None = None
) -> tuple[Stakeholder, Change]:
    """`add_person` (and their desired stance per plan id); undone by removing the person again,
    while nothing was recorded about them since."""
    person = add_person(session, fields, tags)
    for plan_id, level in (desired or {}).items():
        plan = session.get(Plan, plan_id)
        if plan is not None:
            set_desired(session, person, plan, level)
    session.flush()
    pid, name, stamp = person.id, person.name, stamp_of(person)
    assert pid is not None

    def undo(s: Session) -> str:
        found = _person(s, pid)
        expect_unchanged(s, found, stamp, name, entity="stakeholder", entity_id=pid)
        assert found is not None
        recorded: list[Any] = [
            select(model).where(model.stakeholder_id == pid)
            for model in (TouchpointAttendee, Stance, Concern, FollowUpStakeholder, EventAudience)
        ]
        recorded.append(
            select(InfluenceLink).where(
                sa.or_(
                    col(InfluenceLink.influencer_id) == pid,
                    col(InfluenceLink.influenced_id) == pid,
                )
            )
        )
        if any(s.exec(query).first() is not None for query in recorded):
            raise Conflict(f"{name} has been logged with or linked since: not removed (archive them instead)")
        s.delete(found)  # their tags and desired levels cascade; the audit entries stay, as history
        s.flush()
        _record_undo(s, "stakeholder", pid, f"added {name}", pid)
        return f"Removed {name} again"

    return person, Change(f"Added {name}", undo)


def _fields_of(person: Stakeholder) -> dict[str, Any]:
    return {key: getattr(person, key) for key in PERSON_FIELDS}


def edit(
    session: Session,
    person: Stakeholder,
    fields: dict[str, Any],
    tags: list[str],
    untag: list[str],
    desired: dict[int, StanceLevel] | None = None,
) -> Change:
    """`edit_person` (and the desired stance per plan id); undone by restoring every field, tag and level."""
    pid, old_stamp = person.id, stamp_of(person)
    assert pid is not None
    before = _fields_of(person)
    old_tags = tags_of(session, pid)
    old_desired = {
        row.plan_id: (row.level, stamp_of(row))
        for row in session.exec(select(DesiredStance).where(DesiredStance.stakeholder_id == pid))
    }
    edit_person(session, person, fields, tags, untag)
    new_desired: dict[int, datetime] = {}
    for plan_id, level in (desired or {}).items():
        plan = session.get(Plan, plan_id)
        previous = old_desired.get(plan_id)
        if plan is not None and (previous is None or previous[0] != level):
            row = set_desired(session, person, plan, level)
            session.flush()
            new_desired[plan_id] = stamp_of(row)
    session.flush()
    stamp, name = stamp_of(person), person.name
    new_tags = tags_of(session, pid)
    if stamp == old_stamp and not new_desired:
        return Change(f"Nothing to change for {name}")

    def undo(s: Session) -> str:
        found = _person(s, pid)
        expect_unchanged(s, found, stamp, name, entity="stakeholder", entity_id=pid)
        assert found is not None
        for plan_id, desired_stamp in new_desired.items():
            row = s.get(DesiredStance, (pid, plan_id))
            expect_unchanged(s, row, desired_stamp, f"the desired stance of {name}")
        if stamp != old_stamp:
            current = _fields_of(found)
            restore = {k: v for k, v in before.items() if current[k] != v}
            apply_fields(found, restore)  # keeps the lower-cased keys (name, e-mail, division) in step
            add_tags(s, found, [t for t in old_tags if t not in new_tags])
            remove_tags(s, found, [t for t in new_tags if t not in old_tags])
            found.updated_at = old_stamp
            s.add(found)
            _record_undo(
                s,
                "stakeholder",
                pid,
                f"edited {name}",
                pid,
                before={k: audit._jsonable(current[k]) for k in restore},
                after={k: audit._jsonable(v) for k, v in restore.items()},
            )
        for plan_id in new_desired:
            row = s.get(DesiredStance, (pid, plan_id))
            previous = old_desired.get(plan_id)
            if previous is None:
                s.delete(row)
            else:
                assert row is not None
                row.level, row.updated_at = previous
                s.add(row)
        s.flush()
        return f"Restored {found.name} as before the edit"

    return Change(f"Saved {name}", undo)


def archive(session: Session, person: Stakeholder, archived: bool) -> Change:
    """Archive or unarchive; undone by the opposite, with the stamp from before."""
    pid, old_stamp, name = person.id, stamp_of(person), person.name
    verb, back = ("Archived", "Unarchived") if archived else ("Unarchived", "Archived")
    if not set_archived(session, person, archived):
        return Change(f"{name} was already {verb.lower()}")
    session.flush()
    stamp = stamp_of(person)

    def undo(s: Session) -> str:
        found = _person(s, pid)  # type: ignore[arg-type]
        expect_unchanged(s, found, stamp, name, entity="stakeholder", entity_id=pid)
        assert found is not None
        set_archived(s, found, not archived)
        found.updated_at = old_stamp
        s.add(found)
        s.flush()
        return f"{back} {name} again"

    return Change(f"{verb} {name}", undo)


# -- stances and influence ----------------------------------------------------------------


def stance(session: Session, person: Stakeholder, plan: Plan, level: StanceLevel) -> Change:
    """A manual stance observation; undone by removing that observation (newer ones stay)."""
    row = record_stance(session, person, plan, level)
    session.flush()
    sid, pid, name, plan_name = row.id, person.id, person.name, plan.name

    def undo(s: Session) -> str:
        found = s.get(Stance, sid)
        if found is None:
            raise Conflict(f"that stance of {name} on {plan_name} was removed since: nothing to undo")
        s.delete(found)
        _record_undo(s, "stance", sid, f"{name} is {level.value} on {plan_name}", pid)
        s.flush()
        return f"Removed the stance {level.value} of {name} on {plan_name}"

    return Change(f"{name} is {level.value} on {plan_name}", undo)


def link(session: Session, influencer: Stakeholder, influenced: Stakeholder, linked: bool) -> Change:
    """Add (`linked`) or remove the influence link; undone by the opposite while it is still as left."""
    a, b = influencer.id, influenced.id
    who, whom = influencer.name, influenced.name
    change = link_influence if linked else unlink_influence
    done = change(session, influencer, influenced)
    if not done:
        return Change(f"{who} {'already influences' if linked else 'did not influence'} {whom}")
    session.flush()

    def undo(s: Session) -> str:
        first, second = s.get(Stakeholder, a), s.get(Stakeholder, b)
        if first is None or second is None:
            raise Conflict(f"{who if first is None else whom} no longer exists: nothing to undo")
        present = s.get(InfluenceLink, (a, b)) is not None
        if present != linked:
            raise Conflict(f"the link from {who} to {whom} was changed since: not undone")
        if linked:
            unlink_influence(s, first, second)
            return f"{who} no longer influences {whom} again"
        link_influence(s, first, second)
        return f"{who} influences {whom} again"

    label = f"{who} influences {whom}" if linked else f"{who} no longer influences {whom}"
    return Change(label, undo)
