"""The audit trail of one stakeholder (`history PERSON`)."""

import json
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.models import AuditEntry, EventAudience, Stakeholder, StakeholderTag


def history_items(session: Session, person: Stakeholder) -> list[dict[str, Any]]:
    """Changes about the person, and changes to the events whose audience names them, one of their tags or
    their division."""
    their_tags = select(col(StakeholderTag.tag_id)).where(col(StakeholderTag.stakeholder_id) == person.id)
    their_events = select(col(EventAudience.event_id)).where(
        sa.or_(
            col(EventAudience.stakeholder_id) == person.id,
            col(EventAudience.tag_id).in_(their_tags),
            sa.and_(
                col(EventAudience.division_key).is_not(None), col(EventAudience.division_key) == person.division_key
            ),
        )
    )
    about_them = sa.or_(
        col(AuditEntry.stakeholder_id) == person.id,
        sa.and_(col(AuditEntry.entity) == "event", col(AuditEntry.entity_id).in_(their_events)),
    )
    rows = session.exec(select(AuditEntry).where(about_them).order_by(col(AuditEntry.at), col(AuditEntry.id)))
    return [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action.value,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "summary": e.summary,
            "before": json.loads(e.before) if e.before else None,
            "after": json.loads(e.after) if e.after else None,
        }
        for e in rows
    ]
