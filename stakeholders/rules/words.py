"""How the rules' results read in text (the CLI, the TUI, the brief): reasons in words, dates in local time.

A reason's words are db.reasons.Reason's, the one wording every face uses (the exports too)."""

import functools
from datetime import date, datetime
from typing import Any

from db.reasons import Reason
from db.reasons import words as reason_words
from stakeholders.local_time import to_local


def day(dt: datetime | None, now: datetime | None = None) -> str:
    """`Mon 16 Nov` in local time, with the year when it is not the year of `now`."""
    if dt is None:
        return "—"
    local = to_local(dt)
    return _day_text(local.year, local.month, local.day, to_local(now).year if now is not None else local.year)


@functools.lru_cache(maxsize=4096)
def _day_text(year: int, month: int, number: int, this_year: int) -> str:
    # A call list shows thousands of dates on a few hundred days: strftime once per day (the
    # dashboard's first frame formats the call list's head, ~6,000 rows at 50,000 people).
    text = f"{date(year, month, number):%a} {number} {date(year, month, number):%b}"
    return text if year == this_year else f"{text} {year}"


def when(dt: datetime | None) -> str:
    """`Tue 24 Nov 2026, 09:00` in local time."""
    if dt is None:
        return "—"
    local = to_local(dt)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def reasons(entry: Any, now: datetime | None = None) -> str:
    """A flagged person's reasons in words, with the version or date that makes them concrete."""
    words = []
    for code in entry.reasons:
        if code == Reason.OUTDATED_VERSION and entry.last_briefed_version is not None:
            words.append(f"heard only v{entry.last_briefed_version} ({day(entry.last_briefed_at, now)})")
        elif code == Reason.STALE_BRIEFING and entry.last_briefed_at is not None:
            words.append(f"last briefed {day(entry.last_briefed_at, now)}")
        else:
            words.append(reason_words(code))
    text = ", ".join(words)
    if entry.planned_at is not None:
        if now is not None and entry.planned_at < now:
            text += f"; a call was planned {day(entry.planned_at, now)}: did it happen?"
        else:
            text += f"; call planned {day(entry.planned_at, now)}"
    return text


def one_line(text: str | None, limit: int) -> str:
    """Whitespace folded to one line and cut to `limit` characters, so a block stays short."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
