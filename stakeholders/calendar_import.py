"""Meetings and mail become touchpoints (PRODUCT.md §5.1): match, plan, create, update, drop.

The entry point for the CLI, the TUI and the demo is `import_calendar_files`
(files) or `apply_sources` (entries already read: CalDAV, the demo):

    import_calendar_files(store, paths, *, fmt="auto", plan=None, since=None, until=None,
                          add_people=False, me=(), dry_run=False,
                          progress=None, now=None) -> CalendarReport

    `dry_run=True` is the preview: the same report, nothing written.
    `progress(done, total)` is called as entries are applied.
    Raises InputError (bad file, unknown plan: exit 2).

Rules, as the fine print of §5.1 says them:
- attendees: the stakeholders among an entry's people (e-mail match), never the
  importing member's own addresses (`me`); decliners are left out; an entry with
  no stakeholder is skipped (and its unknown people are not listed).
- a calendar entry is `planned` (channel meeting), a message `held` (channel email);
  plan: `plan` given, else (calendar only) a title naming exactly one plan as words;
  version: the one current at the touchpoint's time, or 1 before the first.
- identity: an entry's `source_entry` is unique; a later import updates time, title,
  attendees and cancellation, and keeps what the lead changed by hand: a held status
  (never dropped nor re-planned, attendees only added), notes (the summary no longer
  what the import wrote: kept; notes appended to it: kept after the new title), a
  plan or version set by hand, stances heard.
- dropped: a cancelled entry's planned touchpoint; a planned touchpoint of the same
  source inside the window whose entry the new import no longer has.
"""

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from db.models import Plan, PlanVersion
from db.types import utcnow
from stakeholders import audit
from stakeholders.errors import InputError
from stakeholders.formats.calendar import Entry, Person, Source, detect_kind, read_source

Progress = Callable[[int, int], None]
DEFAULT_BACK = timedelta(days=90)  # §5.1: the window is 90 days back to 30 days ahead
DEFAULT_AHEAD = timedelta(days=30)
UNKNOWN_LISTED = 10
INSERT_BATCH = 500


@dataclass
class CalendarReport:
    """What an import did (or, in a dry run, would do)."""

    kinds: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    dropped: int = 0
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    unknown: list[Person] = field(default_factory=list)  # people on entries with a stakeholder, not in the db
    people_added: int = 0

    def summary(self, dry_run: bool = False) -> str:
        """`touchpoints: created 5, updated 1, dropped 0, unchanged 3; entries skipped: 2 (ics)`."""
        if dry_run:
            text = f"touchpoints: would create {self.created}, update {self.updated}, drop {self.dropped}"
        else:
            text = f"touchpoints: created {self.created}, updated {self.updated}, dropped {self.dropped}"
        text += f", unchanged {self.unchanged}; entries skipped: {len(self.skipped)}"
        if self.people_added:
            text += f"; people {'to add' if dry_run else 'added'}: {self.people_added}"
        return text + f" ({'+'.join(dict.fromkeys(self.kinds))})"

    def unknown_lines(self) -> list[str]:
        """At most ten unknown people, then "and N more" (§5.1)."""
        lines = [f"{p.name} <{p.email}>" if p.name else p.email for p in self.unknown[:UNKNOWN_LISTED]]
        if len(self.unknown) > UNKNOWN_LISTED:
            lines.append(f"and {len(self.unknown) - UNKNOWN_LISTED} more")
        return lines

    def as_json(self, dry_run: bool) -> dict[str, Any]:
        return {
            "format": "+".join(dict.fromkeys(self.kinds)),
            "created": self.created,
            "updated": self.updated,
            "dropped": self.dropped,
            "unchanged": self.unchanged,
            "dry_run": dry_run,
            "people_added": self.people_added,
            "skipped": [{"entry": where, "reason": reason} for where, reason in self.skipped],
            "unknown_people": [{"name": p.name, "email": p.email} for p in self.unknown],
        }


def default_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or utcnow()
    return now - DEFAULT_BACK, now + DEFAULT_AHEAD


def window_bound(text: str, *, end: bool, dayfirst: bool = False, now: datetime | None = None) -> datetime:
    """`--since`/`--until` as §4 reads dates, except that a date alone means the start (for `--until`,
    the end) of that day (§5.1's fine print), not §4's 09:00 or the current time."""
    from stakeholders.dates import parse_when
    from stakeholders.local_time import local_tz

    now = now or utcnow()
    given = parse_when(text, purpose="log", now=now, dayfirst=dayfirst)
    if text.strip().lower() == "now":
        return given
    # Read twice with two clocks on the same day: a text without a time takes the clock's time of day.
    tz = local_tz()
    today = now.astimezone(tz).date()
    early, late = datetime.combine(today, time(0, 0, 1), tz), datetime.combine(today, time(23, 59, 58), tz)
    a = parse_when(text, purpose="log", now=early, dayfirst=dayfirst).astimezone(tz)
    b = parse_when(text, purpose="log", now=late, dayfirst=dayfirst).astimezone(tz)
    if a.date() != b.date() or a.timetz() != early.timetz() or b.timetz() != late.timetz():
        return given  # a time was given, or a span in hours: as written
    bound = time(23, 59, 59, 999999) if end else time(0, 0)
    return datetime.combine(a.date(), bound, tz).astimezone(given.tzinfo)


def my_addresses(given: Iterable[str] = ()) -> set[str]:
    """The importing member's own addresses: `--me` plus STAKEHOLDERS_ME (comma- or space-separated)."""
    words = list(given) + os.environ.get("STAKEHOLDERS_ME", "").replace(",", " ").split()
    return {w.strip().lower().removeprefix("mailto:") for w in words if w.strip()}


def file_source_key(path: Path, member: str) -> str:
    """The same file path imported by the same member is the same source (§5.1's fine print)."""
    return f"file:{member}:{path.resolve()}"


def read_files(
    paths: Sequence[Path], fmt: str, since: datetime, until: datetime, member: str
) -> list[tuple[Source, str]]:
    """Each file's entries in the window with its source key; outside any transaction (§8)."""
    found = []
    for path in paths:
        data = path.read_bytes()
        kind = fmt if fmt != "auto" else detect_kind(data, path.name)
        if kind is None:
            raise InputError(
                f"{path.name} is neither a calendar (.ics) nor mail (.mbox, .eml): "
                "import address books one file at a time"
            )
        found.append((read_source(data, kind, path.name, since, until), file_source_key(path, member)))
    return found


def import_calendar_files(
    store: Any,
    paths: Sequence[Path],
    *,
    fmt: str = "auto",
    plan: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    add_people: bool = False,
    me: Iterable[str] = (),
    dry_run: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> CalendarReport:
    """Read the files, then apply them in one transaction (rolled back for a dry run)."""
    start, end = default_window(now)
    since, until = since or start, until or end
    member = audit.default_actor()
    sources = read_files(paths, fmt, since, until, member)
    session_cm = store.session() if dry_run else store.write()
    with session_cm as session:
        report = apply_sources(
            session,
            sources,
            since=since,
            until=until,
            plan=plan,
            add_people=add_people,
            me=my_addresses(me),
            member=member,
            progress=progress,
            now=now,
        )
        if dry_run:
            session.rollback()
    return report


def apply_sources(
    session: Session,
    sources: Sequence[tuple[Source, str]],
    *,
    since: datetime,
    until: datetime,
    plan: str | Plan | None = None,
    add_people: bool = False,
    me: set[str] | None = None,
    member: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> CalendarReport:
    """Apply entries already read; `sources` pairs each Source with its source key."""
    from stakeholders.calendar_apply import Applier
    from stakeholders.resolve import resolve_plan

    forced = resolve_plan(session, plan) if isinstance(plan, str) else plan
    applier = Applier(
        session,
        sources,
        forced=forced,
        add_people=add_people,
        me=me if me is not None else my_addresses(),
        member=member or audit.default_actor(),
        now=now or utcnow(),
    )
    return applier.run(since, until, progress)


def summary_digest(text: str) -> str:
    """What the import wrote into a summary, as `LENGTH:SHA256`: enough to see whether the lead changed it,
    or only appended notes to it, without keeping a second copy of private text."""
    return f"{len(text)}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}"


def merged_summary(current: str | None, digest: str | None, imported: str) -> str:
    """The summary after a later import: the new title and description where the import's text is intact,
    the lead's own notes kept (appended notes stay after it; a rewritten summary stays as it is)."""
    current = current or ""
    if digest is None or summary_digest(current) == digest:
        return imported
    length, _, _ = digest.partition(":")
    n = int(length) if length.isdigit() else -1
    if 0 <= n <= len(current) and summary_digest(current[:n]) == digest:
        return imported + current[n:]
    return current


def entry_summary(entry: Entry) -> str:
    """The title (mail: the subject), then the calendar description (§5.1)."""
    text = "\n".join(x for x in (entry.title, entry.description) if x) or "(no title)"
    return text.replace("\x00", "")  # PostgreSQL stores no NUL in text; a calendar may hold one


def plan_named(title: str, plans: Sequence[Plan]) -> Plan | None:
    """The one plan whose whole name appears in the title as words (case-insensitive); none if 0 or 2+."""
    named = [p for p in plans if re.search(rf"(?<!\w){re.escape(p.name.lower())}(?!\w)", title.lower())]
    return named[0] if len(named) == 1 else None


def version_at(versions: Sequence[tuple[datetime, int]], when: datetime) -> int:
    """The plan version current at `when` (versions sorted by time), or 1 before its first."""
    current = 1
    for created, number in versions:
        if created <= when:
            current = max(current, number)
    return current


def plan_versions(session: Session) -> tuple[list[Plan], dict[int, list[tuple[datetime, int]]]]:
    plans = list(session.exec(select(Plan).order_by(col(Plan.name_key))))
    versions: dict[int, list[tuple[datetime, int]]] = {}
    for plan_id, created, number in session.exec(
        select(PlanVersion.plan_id, PlanVersion.created_at, PlanVersion.number).order_by(col(PlanVersion.number))
    ):
        versions.setdefault(plan_id, []).append((created, number))
    return plans, versions
