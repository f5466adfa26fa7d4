"""Applying parsed import rows to the store (§5): match, fill, never duplicate — in bulk (§9).

Parsing happens before the write transaction (see stakeholders.formats.importing),
so the write lock is held only for the writes themselves, and those are set-based:
one query finds everyone the file can match (db/import_match.py), new people are
inserted a batch at a time by one executemany (db/import_match.insert_people), their audit
entries and tag links likewise, and the people a file changed are updated by one
executemany at the end. Everything stays in the caller's one transaction: an error
half-way writes nothing.

People are plain dicts of their columns here, not ORM objects: building 50,000
Stakeholder objects and letting the session track them costs more than the SQL.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from db.enums import AuditAction
from db.import_match import bulk_insert, first_division_spellings, insert_people, people_matching, tag_links
from db.models import AuditEntry, Stakeholder, StakeholderTag, Tag
from db.types import utcnow
from stakeholders import audit
from stakeholders.formats.importing import ImportRow, ParsedFile
from stakeholders.people import PERSON_FIELDS

SCALAR_FIELDS = [f for f in PERSON_FIELDS if f != "cadence_days"]
# Compared between two rows of one file that name the same person (§5: a possible second person).
IDENTITY_FIELDS = ("email", "title", "organization")
INSERT_BATCH = 1000
Person = dict[str, Any]


@dataclass
class ImportReport:
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, list[str]]] = field(default_factory=list)
    # (earlier line, line, name): two rows naming one person by name only, differing in e-mail, title
    # or organization; the later one was created as a person of its own (`merge` if they are one).
    second_people: list[tuple[int, int, str]] = field(default_factory=list)

    def summary(self, dry_run: bool) -> str:
        verb = "would create" if dry_run else "created"
        return (
            f"{verb} {self.created}, {'would update' if dry_run else 'updated'} {self.updated}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)} ({self.format})"
        )

    def second_person_notes(self) -> list[tuple[int, str]]:
        """(line, message) for each possible second person, for the command to print."""
        return [
            (
                line,
                f"possible second person: '{name}' also on line {earlier} with another e-mail, title or "
                "organization; created apart (`stakeholders merge` if they are one)",
            )
            for earlier, line, name in self.second_people
        ]


def _keys(person: Person) -> None:
    person["name_key"] = person["name"].lower()
    person["email_key"] = person["email"].lower() if person.get("email") else None
    person["division_key"] = person["division"].lower() if person.get("division") else None


class _People:
    """The stakeholders the file can match (loaded in one query) and the ones it creates."""

    def __init__(self, session: Session, rows: list[ImportRow]) -> None:
        emails = sorted({str(r.fields["email"]).lower() for r in rows if r.fields.get("email")})
        names = sorted({str(r.fields["name"]).lower() for r in rows})
        self.by_email: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = {}
        for person in people_matching(session, emails, names, SCALAR_FIELDS):
            self.remember(person)
        # The first row of this file that matched or created each person: line and identity fields.
        self.seen: dict[int, tuple[int, dict[str, Any]]] = {}

    def match(self, fields: dict[str, Any]) -> tuple[Person | list[Person] | None, bool]:
        """The person the row is, and whether by name only; a list when the name is ambiguous."""
        email = fields.get("email")
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()], False
        found = self.by_name.get(fields["name"].lower(), [])
        if len(found) == 1:
            person = found[0]
            if email and person["email_key"] and person["email_key"] != email.lower():
                # Matching by name must not steal a person who has a different e-mail.
                return None, True
            return person, True
        return (found or None), True

    def remember(self, person: Person) -> None:
        if person["email_key"]:
            self.by_email[person["email_key"]] = person
        self.by_name.setdefault(person["name_key"], []).append(person)

    def note(self, person: Person, line: int, fields: dict[str, Any]) -> None:
        self.seen.setdefault(id(person), (line, {k: fields.get(k) for k in IDENTITY_FIELDS}))

    def earlier_row(self, person: Person | None, fields: dict[str, Any], name: str) -> int | None:
        """The line of an earlier row of this file that this row, matching by name only, differs from
        in e-mail, title or organization (both rows giving a value): then it is maybe someone else."""
        candidates = [person] if person is not None else self.by_name.get(name.lower(), [])
        for candidate in candidates:
            if id(candidate) not in self.seen:
                continue
            line, first = self.seen[id(candidate)]
            for key in IDENTITY_FIELDS:
                mine, theirs = fields.get(key), first.get(key)
                if mine and theirs and str(mine).casefold() != str(theirs).casefold():
                    return line
        return None


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


class _Writer:
    """The writes of one import, batched: inserts of new people (with their audit entries and tag
    links), audit entries of updates, and the updated people, each as multi-row statements."""

    def __init__(self, session: Session, tags: _Tags, actor: str, known: list[Person], tagging: bool) -> None:
        self.session, self.tags, self.actor = session, tags, actor
        self.pending: list[tuple[Person, list[str]]] = []
        self.entries: list[dict[str, Any]] = []
        self.links: list[dict[str, int]] = []
        self.changed: dict[int, Person] = {}
        self.have = tag_links(session, [p["id"] for p in known]) if tagging else {}

    def create(self, person: Person, row_tags: list[str]) -> None:
        self.pending.append((person, row_tags))
        if len(self.pending) >= INSERT_BATCH:
            self.flush_created()

    def flush_created(self) -> None:
        """Insert the pending new people in one statement, then their audit entries and tags."""
        if not self.pending:
            return
        now = utcnow()
        values = [
            {**person, "created_at": now, "updated_at": now, "archived_at": None, "cadence_days": None}
            for person, _ in self.pending
        ]
        ids = insert_people(self.session, values)
        for (person, row_tags), person_id in zip(self.pending, ids, strict=True):
            person["id"] = person_id
            self.have[person_id] = set()
            added = self.link_tags(person, row_tags)
            after = {k: person.get(k) for k in SCALAR_FIELDS} | ({"tags": added} if added else {})
            self.entries.append(
                audit.entry_values(
                    AuditAction.CREATE,
                    "stakeholder",
                    person_id,
                    f"imported {person['name']}",
                    stakeholder_id=person_id,
                    after=after,
                    actor=self.actor,
                )
            )
        self.pending.clear()
        self.flush_rows()

    def link_tags(self, person: Person, names: list[str]) -> list[str]:
        """Link the tags the person does not have yet; their names."""
        have = self.have.setdefault(person["id"], set())
        added = []
        for name in names:
            if not name.strip():
                continue
            tag = self.tags.get(name)
            if tag.id not in have:
                self.links.append({"stakeholder_id": person["id"], "tag_id": tag.id})  # type: ignore[dict-item]
                have.add(tag.id)  # type: ignore[arg-type]
                added.append(tag.name)
        return added

    def updated(self, person: Person, before: dict[str, Any], after: dict[str, Any], tags_added: list[str]) -> None:
        self.changed[person["id"]] = person
        changes = after | ({"tags added": tags_added} if tags_added else {})
        self.entries.append(
            audit.entry_values(
                AuditAction.UPDATE,
                "stakeholder",
                person["id"],
                f"import updated {person['name']}",
                stakeholder_id=person["id"],
                before=before,
                after=changes,
                actor=self.actor,
            )
        )

    def flush_rows(self) -> None:
        if self.entries:
            now = utcnow()  # one time for the batch: its entries were written in the same instant
            for entry in self.entries:
                entry["at"] = now
            bulk_insert(self.session, AuditEntry.__table__, self.entries)  # type: ignore[attr-defined]
            self.entries.clear()
        if self.links:
            bulk_insert(self.session, StakeholderTag.__table__, self.links)  # type: ignore[attr-defined]
            self.links.clear()

    def finish(self) -> None:
        self.flush_created()
        if self.changed:
            table = Stakeholder.__table__  # type: ignore[attr-defined]
            columns = [*SCALAR_FIELDS, "email_key", "division_key"]
            statement = (
                table.update()
                .where(table.c.id == sa.bindparam("person_id"))
                .values({c: sa.bindparam(f"new_{c}") for c in [*columns, "updated_at"]})
            )
            now = utcnow()
            self.session.execute(
                statement,
                [
                    {"person_id": pid, "new_updated_at": now, **{f"new_{c}": person.get(c) for c in columns}}
                    for pid, person in self.changed.items()
                ],
            )
        self.flush_rows()


def import_rows(
    session: Session,
    parsed: ParsedFile,
    *,
    tags: Sequence[str] = (),
    update: bool = False,
    progress: Callable[[int], None] | None = None,
    actor: str | None = None,
) -> ImportReport:
    """Apply the parsed rows: rows with errors are skipped (reported), the others matched by e-mail,
    else by exact name, then created, filled (`update`: also overwritten) or left unchanged."""
    report = ImportReport(format=parsed.format)
    good = [row for row in parsed.rows if not row.errors]
    report.skipped = [(row.line, row.errors) for row in parsed.rows if row.errors]
    people = _People(session, good)
    spellings = first_division_spellings(session) if any(r.fields.get("division") for r in good) else {}
    tagging = bool(tags) or any(r.fields.get("tags") for r in good)
    known = list({id(p): p for group in people.by_name.values() for p in group}.values())
    writer = _Writer(session, _Tags(session), actor or audit.default_actor(), known, tagging)

    for done, row in enumerate(good, 1):
        fields = {k: v for k, v in row.fields.items() if k != "tags"}
        if fields.get("division"):  # the spelling first stored is kept (§2)
            fields["division"] = spellings.setdefault(fields["division"].lower(), fields["division"])
        row_tags = list(row.fields.get("tags") or []) + list(tags)
        found, by_name = people.match(fields)
        if isinstance(found, list):
            names = ", ".join(f"id {p['id']}" if p.get("id") is not None else "one earlier in this file" for p in found)
            report.skipped.append((row.line, [f"name '{fields['name']}' matches several stakeholders ({names})"]))
        elif by_name and (earlier := people.earlier_row(found, fields, fields["name"])) is not None:
            report.second_people.append((earlier, row.line, fields["name"]))
            _create(people, writer, report, fields, row, row_tags)
        elif found is None:
            _create(people, writer, report, fields, row, row_tags)
        else:
            people.note(found, row.line, fields)
            if found.get("id") is None:  # created from an earlier row of this file: give it its id first
                writer.flush_created()
            _fill(people, writer, report, found, fields, row_tags, update)
        if progress is not None:
            progress(done)
    writer.finish()
    report.skipped.sort()
    return report


def _create(
    people: _People, writer: _Writer, report: ImportReport, fields: dict[str, Any], row: ImportRow, row_tags: list[str]
) -> None:
    person: Person = {k: fields.get(k) for k in SCALAR_FIELDS}
    person["influence"] = person["influence"] or 2  # §2: a bulk import lands in "monitor"
    person["interest"] = person["interest"] or 2
    _keys(person)
    people.remember(person)
    people.note(person, row.line, fields)
    writer.create(person, row_tags)
    report.created += 1


def _fill(
    people: _People,
    writer: _Writer,
    report: ImportReport,
    person: Person,
    fields: dict[str, Any],
    row_tags: list[str],
    update: bool,
) -> None:
    """Fill the person's empty fields from the row (`update`: overwrite changed ones too); an update
    whatever it changed, tags included, counts and is audited (§5)."""
    changes = {}
    for key, value in fields.items():
        if key == "name" or value in (None, ""):
            continue
        current = person.get(key)
        if key == "email" and people.by_email.get(value.lower(), person) is not person:
            continue  # that address is someone else's: never two people with one e-mail (§2)
        if (current in (None, "") or (update and current != value)) and current != value:
            changes[key] = value
    old, new = {key: person.get(key) for key in changes}, changes
    if changes:
        person.update(changes)
        _keys(person)
        if person["email_key"]:
            people.by_email[person["email_key"]] = person
    added = writer.link_tags(person, row_tags) if row_tags else []
    if new or added:
        writer.updated(person, old, new, added)
        report.updated += 1
    else:
        report.unchanged += 1
