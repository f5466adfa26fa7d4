"""How warnings, stances and dates look: the same everywhere, and readable without colour (§7).

Every warning has a role, and each role a colour look and a monochrome look. Under `NO_COLOR`
Textual turns every colour into its grey (Monochrome filter): red becomes dark grey on near-black,
about 1.6:1. So with no colour a warning is drawn by weight and reverse video, never by a grey,
and nothing is dimmed. Dates are one style: `Thu 3 Dec 09:00`, the year added when it is not this
year's (docs/tui.md).
"""

from datetime import datetime

from rich.text import Text

from db.enums import StanceLevel
from stakeholders.local_time import to_local
from stakeholders.rules.words import day

ROLES: dict[str, tuple[str, str]] = {
    # role: (look in colour, look without colour)
    "warn": ("bold #ff6e6e", "bold reverse"),  # surprised, overdue, resistant, an open concern, ✗ not ready
    "caution": ("bold yellow", "bold underline"),  # at risk, amber, a call still planned
    "good": ("green", ""),
    "quiet": ("grey70", ""),  # secondary text; never dim (dimmed text falls under 4.5:1)
    "strong": ("bold", "bold"),
    "lead": ("bold cyan", "bold"),
}


def monochrome() -> bool:
    """True when the running app draws without colour (`NO_COLOR`: Textual pops it from the
    environment when the app starts, so the app's own flag is the one to read)."""
    from textual._context import active_app  # the app being run on this thread, as Textual tracks it

    try:
        return bool(active_app.get().no_color)
    except LookupError:
        return False


def look(role: str) -> str:
    """The Rich style of a role, with or without colour."""
    coloured, plain = ROLES.get(role, ("", ""))
    return plain if monochrome() else coloured


def styled(text: str, role: str) -> Text:
    return Text(text, style=look(role))


STANCE_LOOK = {
    StanceLevel.UNAWARE.value: ("U", "quiet"),
    StanceLevel.RESISTANT.value: ("R", "warn"),
    StanceLevel.NEUTRAL.value: ("N", "caution"),
    StanceLevel.SUPPORTIVE.value: ("S", "good"),
    StanceLevel.LEADING.value: ("L", "lead"),
}
"""Stance level -> (its letter, its role): the letter keeps it readable without colour."""

QUADRANT_SHORT = {
    "manage closely": "manage closely",
    "keep satisfied": "keep satisfied",
    "keep informed": "keep informed",
    "monitor": "monitor",
}


def stance_letter(level: str) -> Text:
    letter, role = STANCE_LOOK.get(level, ("?", ""))
    return Text(letter, style=look(role))


def stance_text(level: str | None) -> Text:
    """`S supportive`, coloured; the letter keeps it readable without colour, resistant in reverse."""
    level = level or StanceLevel.UNAWARE.value
    letter, role = STANCE_LOOK.get(level, ("?", ""))
    return Text(f"{letter} {level}", style=look(role))


def legend() -> Text:
    text = Text()
    for level, (letter, role) in STANCE_LOOK.items():
        text.append(f"{letter}", style=look(role))
        text.append(f" {level}  ")
    return text


def overdue_text(level: str) -> Text:
    """Past cadence: amber once, red past twice the cadence (§3.6); the word says it without colour."""
    return styled("!! red", "warn") if level == "red" else styled("! amber", "caution")


def count_text(count: int | None, role: str) -> Text:
    """A count of flagged people: `—` when not evaluated, the role's look when not zero."""
    if count is None:
        return Text("—")
    return styled(str(count), role) if count else styled("0", "good")


def when(value: datetime | None, now: datetime) -> str:
    """`Tue 24 Nov 09:00` in local time; the year too when it is not `now`'s (the app's clock)."""
    return f"{day(value, now)} {to_local(value):%H:%M}" if value else ""


def on_day(value: datetime | None, now: datetime) -> str:
    """`Tue 24 Nov` in local time (a due date, a version's day); the year when it is not `now`'s."""
    return day(value, now) if value else "—"
