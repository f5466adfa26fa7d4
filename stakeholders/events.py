"""Events: a plan version meets an audience of people, tags and divisions."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction, EventKind, EventStatus
from db.models import Event, EventAudience, Plan, Stakeholder, StakeholderTag, Tag
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import Conflict, InputError
from stakeholders.people import stored_division
from stakeholders.plans import check_version
from stakeholders.resolve import resolve_person, tag_named

KINDS = [k.value for k in EventKind]


def parse_kind(text: str) -> EventKind:
    try:
        return EventKind(text.strip().lower())
    except ValueError:
        raise InputError(f"unknown event kind '{text}': use one of {', '.join(KINDS)}") from None


@dataclass
class AudienceTarget:
    person: Stakeholder | None = None
    tag: Tag | None = None
    division: str | None = None  # as first stored on a stakeholder, else as named

    @property
    def label(self) -> str:
        if self.division is not None:
            return f"division:{self.division}"
        return f"tag:{self.tag.name}" if self.tag else self.person.name  # type: ignore[union-attr]

    @property
    def key(self) -> tuple[int | None, int | None, str | None]:
        """What one audience entry names: (person id, tag id, division key), exactly one set."""
        return (
            self.person.id if self.person else None,
            self.tag.id if self.tag else None,
            self.division.lower() if self.division is not None else None,
        )


def parse_audience(session: Session, items: list[str] | tuple[str, ...], *, create_tags: bool) -> list[AudienceTarget]:
    """`PERSON`, `tag:TAG` or `division:NAME` items. Unknown tags are created and unknown divisions
    accepted: tag someone later, or put them in the division, and they join."""
    targets = []
    for item in items:
        if item.lower().startswith("tag:"):
            tag = tag_named(session, item[4:], create=create_tags)
            if tag is None:
                raise InputError(f"no tag '{item[4:]}' in this event's audience")
            targets.append(AudienceTarget(tag=tag))
        elif item.lower().startswith("division:"):
            name = " ".join(item[len("division:") :].split())
            if not name:
                raise InputError(f"'{item}' names no division: write division:NAME, e.g. 'division:Sales EMEA'")
            targets.append(AudienceTarget(division=stored_division(session, name)))
        else:
            targets.append(AudienceTarget(person=resolve_person(session, item)))
    return targets


def _add_audience(session: Session, event: Event, targets: list[AudienceTarget]) -> None:
    existing = session.exec(
        select(EventAudience).where(col(EventAudience.event_id) == event.id, col(EventAudience.frozen) == sa.false())
    ).all()
    have = {(a.stakeholder_id, a.tag_id, a.division_key) for a in existing}
    for target in targets:
        key = target.key
        if key not in have:
            session.add(
                EventAudience(
                    event_id=stored_id(event),
                    stakeholder_id=key[0],
                    tag_id=key[1],
                    division=target.division,
                    division_key=key[2],
                )
            )
            have.add(key)


def audience_labels(session: Session, event_id: int) -> list[str]:
    rows = session.exec(
        select(EventAudience).where(col(EventAudience.event_id) == event_id, col(EventAudience.frozen) == sa.false())
    ).all()
    labels = []
    for row in rows:
        if row.division_key is not None:
            labels.append(f"division:{row.division}")
        elif row.tag_id is not None:
            labels.append("tag:" + session.get(Tag, row.tag_id).name)  # type: ignore[union-attr]
        else:
            labels.append(session.get(Stakeholder, row.stakeholder_id).name)  # type: ignore[union-attr]
    return labels


def _record(event: Event) -> dict[str, object]:
    return {
        "title": event.title,
        "kind": event.kind.value,
        "starts_at": event.starts_at.isoformat(),
        "plan_id": event.plan_id,
        "version": event.version,
        "status": event.status.value,
    }


def add_event(
    session: Session,
    title: str,
    plan: Plan,
    version: int | None,
    when: datetime,
    kind: EventKind,
    audience: list[AudienceTarget],
    actor: str | None = None,
) -> Event:
    if not title.strip():
        raise InputError("an event needs a title")
    if not audience:
        raise InputError("an event needs an audience: --audience PERSON, tag:TAG or division:NAME")
    event = Event(
        title=title.strip(),
        plan_id=stored_id(plan),
        version=check_version(session, plan, version),
        starts_at=when,
        kind=kind,
    )
    session.add(event)
    session.flush()
    _add_audience(session, event, audience)
    audit.record(
        session,
        AuditAction.CREATE,
        "event",
        event.id,
        f"scheduled {event.title}",
        after=_record(event) | {"audience": [t.label for t in audience]},
        actor=actor,
    )
    return event


def edit_event(
    session: Session,
    event: Event,
    changes: dict[str, object],
    add: list[AudienceTarget],
    remove: list[AudienceTarget],
    actor: str | None = None,
) -> Event:
    before = _record(event)
    if "title" in changes:
        if not str(changes["title"]).strip():
            raise InputError("an event needs a title")
        event.title = str(changes["title"]).strip()
    if "starts_at" in changes:
        event.starts_at = changes["starts_at"]  # type: ignore[assignment]
    if "kind" in changes:
        event.kind = changes["kind"]  # type: ignore[assignment]
    if "version" in changes:
        event.version = check_version(session, session.get(Plan, event.plan_id), changes["version"])  # type: ignore[arg-type]
    _add_audience(session, event, add)
    for target in remove:
        person_id, tag_id, division_key = target.key
        match = (
            col(EventAudience.stakeholder_id) == person_id
            if person_id is not None
            else col(EventAudience.tag_id) == tag_id
            if tag_id is not None
            else col(EventAudience.division_key) == division_key
        )
        session.execute(
            sa.delete(EventAudience).where(
                col(EventAudience.event_id) == event.id, col(EventAudience.frozen) == sa.false(), match
            )
        )
    session.flush()
    if not audience_labels(session, event.id):  # type: ignore[arg-type]
        raise InputError("that would leave the event with no audience")
    event.updated_at = utcnow()
    session.add(event)
    old, new = audit.changed_fields(before, _record(event))
    audience_change = {"audience added": [t.label for t in add], "audience removed": [t.label for t in remove]}
    audit.record(
        session,
        AuditAction.UPDATE,
        "event",
        event.id,
        f"edited {event.title}",
        before=old,
        after=new | {k: v for k, v in audience_change.items() if v},
        actor=actor,
    )
    return event


def audience_select(event_id: object, *, frozen: bool) -> sa.Select | sa.CompoundSelect:
    """An event's audience as a select of stakeholder ids, each once, archived excluded: its frozen
    rows, or its live entries (people, the members of its tags and of its divisions). `event_id` is a value or a
    bound parameter (the rules build their statement once, `event_id` bound at each run).

    The live entries are a union of three joins, each from the event's audience rows to the people
    they name, archived excluded in each: every branch is driven by the event's few rows
    (ix_event_audience_event_id), then a primary key, tag or division index. Not `id IN (union)`:
    PostgreSQL sizes that union by its estimates, and without statistics on
    event_audience.division_key (a database upgraded through migration 0005 and not yet analyzed)
    it guessed ~600 people for a 20-person meeting and hashed the whole stakeholder table for
    each event (40 ms an event instead of 1 ms at 50,000 people)."""
    if frozen:
        ids = select(col(EventAudience.stakeholder_id)).where(
            col(EventAudience.event_id) == event_id, col(EventAudience.frozen) == sa.true()
        )
        return select(col(Stakeholder.id)).where(col(Stakeholder.id).in_(ids), col(Stakeholder.archived_at).is_(None))
    live = (col(EventAudience.event_id) == event_id, col(EventAudience.frozen) == sa.false())
    kept = col(Stakeholder.archived_at).is_(None)
    direct = (
        select(col(Stakeholder.id))
        .join(EventAudience, col(EventAudience.stakeholder_id) == col(Stakeholder.id))
        .where(*live, kept)
    )
    tagged = (
        select(col(Stakeholder.id))
        .select_from(EventAudience)
        .join(StakeholderTag, col(StakeholderTag.tag_id) == col(EventAudience.tag_id))
        .join(Stakeholder, col(Stakeholder.id) == col(StakeholderTag.stakeholder_id))
        .where(*live, kept)
    )
    # Through ix_stakeholder_division_key: the whole name, case-insensitively (§2).
    in_division = (
        select(col(Stakeholder.id))
        .join(EventAudience, col(EventAudience.division_key) == col(Stakeholder.division_key))
        .where(*live, kept)
    )
    return sa.union(direct, tagged, in_division)


def audience_is_frozen(session: Session, event: Event) -> bool:
    """Whether the event's audience is its frozen rows: held, and frozen (a held event without
    frozen rows, held before freezing existed, is evaluated by its live entries)."""
    frozen = select(col(EventAudience.stakeholder_id)).where(
        col(EventAudience.event_id) == event.id, col(EventAudience.frozen) == sa.true()
    )
    return event.status == EventStatus.HELD and session.exec(frozen).first() is not None


def resolved_audience_ids(session: Session, event: Event) -> list[int]:
    """The audience as evaluated now: tags and people, archived excluded; frozen once held (sorted)."""
    query = audience_select(event.id, frozen=audience_is_frozen(session, event))
    return sorted(session.execute(query).scalars())


def set_status(session: Session, event: Event, status: EventStatus, actor: str | None = None) -> Event:
    if event.status == status:
        raise Conflict(f"'{event.title}' is already {status.value}")
    before = {"status": event.status.value}
    if status == EventStatus.HELD:
        # Freeze the audience as it was, so later tagging does not rewrite history.
        for pid in resolved_audience_ids(session, event):
            session.add(EventAudience(event_id=stored_id(event), stakeholder_id=pid, frozen=True))
    elif event.status == EventStatus.HELD:
        session.execute(
            sa.delete(EventAudience).where(
                col(EventAudience.event_id) == event.id, col(EventAudience.frozen) == sa.true()
            )
        )
    event.status = status
    event.updated_at = utcnow()
    session.add(event)
    audit.record(
        session,
        AuditAction.UPDATE,
        "event",
        event.id,
        f"{event.title}: {status.value}",
        before=before,
        after={"status": status.value},
        actor=actor,
    )
    return event
