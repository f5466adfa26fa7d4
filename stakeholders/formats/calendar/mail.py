"""Mail: an mbox (Thunderbird, Apple Mail, Google Takeout) or single .eml messages (Outlook, Apple Mail).

Only the header block of each message is parsed; the body is never read into
anything that is kept (§5.1: the mail body is never stored). From, To and Cc
name the people; Bcc is not read. A message without a readable Date is
skipped with its reason.
"""

import email.errors
import email.header
import email.parser
import email.policy
import email.utils
import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from stakeholders.formats.calendar import CalendarFileError, Entry, Person, Source

_MBOX_SEPARATOR = re.compile(rb"(?:\A|\r?\n)From [^\n]*\n")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
# compat32: headers as the raw text, decoded here; the default policy's parser raises IndexError on
# some malformed address headers when they are read, and real mailboxes hold malformed headers.
_PARSER = email.parser.BytesHeaderParser(policy=email.policy.compat32)
ADDRESS_HEADERS = ("from", "to", "cc")


def read_mail(data: bytes, kind: str, name: str, since: datetime, until: datetime) -> Source:
    source = Source(kind=kind, name=name)
    if kind == "mbox":
        if not data.lstrip().startswith(b"From "):
            raise CalendarFileError(f"{name} is not an mbox (it does not start with a `From ` line)")
        messages = [m for m in _MBOX_SEPARATOR.split(data.lstrip()) if m.strip()]
        labels = [f"{name}: message {n}" for n in range(1, len(messages) + 1)]
    else:
        messages, labels = [data], [name]
    for raw, where in zip(messages, labels, strict=True):
        entry, reason = _message(raw, where)
        if entry is None:
            source.skipped.append((where, reason))
        elif since <= entry.start <= until:
            source.entries.append(entry)
    source.entries.sort(key=lambda e: e.start)
    return source


def _message(raw: bytes, where: str) -> tuple[Entry | None, str]:
    head = _HEADER_END.split(raw.lstrip(b"\r\n"), maxsplit=1)[0]  # the body stays behind, unparsed
    headers = _PARSER.parsebytes(head + b"\n\n")
    if not headers.keys():
        return None, "no mail headers"
    start = _date(headers)
    if start is None:
        return None, "no readable Date header"
    people: dict[str, Person] = {}
    for header in ADDRESS_HEADERS:
        for person in _addresses(headers, header):
            people.setdefault(person.email, person)
    message_id = _text(headers.get("message-id")).strip()
    if message_id:
        identity = f"mail:{message_id}"
    else:
        digest = hashlib.sha256(
            b"\n".join(
                _text(headers.get(h)).encode("utf-8", "replace") for h in ("from", "to", "cc", "date", "subject")
            )
        )
        identity = f"mail-hash:{digest.hexdigest()[:40]}"
    subject = " ".join(_text(headers.get("subject")).split())
    return Entry(identity=identity, start=start, title=subject, people=list(people.values()), where=where), ""


def _text(value: Any) -> str:
    """A header's text with its encoded words (=?UTF-8?Q?…?=) decoded; as it stands when they are broken."""
    if value is None:
        return ""
    raw = str(value)
    try:
        return str(email.header.make_header(email.header.decode_header(raw)))
    except (ValueError, LookupError, UnicodeError, email.errors.MessageError):
        return raw


def _date(headers: Any) -> datetime | None:
    value = headers.get("date")
    if value is None:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # "-0000": UTC, origin unknown (RFC 5322 3.3)
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _addresses(headers: Any, name: str) -> list[Person]:
    found = []
    values = [str(v) for v in headers.get_all(name) or []]
    for display, address in email.utils.getaddresses(values):
        address = address.strip().lower()
        if "@" in address:
            found.append(Person(email=address, name=" ".join(_text(display).split()) or None))
    return found
