"""The inverses of the work actions (plans, concerns, follow-ups, events, imports; touchpoints in
stakeholders/undo_touchpoints.py).

Each `*_change` function is called in the same transaction as the use case it
undoes, right after it, and returns a `Change` whose `undo(session)` puts the
data back and returns the line to show. An undo refuses (Conflict) when the row
was changed since — by a colleague, the CLI or another screen — so it never
reverts someone else's work: every row keeps the `updated_at` it had just after
the change, and the undo compares it first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction, ConcernStatus, EventKind, EventStatus
from db.models import (
    AuditEntry,
    Concern,
    Event,
    EventAudience,
    FollowUp,
    FollowUpStakeholder,
    Plan,
    PlanVersion,
    Stakeholder,
    StakeholderTag,
    Stance,
    Tag,
    Touchpoint,
    TouchpointAttendee,
)
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import Conflict
from stakeholders.events import set_status
from stakeholders.undo import Change, expect_unchanged


def same(session: Session, row: Any, stamp: datetime | None, what: str, entity: str, entity_id: int | None) -> Any:
    """`row` as the change left it, or a Conflict naming what moved since (and who moved it)."""
    if stamp is None:
        if row is None:
            raise Conflict(f"{what} no longer exists: nothing to undo")
        return row
    expect_unchanged(session, row, stamp, what, entity=entity, entity_id=entity_id)
    return row


def names_of(session: Session, ids: list[int]) -> str:
    people = session.exec(select(Stakeholder.name).where(Stakeholder.id.in_(ids))).all()  # type: ignore[union-attr]
    return ", ".join(sorted(people)) or "nobody"


# -- plans ------------------------------------------------------------------------------------------


def _plan_in_use(session: Session, plan_id: int) -> bool:
    for table in (Touchpoint, Event, Stance, Concern):
        if session.exec(select(table.id).where(table.plan_id == plan_id).limit(1)).first() is not None:
            return True
    return False


def add_plan_change(session: Session, plan: Plan) -> Change:
    plan_id, name, stamp = plan.id, plan.name, plan.updated_at

    def undo(s: Session) -> str:
        row = same(s, s.get(Plan, plan_id), stamp, f"plan {name}", "plan", plan_id)
        if len(list(s.exec(select(PlanVersion.id).where(PlanVersion.plan_id == plan_id)))) > 1:
            raise Conflict(f"plan {name} has been revised since: not undone")
        if _plan_in_use(s, plan_id):  # type: ignore[arg-type]
            raise Conflict(f"plan {name} is already used by a touchpoint, stance, concern or event: not undone")
        audit.record(s, AuditAction.DELETE, "plan", plan_id, f"undid adding plan {name}", before={"name": name})
        s.delete(row)
        s.flush()
        return f"Plan {name} removed again"

    return Change(f"Added plan {name}", undo)


def revise_plan_change(session: Session, plan: Plan, version: PlanVersion) -> Change:
    plan_id, name, number, version_id, stamp = plan.id, plan.name, version.number, version.id, version.updated_at

    def undo(s: Session) -> str:
        row = same(s, s.get(PlanVersion, version_id), stamp, f"{name} v{number}", "plan_version", version_id)
        newest = s.exec(select(sa.func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan_id)).one()
        if newest != number:
            raise Conflict(f"{name} has a newer version than v{number} now: not undone")
        for table in (Touchpoint, Event):
            used = s.exec(select(table.id).where(table.plan_id == plan_id, table.version == number).limit(1)).first()
            if used is not None:
                raise Conflict(f"{name} v{number} is already used by a touchpoint or an event: not undone")
        audit.record(
            s,
            AuditAction.DELETE,
            "plan_version",
            version_id,
            f"undid revising {name} to v{number}",
            before={"summary": row.summary},
        )
        s.delete(row)
        s.flush()
        return f"{name} is back at v{number - 1}"

    return Change(f"Revised {name} to v{number}", undo)


def approve_change(
    session: Session,
    plan: Plan,
    version: PlanVersion,
    before_by: str | None,
    before_at: datetime | None,
    before_stamp: datetime,
) -> Change:
    name, number, version_id, stamp = plan.name, version.number, version.id, version.updated_at

    def undo(s: Session) -> str:
        row = same(
            s, s.get(PlanVersion, version_id), stamp, f"the sign-off of {name} v{number}", "plan_version", version_id
        )
        row.approved_by, row.approved_at, row.updated_at = before_by, before_at, before_stamp
        s.add(row)
        audit.record(
            s,
            AuditAction.UPDATE,
            "plan_version",
            version_id,
            f"undid the approval of {name} v{number}",
            after={"approved_by": before_by},
        )
        return f"{name} v{number}: approval undone"

    return Change(f"Approved {name} v{number}", undo)


# -- concerns and follow-ups -------------------------------------------------------------------------


def resolved_change(session: Session, concern: Concern, before_stamp: datetime) -> Change:
    concern_id, stamp, text = concern.id, concern.updated_at, concern.text

    def undo(s: Session) -> str:
        row = same(s, s.get(Concern, concern_id), stamp, f"the concern “{text}”", "concern", concern_id)
        row.status, row.resolved_at, row.resolved_version, row.resolution = ConcernStatus.OPEN, None, None, None
        row.updated_at = before_stamp
        s.add(row)
        audit.record(
            s,
            AuditAction.UPDATE,
            "concern",
            concern_id,
            "undid resolving a concern",
            stakeholder_id=row.stakeholder_id,
            after={"status": "open"},
        )
        return f"Open again: “{text}”"

    return Change(f"Resolved “{text}”", undo)


def promised_change(session: Session, follow_up: FollowUp) -> Change:
    fid, stamp, text = follow_up.id, follow_up.updated_at, follow_up.text

    def undo(s: Session) -> str:
        row = same(s, s.get(FollowUp, fid), stamp, f"the follow-up “{text}”", "follow_up", fid)
        for pid in s.exec(select(FollowUpStakeholder.stakeholder_id).where(FollowUpStakeholder.follow_up_id == fid)):
            audit.record(s, AuditAction.DELETE, "follow_up", fid, "undid adding a follow-up", stakeholder_id=pid)
        s.delete(row)
        s.flush()
        return f"Follow-up removed again: “{text}”"

    return Change(f"Added the follow-up “{text}”", undo)


def kept_change(session: Session, follow_up: FollowUp, before_stamp: datetime) -> Change:
    fid, stamp, text = follow_up.id, follow_up.updated_at, follow_up.text

    def undo(s: Session) -> str:
        row = same(s, s.get(FollowUp, fid), stamp, f"the follow-up “{text}”", "follow_up", fid)
        row.done_at, row.updated_at = None, before_stamp
        s.add(row)
        audit.record(s, AuditAction.UPDATE, "follow_up", fid, "undid keeping a follow-up", after={"done_at": None})
        return f"Open again: “{text}”"

    return Change(f"Kept “{text}”", undo)


# -- events -------------------------------------------------------------------------------------------


def added_event_change(session: Session, event: Event) -> Change:
    eid, stamp, title = event.id, event.updated_at, event.title

    def undo(s: Session) -> str:
        row = same(s, s.get(Event, eid), stamp, f"the event {title}", "event", eid)
        audit.record(s, AuditAction.DELETE, "event", eid, f"undid scheduling {title}")
        s.delete(row)
        s.flush()
        return f"{title} removed again"

    return Change(f"Scheduled {title}", undo)


@dataclass
class EventState:
    id: int
    title: str
    kind: EventKind
    starts_at: datetime
    version: int
    status: EventStatus
    stamp: datetime
    audience: list[tuple[int | None, int | None, str | None]]  # person, tag or division (as named)


def event_state(session: Session, event: Event) -> EventState:
    rows = session.exec(
        select(EventAudience).where(EventAudience.event_id == event.id, EventAudience.frozen == sa.false())
    ).all()
    return EventState(
        stored_id(event),
        event.title,
        event.kind,
        event.starts_at,
        event.version,
        event.status,
        event.updated_at,
        [(r.stakeholder_id, r.tag_id, r.division) for r in rows],
    )


def event_back_change(session: Session, before: EventState, label: str) -> Change:
    """After an edit, a cancel or `held`: undo restores the fields, the status and the audience."""
    event = session.get(Event, before.id)
    stamp = event.updated_at if event is not None else None

    def undo(s: Session) -> str:
        row = same(s, s.get(Event, before.id), stamp, f"the event {before.title}", "event", before.id)
        if row.status != before.status:
            set_status(s, row, before.status)  # unfreezes (or freezes) the audience as the CLI would
        row.title, row.kind, row.starts_at, row.version = before.title, before.kind, before.starts_at, before.version
        s.execute(
            sa.delete(EventAudience).where(
                col(EventAudience.event_id) == before.id, col(EventAudience.frozen) == sa.false()
            )
        )
        for person_id, tag_id, division in before.audience:
            s.add(
                EventAudience(
                    event_id=before.id,
                    stakeholder_id=person_id,
                    tag_id=tag_id,
                    division=division,
                    division_key=division.lower() if division is not None else None,
                )
            )
        row.updated_at = before.stamp
        s.add(row)
        s.flush()
        audit.record(s, AuditAction.UPDATE, "event", before.id, f"undid: {label.lower()}")
        return f"Undone: {label[0].lower()}{label[1:]}"

    return Change(label, undo)


# -- imports --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagLinks:
    """Every (person, tag) link and every tag, as they stood before an import: what the import added is
    what is there after it and was not before (one transaction, so nobody else added any in between)."""

    links: frozenset[tuple[int, int]]
    tags: frozenset[int]

    @classmethod
    def read(cls, session: Session) -> "TagLinks":
        links = session.execute(sa.select(col(StakeholderTag.stakeholder_id), col(StakeholderTag.tag_id)))
        tags = session.execute(sa.select(col(Tag.id)))
        return cls(frozenset((p, t) for p, t in links), frozenset(t for (t,) in tags))


def imported_change(session: Session, since_entry: int, label: str, before: TagLinks) -> Change:
    """After an import (one transaction): undo removes the people it created and puts back the fields it
    filled (read from the audit entries it wrote) and takes off the tags it added to people already
    there (`before`, read just before it), as long as nobody touched those people since."""
    entries = list(
        session.exec(select(AuditEntry).where(col(AuditEntry.id) > since_entry, AuditEntry.entity == "stakeholder"))
    )
    created = {e.entity_id: e for e in entries if e.action == AuditAction.CREATE}
    updated = [e for e in entries if e.action == AuditAction.UPDATE]
    now = TagLinks.read(session)
    added = TagLinks(
        frozenset(link for link in now.links - before.links if link[0] not in created), now.tags - before.tags
    )
    touched = {e.entity_id for e in entries} | {person for person, _ in added.links}
    stamps = {
        p.id: p.updated_at for p in session.exec(select(Stakeholder).where(col(Stakeholder.id).in_(list(touched))))
    }
    return Change(label, _undo_import(created, updated, stamps, added))


def _undo_import(
    created: dict[int | None, AuditEntry],
    updated: list[AuditEntry],
    stamps: dict[int | None, datetime],
    added: TagLinks,
) -> Callable[[Session], str]:
    import json

    def undo(s: Session) -> str:
        people = {p.id: p for p in s.exec(select(Stakeholder).where(Stakeholder.id.in_(list(stamps))))}  # type: ignore[union-attr]
        moved = [p.name for pid, p in people.items() if p.updated_at != stamps.get(pid)]
        if moved:
            raise Conflict(f"{len(moved)} imported people were changed since ({', '.join(moved[:3])}…): not undone")
        for table in (TouchpointAttendee, Stance, Concern, FollowUpStakeholder, EventAudience):
            who = col(table.stakeholder_id)
            used = s.exec(select(who).where(who.in_(list(created))).limit(1)).first()
            if used is not None:
                raise Conflict("someone imported has been in a touchpoint, stance, concern or event since: not undone")
        for entry in updated:
            person = people.get(entry.entity_id)
            if person is not None and entry.before:
                for key, value in json.loads(entry.before).items():
                    setattr(person, key, value)
                person.email_key = person.email.lower() if person.email else None
                person.updated_at = utcnow()
                s.add(person)
        for pid in created:
            if pid in people:
                s.delete(people[pid])
        if added.links:  # one statement, executed for every link (an import can tag thousands)
            link = sa.delete(StakeholderTag).where(
                col(StakeholderTag.stakeholder_id) == sa.bindparam("person"),
                col(StakeholderTag.tag_id) == sa.bindparam("tag"),
            )
            s.connection().execute(link, [{"person": person_id, "tag": tag_id} for person_id, tag_id in added.links])
        s.flush()
        if added.tags:  # a tag the import brought, now on nobody (a colleague's use of it since keeps it)
            in_use = sa.select(col(StakeholderTag.tag_id)).where(col(StakeholderTag.tag_id).in_(list(added.tags)))
            s.execute(sa.delete(Tag).where(col(Tag.id).in_(list(added.tags)), col(Tag.id).not_in(in_use)))
        audit.record(
            s,
            AuditAction.DELETE,
            "import",
            None,
            f"undid an import: removed {len(created)} people, restored {len(updated)}, untagged {len(added.links)}",
        )
        untagged = f", {len(added.links)} tags taken off" if added.links else ""
        return f"Import undone: {len(created)} people removed, {len(updated)} put back as they were{untagged}"

    return undo
