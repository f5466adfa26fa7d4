"""Calendar and mail files as touchpoint candidates (PRODUCT.md §5.1), before the store sees them.

Reading happens outside the write transaction: a file's entries, each with
its identity, start, title, description, the people attending (declined
ones apart) and whether it was cancelled. `stakeholders.calendar_import`
then matches people and writes touchpoints.
"""

from dataclasses import dataclass, field
from datetime import datetime

from stakeholders.errors import InputError

KINDS = ("ics", "mbox", "eml")
_SUFFIXES = {".ics": "ics", ".ical": "ics", ".ifb": "ics", ".mbox": "mbox", ".mbx": "mbox", ".eml": "eml"}


class CalendarFileError(InputError):
    """A file that is not the calendar or mail it claims to be (exit 2)."""


@dataclass(frozen=True)
class Person:
    """Someone named on an entry: an attendee, the organizer, a sender or recipient."""

    email: str  # lower-cased
    name: str | None = None


@dataclass
class Entry:
    """One calendar occurrence or one message: a touchpoint to be."""

    identity: str  # "ics:UID", "ics:UID@RECURRENCE-ID", "mail:MESSAGE-ID", "mail-hash:…"
    start: datetime  # aware UTC
    title: str
    description: str | None = None
    people: list[Person] = field(default_factory=list)  # attending: organizer, attendees not declined
    declined: list[Person] = field(default_factory=list)
    cancelled: bool = False
    where: str = ""  # for messages: "FILE: message N"


@dataclass
class Source:
    """What one file (or one CalDAV calendar) holds inside the import's window."""

    kind: str  # one of KINDS
    name: str
    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)


def detect_kind(data: bytes, filename: str | None = None) -> str | None:
    """`ics`, `mbox` or `eml` by content (§5.1's fine print), else None (an address book, or not ours).

    BEGIN:VCALENDAR is a calendar; a first line `From ` is an mbox; a header block with `From:` and
    `Date:` or `Message-ID:` is a message. The name is only a hint: a `.ics` whose content is not a
    calendar is refused here rather than read as an address book.
    """
    head = data[:8192]
    for bom in (b"\xef\xbb\xbf",):
        head = head.removeprefix(bom)
    text = head.decode("latin-1").lstrip()
    if text[:15].upper() == "BEGIN:VCALENDAR":
        return "ics"
    if text.startswith("From "):
        return "mbox"
    if _looks_like_headers(text):
        return "eml"
    hinted = _SUFFIXES.get(_suffix(filename))
    if hinted is not None:
        what = {
            "ics": "an iCalendar file (no BEGIN:VCALENDAR)",
            "mbox": "an mbox (no first `From ` line)",
            "eml": "a mail message (no From: and Date: headers)",
        }[hinted]
        raise CalendarFileError(f"{filename} does not look like {what}: check the file, or force --format")
    return None


def _suffix(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return "." + filename.rsplit(".", 1)[1].lower()


def _looks_like_headers(text: str) -> bool:
    names = set()
    for line in text.splitlines():
        if not line.strip():
            break
        if line[:1] in " \t":  # a folded continuation
            continue
        name, sep, _ = line.partition(":")
        if not sep or not name or " " in name:
            return False  # not a header block
        names.add(name.strip().lower())
    return "from" in names and bool(names & {"date", "message-id"})


def read_source(data: bytes, kind: str, name: str, since: datetime, until: datetime) -> Source:
    """The entries of one file whose start lies in [since, until]; raises CalendarFileError if unreadable."""
    if kind == "ics":
        from stakeholders.formats.calendar.ics import read_calendar

        return read_calendar(data, name, since, until)
    from stakeholders.formats.calendar.mail import read_mail

    return read_mail(data, kind, name, since, until)
