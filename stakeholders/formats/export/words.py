"""How the one-page status (md and html) says things: dates in local time, reasons in words (each
reason's words are db.reasons.Reason's, as on every other face)."""

import os
from datetime import datetime

from db.reasons import Reason
from db.reasons import words as reason_words
from stakeholders.dates import to_local
from stakeholders.rules.readiness import Readiness
from stakeholders.rules.surprise import SurpriseEntry

LEVEL_LABELS = {
    "unaware": "Unaware",
    "resistant": "Resistant",
    "neutral": "Neutral",
    "supportive": "Supportive",
    "leading": "Leading",
}


def generated(now: datetime) -> str:
    """`Generated Sunday 22 November 2026 at 10:00 GMT` (local time)."""
    local = to_local(now)
    return f"Generated {local:%A} {local.day} {local:%B %Y} at {local:%H:%M} {local.tzname() or ''}".rstrip()


def zone_name(now: datetime) -> str:
    """The reader's zone as the status names it: `Europe/London (GMT)`, or the abbreviation alone
    when no `TZ` names a zone (`CET`)."""
    abbreviation = to_local(now).tzname() or "UTC"
    name = os.environ.get("TZ", "").strip().lstrip(":")
    return f"{name} ({abbreviation})" if name and name != abbreviation else abbreviation


def more(hidden: int, what: str = "more") -> str:
    """`and 1,234 more`: the tail of a bounded list (§6: the xlsx has them all)."""
    return f"and {hidden:,} {what}"


def approval(by: str | None, at: datetime | None) -> str:
    """`Approved by Maria (CMO) on Tue 17 Nov 2026, 09:00`, or that the version awaits sign-off."""
    if not by:
        return "Not approved yet"
    return f"Approved by {by}" + (f" on {when(at)}" if at is not None else "")


def first_sightings(count: int) -> str:
    """The moves out of `unaware`, folded into one line."""
    return f"{count:,} first sighting{'s' if count != 1 else ''} (unaware → a stance)"


def when(dt: datetime | None) -> str:
    """`Tue 24 Nov 2026, 09:00` (local time); an em dash for no date."""
    if dt is None:
        return "—"
    local = to_local(dt)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def day(dt: datetime | None) -> str:
    """`Mon 16 Nov` (local time)."""
    if dt is None:
        return "—"
    local = to_local(dt)
    return f"{local:%a} {local.day} {local:%b}"


def reasons(entry: SurpriseEntry, now: datetime) -> str:
    """A flagged person's reasons in words, with the version heard and any call on the calendar."""
    words = []
    for code in entry.reasons:
        if code == Reason.OUTDATED_VERSION and entry.last_briefed_version is not None:
            words.append(f"heard only v{entry.last_briefed_version}")
        elif code == Reason.STALE_BRIEFING and entry.last_briefed_at is not None:
            words.append(f"last briefed {day(entry.last_briefed_at)}")
        else:
            words.append(reason_words(code))
    text = ", ".join(words)
    planned = entry.planned_at
    if planned is not None:
        # A planned call whose time has passed briefs nobody until it is marked held (§2).
        text += f" (call planned {day(planned)})" if planned >= now else f" (call {day(planned)} not marked held)"
    return text


def person_line(name: str, title: str | None, organization: str | None) -> tuple[str, str]:
    """(name, `title, organization`) for a one-line mention."""
    return name, ", ".join(x for x in (title, organization) if x)


READINESS_ROWS = [
    ("briefed_on_current", "Briefed on v{v}"),
    ("briefed_older_only", "Heard only an older version"),
    ("never_briefed", "Never briefed"),
    ("below_desired", "Below their desired stance"),
    ("open_concerns", "Open concerns"),
    ("overdue_follow_ups", "Overdue follow-ups"),
]


def readiness_rows(readiness: Readiness, version: int) -> list[tuple[str, int]]:
    return [(label.format(v=version), getattr(readiness, attr)) for attr, label in READINESS_ROWS]
