"""Writing one import's entries as touchpoints: the set-based part of stakeholders.calendar_import.

Everything the entries can match is loaded up front (people by e-mail, touchpoints by
source identity, their attendances, the plans), new touchpoints are inserted a batch at
a time with their attendances and audit entries as multi-row statements: a calendar of
10,000 entries is a few dozen statements, not tens of thousands (§9).
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.enums import AuditAction, Channel, TouchpointStatus
from db.models import AuditEntry, Plan, Stakeholder, Stance, Touchpoint, TouchpointAttendee
from db.queries import chunks
from stakeholders import audit
from stakeholders.calendar_import import (
    INSERT_BATCH,
    CalendarReport,
    Progress,
    entry_summary,
    merged_summary,
    plan_named,
    plan_versions,
    summary_digest,
    version_at,
)
from stakeholders.errors import InputError
from stakeholders.formats.calendar import Entry, Person, Source
from stakeholders.local_time import to_local
from stakeholders.touchpoints import delete_touchpoint

PROGRESS_EVERY = 100


class Applier:
    """One import: the entries of its sources applied to the session, counted in a CalendarReport."""

    def __init__(
        self,
        session: Session,
        sources: Sequence[tuple[Source, str]],
        *,
        forced: Plan | None,
        add_people: bool,
        me: set[str],
        member: str,
        now: datetime,
    ) -> None:
        self.session, self.forced, self.add_people, self.me, self.member, self.now = (
            session,
            forced,
            add_people,
            me,
            member,
            now,
        )
        self.entries = [(key, entry, source.kind, source.name) for source, key in sources for entry in source.entries]
        self.calendar_keys = {key for source, key in sources if source.kind == "ics"}
        skipped = [(where, reason) for source, _ in sources for where, reason in source.skipped]
        self.report = CalendarReport(kinds=[source.kind for source, _ in sources], skipped=skipped)
        self.seen: dict[str, set[str]] = {}
        self.unknown_seen: set[str] = set()
        self.pending: list[tuple[dict[str, Any], list[Stakeholder]]] = []
        self.pending_ids: set[str] = set()

    # -- loading what the entries can match, a few queries in all ------------------------------------------
    def _load(self) -> None:
        emails = sorted({p.email for _, e, _, _ in self.entries for p in (*e.people, *e.declined)} - self.me)
        self.people: dict[str, Stakeholder] = {}
        for group in chunks(emails):  # type: ignore[arg-type]
            for person in self.session.exec(select(Stakeholder).where(col(Stakeholder.email_key).in_(group))):
                self.people[person.email_key] = person  # type: ignore[index]
        identities = sorted({e.identity for _, e, _, _ in self.entries})
        self.existing: dict[str, Touchpoint] = {}
        for group in chunks(identities):  # type: ignore[arg-type]
            for tp in self.session.exec(select(Touchpoint).where(col(Touchpoint.source_entry).in_(group))):
                self.existing[tp.source_entry] = tp  # type: ignore[index]
        ids = sorted(tp.id for tp in self.existing.values())  # type: ignore[type-var]
        self.attendance: dict[int, set[int]] = {i: set() for i in ids}  # type: ignore[misc]
        self.with_stances: set[int] = set()
        for group in chunks(ids):  # type: ignore[arg-type]
            links = select(TouchpointAttendee.touchpoint_id, TouchpointAttendee.stakeholder_id).where(
                col(TouchpointAttendee.touchpoint_id).in_(group)
            )
            for tp_id, person_id in self.session.exec(links):
                self.attendance[tp_id].add(person_id)
            stanced = select(Stance.touchpoint_id).where(col(Stance.touchpoint_id).in_(group))
            self.with_stances.update(i for i in self.session.exec(stanced) if i is not None)
        self.plans, self.versions = plan_versions(self.session)

    def run(self, since: datetime, until: datetime, progress: Progress | None = None) -> CalendarReport:
        self._load()
        total = len(self.entries)
        for done, (key, entry, kind, name) in enumerate(self.entries, 1):
            self._apply(key, entry, kind, name)
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        self._insert_pending()
        self._drop_removed(since, until)
        self.session.flush()
        return self.report

    # -- one entry -----------------------------------------------------------------------------------------
    def _apply(self, key: str, entry: Entry, kind: str, name: str) -> None:
        self.seen.setdefault(key, set()).add(entry.identity)
        where = entry.where if kind != "ics" else f"{name}: {entry.where} at {to_local(entry.start):%Y-%m-%d %H:%M}"
        if entry.identity in self.pending_ids:  # the same message in two mailboxes: one touchpoint
            self.report.unchanged += 1
            return
        tp = self.existing.get(entry.identity)
        attending = self._stakeholders(entry.people)
        if entry.cancelled:
            self._gone(tp, where, "cancelled")
            return
        if not attending:
            declined = self._stakeholders(entry.declined)
            self._gone(tp, where, "every stakeholder declined" if declined else "no stakeholder among the attendees")
            return
        attending += self._unknown(entry)
        plan = self.forced or (plan_named(entry.title, self.plans) if kind == "ics" else None)
        version = version_at(self.versions.get(plan.id, []), entry.start) if plan else None  # type: ignore[arg-type]
        summary = entry_summary(entry)
        if tp is None:
            self._create(key, entry, kind, plan, version, summary, attending)
        else:
            self._update(tp, key, entry, plan, version, summary, attending)

    def _stakeholders(self, people: list[Person]) -> list[Stakeholder]:
        found: dict[int, Stakeholder] = {}
        for p in people:
            if p.email not in self.me and p.email in self.people:
                person = self.people[p.email]
                found.setdefault(person.id, person)  # type: ignore[arg-type]
        return list(found.values())

    def _unknown(self, entry: Entry) -> list[Stakeholder]:
        """List the people not in the database; with --add-people create them and return them."""
        from stakeholders.people import add_person

        added = []
        for p in entry.people:
            if p.email in self.me or p.email in self.people:
                continue
            if not self.add_people:
                if p.email not in self.unknown_seen:
                    self.unknown_seen.add(p.email)
                    self.report.unknown.append(p)
                continue
            try:
                person = add_person(self.session, {"name": p.name or p.email, "email": p.email}, actor=self.member)
            except InputError as exc:  # an address the e-mail rule refuses: listed, not created
                self.report.skipped.append((p.email, f"not added: {exc}"))
                self.me = self.me | {p.email}
                continue
            self.people[p.email] = person
            self.report.people_added += 1
            added.append(person)
        return added

    def _gone(self, tp: Touchpoint | None, where: str, reason: str) -> None:
        """An entry cancelled, or left with no stakeholder: its planned touchpoint goes, a held one stays."""
        if tp is None:
            self.report.skipped.append((where, reason))
        elif tp.status == TouchpointStatus.PLANNED:
            delete_touchpoint(self.session, tp.id, planned_only=True, actor=self.member)  # type: ignore[arg-type]
            self.report.dropped += 1
        else:
            self.report.unchanged += 1  # the lead said it happened: the calendar does not undo that

    def _create(
        self,
        key: str,
        entry: Entry,
        kind: str,
        plan: Plan | None,
        version: int | None,
        summary: str,
        attending: list[Stakeholder],
    ) -> None:
        row = {
            "created_at": self.now,
            "updated_at": self.now,
            "occurred_at": entry.start,
            "channel": Channel.MEETING if kind == "ics" else Channel.EMAIL,
            "by": self.member,
            "plan_id": plan.id if plan else None,
            "version": version,
            "summary": summary,
            # §5.1: a calendar says a meeting was booked, not that it took place; a message sent is a fact.
            "status": TouchpointStatus.PLANNED if kind == "ics" else TouchpointStatus.HELD,
            "source_key": key,
            "source_entry": entry.identity.replace("\x00", ""),
            "source_digest": summary_digest(summary),
            "source_plan_id": plan.id if plan else None,
            "source_version": version,
        }
        self.pending.append((row, attending))
        self.pending_ids.add(entry.identity)
        self.report.created += 1
        if len(self.pending) >= INSERT_BATCH:
            self._insert_pending()

    def _insert_pending(self) -> None:
        """The batch's touchpoints in one multi-row INSERT, then their attendances and audit entries."""
        if not self.pending:
            return
        self.session.flush()  # people added on the way get their ids first
        table = Touchpoint.__table__  # type: ignore[attr-defined]
        result = self.session.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True), [row for row, _ in self.pending]
        )
        ids = [row_id for (row_id,) in result]
        links, entries = [], []
        for tp_id, (row, attending) in zip(ids, self.pending, strict=True):
            after = _record(row, len(attending))
            for person in attending:
                links.append({"touchpoint_id": tp_id, "stakeholder_id": person.id})
                entries.append(
                    audit.entry_values(
                        AuditAction.CREATE,
                        "touchpoint",
                        tp_id,
                        f"imported {row['channel'].value} {tp_id} with {person.name}",
                        stakeholder_id=person.id,
                        after=after,
                        actor=self.member,
                    )
                )
        self.session.execute(sa.insert(TouchpointAttendee.__table__), links)  # type: ignore[attr-defined]
        self.session.execute(sa.insert(AuditEntry.__table__), entries)  # type: ignore[attr-defined]
        self.pending.clear()

    def _update(
        self,
        tp: Touchpoint,
        key: str,
        entry: Entry,
        plan: Plan | None,
        version: int | None,
        summary: str,
        attending: list[Stakeholder],
    ) -> None:
        planned = tp.status == TouchpointStatus.PLANNED
        # Time: always for a planned touchpoint; a held one only stays in the past (it happened).
        moved = tp.occurred_at != entry.start and (planned or entry.start <= self.now)
        text = merged_summary(tp.summary, tp.source_digest, summary)
        # Plan and version: the import's own choice only while the lead has not changed it (nor heard stances).
        plan_free = (tp.plan_id, tp.version) == (
            tp.source_plan_id,
            tp.source_version,
        ) and tp.id not in self.with_stances
        wanted = (plan.id if plan else None, version)
        current = self.attendance.get(tp.id, set())  # type: ignore[arg-type]
        added = [p for p in attending if p.id not in current]
        # A held touchpoint's attendees were confirmed by the lead: the calendar adds, never removes.
        gone = current - {p.id for p in attending} if planned else set()
        # What the import wrote is remembered even when nothing shows: the next import compares with it.
        tp.source_key, tp.source_digest = key, summary_digest(summary)
        if plan_free:
            tp.source_plan_id, tp.source_version = wanted
        if not (moved or text != tp.summary or (plan_free and (tp.plan_id, tp.version) != wanted) or added or gone):
            self.report.unchanged += 1
            return
        before = _record(audit.snapshot(tp), 0)
        if moved:
            tp.occurred_at = entry.start
            self.session.execute(
                sa.update(Stance).where(col(Stance.touchpoint_id) == tp.id).values(observed_at=entry.start)
            )
        tp.summary = text
        if plan_free:
            tp.plan_id, tp.version = wanted
        for person in added:
            self.session.add(TouchpointAttendee(touchpoint_id=tp.id, stakeholder_id=person.id))  # type: ignore[arg-type]
        for person_id in gone:
            self.session.execute(
                sa.delete(TouchpointAttendee).where(
                    col(TouchpointAttendee.touchpoint_id) == tp.id, col(TouchpointAttendee.stakeholder_id) == person_id
                )
            )
        tp.updated_at = self.now
        self.session.flush()
        old, new = audit.changed_fields(before, _record(audit.snapshot(tp), 0))
        for person in attending:
            audit.record(
                self.session,
                AuditAction.UPDATE,
                "touchpoint",
                tp.id,
                f"import updated touchpoint {tp.id}",
                stakeholder_id=person.id,
                before=old,
                after=new,
                actor=self.member,
            )
        self.report.updated += 1

    def _drop_removed(self, since: datetime, until: datetime) -> None:
        """A still-planned touchpoint of the same calendar, inside the window, whose entry is gone (§5.1)."""
        for key in sorted(self.calendar_keys):
            seen = self.seen.get(key, set())
            rows = self.session.exec(
                select(Touchpoint.id, Touchpoint.source_entry).where(
                    col(Touchpoint.source_key) == key,
                    col(Touchpoint.status) == TouchpointStatus.PLANNED,
                    col(Touchpoint.occurred_at) >= since,
                    col(Touchpoint.occurred_at) <= until,
                )
            )
            for tp_id, identity in list(rows):
                if identity not in seen and identity not in self.pending_ids:
                    delete_touchpoint(self.session, tp_id, planned_only=True, actor=self.member)  # type: ignore[arg-type]
                    self.report.dropped += 1


def _record(values: dict[str, Any], attendees: int) -> dict[str, object]:
    """The audit's view of a touchpoint, as `log` records it."""

    def plain(v: Any) -> Any:
        return v.value if hasattr(v, "value") else v.isoformat() if isinstance(v, datetime) else v

    record = {
        k: plain(values.get(k)) for k in ("occurred_at", "channel", "by", "plan_id", "version", "status", "summary")
    }
    if attendees:
        record["attendees"] = attendees
    return record
