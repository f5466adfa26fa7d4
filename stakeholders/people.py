"""Use cases on stakeholders: add, edit, tag, archive, merge, influence links."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from db.enums import AuditAction
from db.models import (
    AuditEntry,
    Concern,
    DesiredStance,
    EventAudience,
    FollowUpStakeholder,
    InfluenceLink,
    Stakeholder,
    StakeholderTag,
    Stance,
    Tag,
    TouchpointAttendee,
)
from db.rows import stored_id
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import Conflict, InputError
from stakeholders.resolve import tag_named
from stakeholders.validation import check_person_fields

PERSON_FIELDS = [
    "name",
    "email",
    "title",
    "organization",
    "division",
    "phone",
    "influence",
    "interest",
    "owner",
    "notes",
    "cadence_days",
]


def _check_email_free(session: Session, email: str | None, *, except_id: int | None = None) -> None:
    if email is None:
        return
    other = session.exec(select(Stakeholder).where(col(Stakeholder.email_key) == email.lower())).first()
    if other is not None and other.id != except_id:
        raise Conflict(f"{email} already belongs to {other.name} (id {other.id}): use `edit` or `merge`")


def stored_division(session: Session, division: str | None) -> str | None:
    """The spelling of `division` first stored, when some stakeholder already has it in any case (§2)."""
    if division is None:
        return None
    first = session.exec(
        select(col(Stakeholder.division))
        .where(col(Stakeholder.division_key) == division.lower())
        .order_by(col(Stakeholder.id))
        .limit(1)
    ).first()
    return first or division


def division_is_empty(session: Session, division: str) -> bool:
    """Whether no stakeholder, archived or not, is in `division` (any case)."""
    query = select(col(Stakeholder.id)).where(col(Stakeholder.division_key) == division.lower()).limit(1)
    return session.exec(query).first() is None


def _apply(person: Stakeholder, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        setattr(person, key, value)
    person.name_key = person.name.lower()
    person.email_key = person.email.lower() if person.email else None
    person.division_key = person.division.lower() if person.division else None


def tags_of(session: Session, person_id: int) -> list[str]:
    rows = session.exec(
        select(col(Tag.name))
        .join(StakeholderTag, col(StakeholderTag.tag_id) == col(Tag.id))
        .where(col(StakeholderTag.stakeholder_id) == person_id)
        .order_by(col(Tag.name))
    )
    return list(rows)


def add_tags(session: Session, person: Stakeholder, tags: list[str]) -> list[str]:
    added = []
    current = set(tags_of(session, person.id))  # type: ignore[arg-type]
    for name in tags:
        tag = tag_named(session, name, create=True)
        assert tag is not None
        if tag.name not in current:
            session.add(StakeholderTag(stakeholder_id=stored_id(person), tag_id=stored_id(tag)))
            current.add(tag.name)
            added.append(tag.name)
    return added


def remove_tags(session: Session, person: Stakeholder, tags: list[str]) -> list[str]:
    removed = []
    for name in tags:
        tag = tag_named(session, name, create=False)
        if tag is None:
            continue
        link = session.get(StakeholderTag, (person.id, tag.id))
        if link is not None:
            session.delete(link)
            removed.append(tag.name)
    return removed


def add_person(session: Session, fields: dict[str, Any], tags: list[str] = (), actor: str | None = None) -> Stakeholder:  # type: ignore[assignment]
    fields = check_person_fields({k: v for k, v in fields.items() if v is not None})
    if "name" not in fields:
        raise InputError("a stakeholder needs a name")
    _check_email_free(session, fields.get("email"))
    fields["division"] = stored_division(session, fields.get("division"))
    person = Stakeholder(name=fields["name"], name_key=fields["name"].lower())
    _apply(person, fields)
    session.add(person)
    session.flush()
    added = add_tags(session, person, list(tags))
    after = audit.snapshot(person, PERSON_FIELDS) | {"tags": added}
    audit.record(
        session,
        AuditAction.CREATE,
        "stakeholder",
        person.id,
        f"added {person.name}",
        stakeholder_id=person.id,
        after=after,
        actor=actor,
    )
    return person


def edit_person(
    session: Session,
    person: Stakeholder,
    fields: dict[str, Any],
    tags: Sequence[str] = (),
    untag: Sequence[str] = (),
    actor: str | None = None,
) -> Stakeholder:
    fields = check_person_fields(fields)
    if "email" in fields:
        _check_email_free(session, fields["email"], except_id=person.id)
    if fields.get("division") is not None:
        fields["division"] = stored_division(session, fields["division"])
    before = audit.snapshot(person, PERSON_FIELDS)
    _apply(person, fields)
    added = add_tags(session, person, list(tags))
    removed = remove_tags(session, person, list(untag))
    after = audit.snapshot(person, PERSON_FIELDS)
    old, new = audit.changed_fields(before, after)
    if added:
        new["tags added"] = added
    if removed:
        new["tags removed"] = removed
    if new:
        person.updated_at = utcnow()
        session.add(person)
        audit.record(
            session,
            AuditAction.UPDATE,
            "stakeholder",
            person.id,
            f"edited {person.name}",
            stakeholder_id=person.id,
            before=old,
            after=new,
            actor=actor,
        )
    return person


def set_archived(session: Session, person: Stakeholder, archived: bool, actor: str | None = None) -> bool:
    """Archive or unarchive; returns False when nothing changed."""
    if (person.archived_at is not None) == archived:
        return False
    before = {"archived_at": audit._jsonable(person.archived_at)}
    person.archived_at = utcnow() if archived else None
    person.updated_at = utcnow()
    session.add(person)
    audit.record(
        session,
        AuditAction.UPDATE,
        "stakeholder",
        person.id,
        f"{'archived' if archived else 'unarchived'} {person.name}",
        stakeholder_id=person.id,
        before=before,
        after={"archived_at": audit._jsonable(person.archived_at)},
        actor=actor,
    )
    return True


def link_influence(
    session: Session, influencer: Stakeholder, influenced: Stakeholder, actor: str | None = None
) -> bool:
    if influencer.id == influenced.id:
        raise InputError("a stakeholder cannot influence themselves")
    if session.get(InfluenceLink, (influencer.id, influenced.id)) is not None:
        return False
    session.add(InfluenceLink(influencer_id=stored_id(influencer), influenced_id=stored_id(influenced)))
    for pid in (influencer.id, influenced.id):
        audit.record(
            session,
            AuditAction.CREATE,
            "influence_link",
            None,
            f"{influencer.name} influences {influenced.name}",
            stakeholder_id=pid,
            after={"influencer": influencer.id, "influenced": influenced.id},
            actor=actor,
        )
    return True


def unlink_influence(
    session: Session, influencer: Stakeholder, influenced: Stakeholder, actor: str | None = None
) -> bool:
    link = session.get(InfluenceLink, (influencer.id, influenced.id))
    if link is None:
        return False
    session.delete(link)
    for pid in (influencer.id, influenced.id):
        audit.record(
            session,
            AuditAction.DELETE,
            "influence_link",
            None,
            f"{influencer.name} no longer influences {influenced.name}",
            stakeholder_id=pid,
            before={"influencer": influencer.id, "influenced": influenced.id},
            actor=actor,
        )
    return True


def merge_people(
    session: Session, duplicate: Stakeholder, survivor: Stakeholder, actor: str | None = None
) -> Stakeholder:
    """Fold `duplicate` into `survivor`: records move, empty fields are filled."""
    if duplicate.id == survivor.id:
        raise InputError("cannot merge a stakeholder into themselves")
    dup_id, keep_id = duplicate.id, survivor.id
    before = audit.snapshot(survivor, PERSON_FIELDS)
    # Move link rows, skipping those the survivor already has (composite keys).
    _move_links(session, TouchpointAttendee, "touchpoint_id", dup_id, keep_id)
    _move_links(session, FollowUpStakeholder, "follow_up_id", dup_id, keep_id)
    _move_links(session, StakeholderTag, "tag_id", dup_id, keep_id)
    _move_links(session, DesiredStance, "plan_id", dup_id, keep_id)
    # An event that names both keeps one entry for the survivor, not two.
    kept = aliased(EventAudience)
    for frozen in (True, False):
        kept_events = sa.select(col(kept.event_id)).where(
            col(kept.stakeholder_id) == keep_id, col(kept.frozen) == frozen
        )
        session.execute(
            sa.delete(EventAudience).where(
                col(EventAudience.stakeholder_id) == dup_id,
                col(EventAudience.frozen) == frozen,
                col(EventAudience.event_id).in_(kept_events),
            )
        )
    for model in (Stance, Concern, EventAudience):
        column = model.__table__.c.stakeholder_id  # type: ignore[union-attr]
        session.execute(sa.update(model).where(column == dup_id).values(stakeholder_id=keep_id))
    for side, other in (("influencer_id", "influenced_id"), ("influenced_id", "influencer_id")):
        for link in session.exec(select(InfluenceLink).where(getattr(InfluenceLink, side) == dup_id)).all():
            target = getattr(link, other)
            pair = {side: keep_id, other: target}
            if target != keep_id and session.get(InfluenceLink, (pair["influencer_id"], pair["influenced_id"])) is None:
                session.add(InfluenceLink(**pair))
            session.delete(link)
    session.flush()
    email = duplicate.email
    for field in PERSON_FIELDS:
        if getattr(survivor, field) in (None, "") and getattr(duplicate, field) not in (None, ""):
            if field == "email":
                continue
            setattr(survivor, field, getattr(duplicate, field))
    dup_snapshot = audit.snapshot(duplicate, PERSON_FIELDS)
    # The duplicate's history becomes the survivor's, so `history` stays whole.
    session.execute(
        sa.update(AuditEntry).where(col(AuditEntry.stakeholder_id) == dup_id).values(stakeholder_id=keep_id)
    )
    session.delete(duplicate)
    session.flush()
    if not survivor.email and email:
        survivor.email = email
    _apply(survivor, {})
    survivor.updated_at = utcnow()
    session.add(survivor)
    old, new = audit.changed_fields(before, audit.snapshot(survivor, PERSON_FIELDS))
    audit.record(
        session,
        AuditAction.UPDATE,
        "stakeholder",
        keep_id,
        f"merged {dup_snapshot['name']} (id {dup_id}) into {survivor.name}",
        stakeholder_id=keep_id,
        before=old | {"merged": dup_snapshot},
        after=new,
        actor=actor,
    )
    return survivor


def _move_links(session: Session, model: Any, other_key: str, dup_id: int | None, keep_id: int | None) -> None:
    rows = session.exec(select(model).where(model.stakeholder_id == dup_id)).all()
    kept = {getattr(r, other_key) for r in session.exec(select(model).where(model.stakeholder_id == keep_id)).all()}
    for row in rows:
        other = getattr(row, other_key)
        values = row.model_dump()
        session.delete(row)
        if other not in kept:
            session.flush()
            values["stakeholder_id"] = keep_id
            session.add(model(**values))
            kept.add(other)
    session.flush()
