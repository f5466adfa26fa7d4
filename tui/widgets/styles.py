"""How stances and overdue levels look: a colour AND a letter or word, so NO_COLOR still reads."""

from datetime import datetime

from rich.text import Text

from db.enums import StanceLevel
from stakeholders.local_time import to_local
from stakeholders.rules.words import day

STANCE_LOOK = {
    StanceLevel.UNAWARE.value: ("U", "grey62"),
    StanceLevel.RESISTANT.value: ("R", "bold red"),
    StanceLevel.NEUTRAL.value: ("N", "yellow"),
    StanceLevel.SUPPORTIVE.value: ("S", "green"),
    StanceLevel.LEADING.value: ("L", "bold cyan"),
}

QUADRANT_SHORT = {
    "manage closely": "manage closely",
    "keep satisfied": "keep satisfied",
    "keep informed": "keep informed",
    "monitor": "monitor",
}


def stance_letter(level: str) -> Text:
    letter, style = STANCE_LOOK.get(level, ("?", ""))
    return Text(letter, style=style)


def stance_text(level: str | None) -> Text:
    """`S supportive`, coloured; the letter keeps it readable without colour."""
    level = level or StanceLevel.UNAWARE.value
    letter, style = STANCE_LOOK.get(level, ("?", ""))
    return Text(f"{letter} {level}", style=style)


def legend() -> Text:
    text = Text()
    for level, (letter, style) in STANCE_LOOK.items():
        text.append(f"{letter}", style=style)
        text.append(f" {level}  ")
    return text


def overdue_text(level: str) -> Text:
    """Past cadence: amber once, red past twice the cadence (§3.6); the word says it without colour."""
    return Text("!! red" if level == "red" else "! amber", style="bold red" if level == "red" else "dark_orange")


def when(value: datetime | None, now: datetime) -> str:
    """`Tue 24 Nov 09:00` in local time; the year too when it is not `now`'s (the app's clock)."""
    return f"{day(value, now)} {to_local(value):%H:%M}" if value else ""
