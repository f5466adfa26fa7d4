"""`forget PERSON`: erase a person and everything that names them (§8).

Rows that are only about them go (stances, concerns, tags, links, audience
entries cascade with the stakeholder row; touchpoints and follow-ups that
were theirs alone are deleted). Shared touchpoints and follow-ups keep the
other people. Audit entries about them are deleted and their name and
e-mail are scrubbed from every remaining text column.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.backend import Backend
from db.enums import AuditAction
from db.models import (
    AuditEntry,
    Concern,
    Event,
    FollowUp,
    FollowUpStakeholder,
    PlanVersion,
    Stakeholder,
    Touchpoint,
    TouchpointAttendee,
)
from stakeholders import audit

if TYPE_CHECKING:
    from db.store import Store

REDACTED = "[forgotten]"

# Every table a forgotten person's data was in: their freed pages are rewritten.
ERASED_TABLES = [
    "stakeholder",
    "touchpoint",
    "touchpoint_attendee",
    "stance",
    "concern",
    "follow_up",
    "follow_up_stakeholder",
    "audit_entry",
    "event_audience",
    "event",
    "plan_version",
]


@dataclass
class ForgetReport:
    person_id: int
    touchpoints_deleted: int = 0
    follow_ups_deleted: int = 0
    audit_entries_deleted: int = 0
    texts_scrubbed: int = 0
    tables: list[str] = field(default_factory=list)


@dataclass
class Forgotten:
    """What `forget` did, for the face that asked: whom, where, and what may still hold them."""

    name: str
    report: ForgetReport
    where: str
    """The database, as `Store.describe` names it."""
    older_backups: list[Path]
    """Backups this tool made earlier that still hold the person (SQLite; none on PostgreSQL)."""
    on_server: bool
    """PostgreSQL: its WAL, replicas and base backups may still hold them (docs/reliability.md)."""


class ErasedButLogHeld(Exception):
    """The person is erased from the tables, but another program's read keeps old pages in SQLite's
    write-ahead log: `cause` says so; `older_backups` are the backups that still hold them."""

    def __init__(self, cause: Exception, older_backups: list[Path]) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.older_backups = older_backups


def forget(store: "Store", person: str, actor: str | None = None) -> Forgotten:
    """`forget PERSON` (§8), for the CLI and the TUI alike: the store checked whole first (VACUUM
    reads every page: damage is found before anything is erased, not after), the person resolved and
    erased in one transaction with freed pages zeroed, then the freed space rewritten so nothing is
    left in the files. Raises ErasedButLogHeld (wrapping db.maintenance.LogStillHeld) when another
    program's read keeps the old pages in the log."""
    from db.backup import recorded_backups
    from db.maintenance import LogStillHeld, purge_freed_space
    from stakeholders.resolve import resolve_person

    store.verify()
    with store.write() as session:
        Backend.of(session).zero_freed_pages(session)
        target = resolve_person(session, person)
        name = target.name
        report = forget_person(session, target, actor=actor)
    older = recorded_backups(store.path) if store.path is not None else []
    try:
        purge_freed_space(store, ERASED_TABLES)
    except LogStillHeld as exc:
        raise ErasedButLogHeld(exc, older) from exc
    return Forgotten(name, report, store.describe(), older, on_server=store.path is None)


def _sole(session: Session, link: type, key: str, pid: int) -> list[int]:
    """Ids of the records (touchpoints, follow-ups) whose only person is `pid`."""
    mine = select(getattr(link, key)).where(link.stakeholder_id == pid)  # type: ignore[attr-defined]
    counts = (
        select(getattr(link, key))
        .where(getattr(link, key).in_(mine))
        .group_by(getattr(link, key))
        .having(sa.func.count() == 1)
    )
    return list(session.exec(counts))


def _words(person: Stakeholder) -> list[str]:
    """What identifies them in free text: the full name and the e-mail."""
    return [w.strip() for w in (person.name, person.email) if w and len(w.strip()) >= 3]


def _scrub(text: str | None, words: list[str]) -> str | None:
    if text is None:
        return None
    for word in words:
        text = re.sub(re.escape(word), REDACTED, text, flags=re.IGNORECASE)
    return text


def forget_person(session: Session, person: Stakeholder, actor: str | None = None) -> ForgetReport:
    pid = person.id
    assert pid is not None
    report = ForgetReport(person_id=pid)
    words = _words(person)
    sole_tps = _sole(session, TouchpointAttendee, "touchpoint_id", pid)
    sole_fus = _sole(session, FollowUpStakeholder, "follow_up_id", pid)
    # Concerns cascade with the person; a sole touchpoint's other records go with it.
    if sole_tps:
        session.execute(sa.delete(Touchpoint).where(col(Touchpoint.id).in_(sole_tps)))
    if sole_fus:
        session.execute(sa.delete(FollowUp).where(col(FollowUp.id).in_(sole_fus)))
    report.touchpoints_deleted, report.follow_ups_deleted = len(sole_tps), len(sole_fus)
    deleted = session.execute(sa.delete(AuditEntry).where(col(AuditEntry.stakeholder_id) == pid))
    report.audit_entries_deleted = deleted.rowcount or 0  # type: ignore[attr-defined]
    session.execute(sa.delete(Concern).where(col(Concern.stakeholder_id) == pid))
    session.delete(person)
    session.flush()
    # Their name may stand in shared notes, in other people's audit entries, in an event's title
    # ("1:1 with Dana Reyes") and in a plan's text.
    for model, columns in (
        (Touchpoint, ("summary",)),
        (FollowUp, ("text",)),
        (Concern, ("text", "resolution")),
        (AuditEntry, ("summary", "before", "after")),
        (Stakeholder, ("notes",)),
        (Event, ("title",)),
        (PlanVersion, ("summary", "body", "changes")),
    ):
        report.texts_scrubbed += _scrub_table(session, model, columns, words)
    audit.record(
        session, AuditAction.DELETE, "stakeholder", None, f"forgot a stakeholder on request (was id {pid})", actor=actor
    )
    session.flush()
    return report


def _scrub_table(session: Session, model: type, columns: tuple[str, ...], words: list[str]) -> int:
    if not words:
        return 0
    changed = 0
    matches = sa.or_(
        *(sa.func.lower(getattr(model, c)).contains(w.lower(), autoescape=True) for c in columns for w in words)
    )
    row: Any
    for row in session.exec(select(model).where(matches)):
        for column in columns:
            setattr(row, column, _scrub(getattr(row, column), words))
        session.add(row)
        changed += 1
    return changed
