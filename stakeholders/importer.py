"""Applying parsed import rows to the store (§5): match, fill, never duplicate.

Parsing happens before the write transaction (see stakeholders.formats.importing),
so the write lock is held only for the inserts themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from db.enums import AuditAction
from db.models import AuditEntry, Stakeholder, StakeholderTag, Tag
from db.queries import chunks
from stakeholders import audit
from stakeholders.formats.importing import ImportRow, ParsedFile
from stakeholders.people import PERSON_FIELDS
from stakeholders.validation import check_person_fields

SCALAR_FIELDS = [f for f in PERSON_FIELDS if f != "cadence_days"]
INSERT_BATCH = 500


@dataclass
class ImportReport:
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, list[str]]] = field(default_factory=list)

    def summary(self, dry_run: bool) -> str:
        verb = "would create" if dry_run else "created"
        return (f"{verb} {self.created}, {'would update' if dry_run else 'updated'} {self.updated}, "
                f"unchanged {self.unchanged}, skipped {len(self.skipped)} ({self.format})")


class _People:
    """The existing stakeholders a file can match, loaded once by e-mail and by name."""

    def __init__(self, session: Session, rows: list[ImportRow]) -> None:
        emails = sorted({str(r.fields["email"]).lower() for r in rows if r.fields.get("email")})
        names = sorted({str(r.fields["name"]).strip().lower() for r in rows if r.fields.get("name")})
        self.by_email: dict[str, Stakeholder] = {}
        self.by_name: dict[str, list[Stakeholder]] = {}
        for group in chunks(emails):  # type: ignore[arg-type]
            for p in session.exec(select(Stakeholder).where(Stakeholder.email_key.in_(group))):  # type: ignore[union-attr]
                self.by_email[p.email_key] = p  # type: ignore[index]
        for group in chunks(names):  # type: ignore[arg-type]
            for p in session.exec(select(Stakeholder).where(Stakeholder.name_key.in_(group))):  # type: ignore[attr-defined]
                self.by_name.setdefault(p.name_key, []).append(p)

    def match(self, fields: dict[str, Any]) -> Stakeholder | list[Stakeholder] | None:
        email = fields.get("email")
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()]
        found = self.by_name.get(fields["name"].lower(), [])
        if len(found) == 1:
            # Matching by name must not steal a person who has a different e-mail.
            person = found[0]
            if email and person.email_key and person.email_key != email.lower():
                return None
            return person
        return found or None

    def known(self) -> list[Stakeholder]:
        """The existing stakeholders the file can match."""
        found = {p.id: p for p in self.by_email.values()}
        found.update((p.id, p) for group in self.by_name.values() for p in group)
        return list(found.values())

    def remember(self, person: Stakeholder) -> None:
        if person.email_key:
            self.by_email[person.email_key] = person
        self.by_name.setdefault(person.name_key, []).append(person)


class _Tags:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_name = {t.name: t for t in session.exec(select(Tag))}

    def get(self, name: str) -> Tag:
        key = name.strip().lower()
        if key not in self.by_name:
            tag = Tag(name=key)
            self.session.add(tag)
            self.session.flush()
            self.by_name[key] = tag
        return self.by_name[key]


def import_rows(session: Session, parsed: ParsedFile, *, tags: list[str] = (), update: bool = False,  # type: ignore[assignment]
                progress: Callable[[int], None] | None = None, actor: str | None = None) -> ImportReport:
    report = ImportReport(format=parsed.format)
    good = []
    for row in parsed.rows:
        if row.errors:
            report.skipped.append((row.line, row.errors))
            continue
        try:
            fields = check_person_fields({k: v for k, v in row.fields.items() if k != "tags"})
        except ValueError as exc:
            report.skipped.append((row.line, [str(exc)]))
            continue
        good.append((row, fields))
    people = _People(session, [r for r, _ in good])
    tag_cache = _Tags(session)
    tagging = bool(tags) or any(r.fields.get("tags") for r, _ in good)
    existing_links = _TagLinks(session, people.known() if tagging else [])
    # New people are inserted a batch at a time (one multi-row INSERT), not one
    # flush per row: the write lock is held for as short a time as possible.
    created: list[tuple[Stakeholder, list[str]]] = []

    actor = actor or audit.default_actor()

    def settle() -> None:
        """Insert the new people, then their audit entries and tag links, each as one multi-row statement."""
        if not created:
            return
        session.flush()
        entries, links = [], []
        for person, row_tags in created:
            have = existing_links.by_person[person.id] = set()  # type: ignore[index]
            entries.append(audit.entry_values(
                AuditAction.CREATE, "stakeholder", person.id, f"imported {person.name}",
                stakeholder_id=person.id, after=audit.snapshot(person, SCALAR_FIELDS), actor=actor))
            for name in row_tags:
                tag = tag_cache.get(name) if name.strip() else None
                if tag is not None and tag.id not in have:
                    links.append({"stakeholder_id": person.id, "tag_id": tag.id})
                    have.add(tag.id)  # type: ignore[arg-type]
        session.execute(sa.insert(AuditEntry.__table__), entries)  # type: ignore[attr-defined]
        if links:
            session.execute(sa.insert(StakeholderTag.__table__), links)  # type: ignore[attr-defined]
        created.clear()

    for done, (row, fields) in enumerate(good, 1):
        found = people.match(fields)
        if isinstance(found, list):
            names = ", ".join(f"id {p.id}" if p.id is not None else "one earlier in this file" for p in found)
            report.skipped.append((row.line, [f"name '{fields['name']}' matches several stakeholders ({names})"]))
            continue
        row_tags = list(row.fields.get("tags") or []) + list(tags)
        if found is None:
            person = Stakeholder(name=fields["name"], name_key=fields["name"].lower())
            for key, value in fields.items():
                setattr(person, key, value)
            person.email_key = person.email.lower() if person.email else None
            session.add(person)
            people.remember(person)
            report.created += 1
            created.append((person, row_tags))
            if len(created) >= INSERT_BATCH:
                settle()
        else:
            if found.id is None:  # created from an earlier row of this file: give it its id first
                settle()
            person = found
            before = audit.snapshot(person, SCALAR_FIELDS)
            for key, value in fields.items():
                if key == "name" or value in (None, ""):
                    continue
                current = getattr(person, key)
                if current in (None, "") or (update and current != value):
                    setattr(person, key, value)
            person.email_key = person.email.lower() if person.email else None
            old, new = audit.changed_fields(before, audit.snapshot(person, SCALAR_FIELDS))
            if new:
                session.add(person)
                report.updated += 1
                audit.record(session, AuditAction.UPDATE, "stakeholder", person.id, f"import updated {person.name}",
                             stakeholder_id=person.id, before=old, after=new, actor=actor)
            else:
                report.unchanged += 1
            if row_tags:
                _link_tags(session, person, row_tags, tag_cache, existing_links)
        if progress is not None:
            progress(done)
    settle()
    session.flush()
    report.skipped.sort()
    return report


class _TagLinks:
    """Which tags each touched person already has: the people the file may match are loaded up front,
    a few queries in all rather than one per row."""

    def __init__(self, session: Session, people: list[Stakeholder] = ()) -> None:  # type: ignore[assignment]
        self.session = session
        self.by_person: dict[int, set[int]] = {p.id: set() for p in people}  # type: ignore[misc]
        for group in chunks(sorted(self.by_person)):
            for person_id, tag_id in session.exec(select(StakeholderTag.stakeholder_id, StakeholderTag.tag_id)
                                                  .where(StakeholderTag.stakeholder_id.in_(group))):  # type: ignore[attr-defined]
                self.by_person[person_id].add(tag_id)

    def of(self, person_id: int) -> set[int]:
        if person_id not in self.by_person:
            rows = self.session.exec(select(StakeholderTag.tag_id).where(StakeholderTag.stakeholder_id == person_id))
            self.by_person[person_id] = set(rows)
        return self.by_person[person_id]


def _link_tags(session: Session, person: Stakeholder, names: list[str], tags: _Tags, links: _TagLinks) -> None:
    have = links.of(person.id)  # type: ignore[arg-type]
    for name in names:
        if not name.strip():
            continue
        tag = tags.get(name)
        if tag.id not in have:
            session.add(StakeholderTag(stakeholder_id=person.id, tag_id=tag.id))
            have.add(tag.id)  # type: ignore[arg-type]
