"""The audit trail of one stakeholder (`history PERSON`)."""

import json
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from db.models import AuditEntry, EventAudience, Stakeholder, StakeholderTag


def history_items(session: Session, person: Stakeholder) -> list[dict[str, Any]]:
    """Changes about the person, and changes to the events whose audience names them, one of their tags or
    their division."""
    their_tags = select(StakeholderTag.tag_id).where(StakeholderTag.stakeholder_id == person.id)
    their_events = select(EventAudience.event_id).where(sa.or_(
        EventAudience.stakeholder_id == person.id, EventAudience.tag_id.in_(their_tags),  # type: ignore[union-attr]
        sa.and_(EventAudience.division_key.is_not(None),  # type: ignore[union-attr]
                EventAudience.division_key == person.division_key)))
    about_them = sa.or_(
        AuditEntry.stakeholder_id == person.id,
        sa.and_(AuditEntry.entity == "event", AuditEntry.entity_id.in_(their_events)))  # type: ignore[union-attr]
    rows = session.exec(select(AuditEntry).where(about_them).order_by(AuditEntry.at, AuditEntry.id))
    return [
        {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action.value, "entity": e.entity,
         "entity_id": e.entity_id, "summary": e.summary,
         "before": json.loads(e.before) if e.before else None,
         "after": json.loads(e.after) if e.after else None}
        for e in rows
    ]
