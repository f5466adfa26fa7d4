"""The audit trail of one stakeholder (`history PERSON`)."""

import json
from typing import Any

from sqlmodel import Session, select

from db.models import AuditEntry, Stakeholder


def history_items(session: Session, person: Stakeholder) -> list[dict[str, Any]]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.stakeholder_id == person.id)
                        .order_by(AuditEntry.at, AuditEntry.id))
    return [
        {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action.value, "entity": e.entity,
         "entity_id": e.entity_id, "summary": e.summary,
         "before": json.loads(e.before) if e.before else None,
         "after": json.loads(e.after) if e.after else None}
        for e in rows
    ]
