"""The audit log: every change with time, actor and before/after (§2)."""

import getpass
import json
import os
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session

from db.enums import AuditAction
from db.models import AuditEntry
from db.types import utcnow


def default_actor() -> str:
    """The team member making the change: STAKEHOLDERS_USER, else the OS user."""
    actor = os.environ.get("STAKEHOLDERS_USER")
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def snapshot(obj: Any, fields: list[str] | None = None) -> dict[str, Any]:
    data = obj.model_dump() if hasattr(obj, "model_dump") else dict(obj)
    if fields is not None:
        data = {k: data.get(k) for k in fields}
    data.pop("updated_at", None)
    return {k: _jsonable(v) for k, v in data.items()}


def entry_values(
    action: AuditAction,
    entity: str,
    entity_id: int | None,
    summary: str,
    *,
    stakeholder_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: str | None = None,
) -> dict[str, Any]:
    """The columns of one audit entry; `record` adds it to a session, an import inserts thousands at once."""
    return {
        "at": utcnow(),
        "actor": actor or default_actor(),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "stakeholder_id": stakeholder_id,
        "summary": summary,
        "before": json.dumps(before, default=str, ensure_ascii=False) if before is not None else None,
        "after": json.dumps(after, default=str, ensure_ascii=False) if after is not None else None,
    }


def record(
    session: Session,
    action: AuditAction,
    entity: str,
    entity_id: int | None,
    summary: str,
    *,
    stakeholder_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        **entry_values(
            action, entity, entity_id, summary, stakeholder_id=stakeholder_id, before=before, after=after, actor=actor
        )
    )
    session.add(entry)
    return entry


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, for a compact before/after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
