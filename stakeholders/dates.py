"""Reading and showing dates (PRODUCT.md §4, the paragraph on dates).

Everything is stored in UTC; what the user types and sees is local wall time
(`TZ`, else the machine's zone). `parse_when` accepts ISO 8601, a few common
forms and relative words, and refuses anything it did not fully understand:
dateutil happily fills in missing parts from a default and reads stray
numbers as years or hours, so every form is checked before it is trusted.
"""

from __future__ import annotations

import calendar
import re
from datetime import MINYEAR, UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from stakeholders.errors import InputError
from stakeholders.local_time import format_local, local_tz, to_local  # noqa: F401 (re-exported)

Purpose = Literal["log", "event", "due"]

_HINT = "write it like 2026-11-27 09:00, 'Nov 27 9am', 'tomorrow 15:00' or 'in 3 days'"
_DEFAULT_TIME = time(9, 0)  # a date with no time, for events and due dates

_WEEKDAY_NAMES = "mon monday|tue tues tuesday|wed wednesday|thu thur thurs thursday|fri friday|sat saturday|sun sunday"
_WEEKDAYS = {name: i for i, names in enumerate(_WEEKDAY_NAMES.split("|")) for name in names.split()}
_UNITS = {unit + plural: unit + "s" for unit in ("minute", "hour", "day", "week") for plural in ("", "s")}

# A time of day: 15:00, 9:30:15, 9am, 9 pm, 9:30pm. A bare number ("9") is not
# a time: it could as well be a day or a year, so it is refused.
_TIME = r"(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?)?(?:\s*(?P<ap>am|pm))?"
_TIME_FULL = re.compile(rf"(?:at\s+)?{_TIME}", re.I)
_TIME_ANY = re.compile(rf"(?<![\w:.+-]){_TIME}(?![\w:.])", re.I)
_RELATIVE = re.compile(
    r"(?:in\s+(?P<n1>\d+)\s+(?P<u1>[a-z]+)|(?P<n2>\d+)\s+(?P<u2>[a-z]+)\s+ago)"
    r"(?:\s+(?P<rest>.+))?"
)
_DAYWORD = re.compile(r"(?:(?P<dir>next|last)\s+)?(?P<word>[a-z]+)(?:\s+(?P<rest>.+))?")
_NUMERIC = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{1,4}))?"
    r"(?:\s+(?P<rest>.+))?"
)
_ISO_DATE_TIME = re.compile(r"(?P<d>\d{4}-\d{2}-\d{2})\s+(?P<rest>.+)")


class DateError(InputError, ValueError):
    """A date the user typed could not be read; the message is one line saying
    what is wrong and what to write instead. An InputError, so the CLI exits 2."""


def _error(text: str, why: str | None = None) -> DateError:
    shown = " ".join(text.split())  # one line, whatever was typed
    return DateError(f"cannot read date '{shown}': " + (f"{why}; " if why else "") + _HINT)


def _localize(wall: datetime, tz: tzinfo) -> datetime:
    # A wall time skipped by a DST jump (02:30 on spring-forward day) moves
    # forward by the gap; a repeated one (autumn) is the first occurrence (fold=0).
    from dateutil import tz as du_tz

    return du_tz.resolve_imaginary(wall.replace(tzinfo=tz)).astimezone(UTC)


def _make_time(m: re.Match, text: str) -> time:
    h, mi, s, ap = int(m["h"]), int(m["m"] or 0), int(m["s"] or 0), (m["ap"] or "").lower()
    if ap:
        if not 1 <= h <= 12:
            raise _error(text, f"there is no hour {h} {ap}")
        h = h % 12 + (12 if ap == "pm" else 0)
    if h > 23 or mi > 59 or s > 59:
        raise _error(text, "that time of day does not exist")
    return time(h, mi, s)


def _strict_time(rest: str | None, text: str) -> time | None:
    """The optional time after a date: None if absent, an error if not a time."""
    if rest is None:
        return None
    m = _TIME_FULL.fullmatch(rest.strip())
    if not m or not (m["m"] or m["ap"]):
        raise _error(text)
    return _make_time(m, text)


def _at(d: date, t: time | None, purpose: str, now_local: datetime, tz: tzinfo) -> datetime:
    if t is None:  # no time given: 09:00 for events and due dates, now for log
        t = now_local.time() if purpose == "log" else _DEFAULT_TIME
    return _localize(datetime.combine(d, t), tz)


def _nearest(month: int, day: int, today: date, text: str) -> date:
    """A date without a year: the nearest such date to today (ties: the future
    one). Feb 29 looks a few years out, to the nearest leap year."""
    years = range(today.year - 4, today.year + 5)
    candidates = [date(y, month, day) for y in years if 1 <= day <= calendar.monthrange(y, month)[1]]
    if not candidates:
        raise _error(text, "that day does not exist")
    return min(candidates, key=lambda d: (abs((d - today).days), d < today))


def parse_when(
    text: str, *, purpose: Purpose, now: datetime | None = None, dayfirst: bool = False, tz: tzinfo | None = None
) -> datetime:
    """Read a date as PRODUCT.md §4 describes; returns an aware datetime in UTC."""
    if purpose not in ("log", "event", "due"):
        raise ValueError(f"unknown purpose {purpose!r}")
    tz = tz or local_tz()
    now = now or datetime.now(UTC)
    now_local = (now if now.tzinfo else now.replace(tzinfo=tz)).astimezone(tz)
    s = " ".join(str(text).split())
    if not s:
        raise _error(text, "it is empty")
    try:
        return _parse(s, text, purpose, now_local, dayfirst, tz)
    except (OverflowError, ValueError) as exc:  # e.g. 'in 999999 weeks'
        if isinstance(exc, DateError):
            raise
        raise _error(text, "it is out of range") from None


def _parse(s: str, text: str, purpose: str, now_local: datetime, dayfirst: bool, tz: tzinfo) -> datetime:
    low, today = s.lower(), now_local.date()
    if low == "now":
        return now_local.astimezone(UTC)

    if m := _RELATIVE.fullmatch(low):  # in 3 days, 2 weeks ago [time]
        unit = _UNITS.get(m["u1"] or m["u2"])
        if unit is None:
            raise _error(text, "use minutes, hours, days or weeks")
        delta = timedelta(**{unit: int(m["n1"] or m["n2"]) * (1 if m["n1"] else -1)})
        if unit in ("minutes", "hours"):  # an exact span; a time would contradict it
            if m["rest"]:
                raise _error(text)
            return now_local.astimezone(UTC) + delta
        # days and weeks count calendar days, so '2 days ago' is the same wall time
        return _at(today + delta, _strict_time(m["rest"], text), purpose, now_local, tz)

    for word, shift in (("today", 0), ("yesterday", -1), ("tomorrow", 1)):
        if low == word or low.startswith(word + " "):
            rest = low[len(word) :].strip() or None
            return _at(today + timedelta(days=shift), _strict_time(rest, text), purpose, now_local, tz)

    if (m := _DAYWORD.fullmatch(low)) and (m["dir"] or m["word"] in _WEEKDAYS):
        wd = _WEEKDAYS.get(m["word"])
        if wd is None:
            raise _error(text, f"'{m['dir']}' must be followed by a weekday")
        rest = m["rest"]
        if m["dir"] or rest is None or _TIME_FULL.fullmatch(rest):
            ahead, back = (wd - today.weekday()) % 7, (today.weekday() - wd) % 7
            if m["dir"] == "next":  # never today
                d = today + timedelta(days=ahead or 7)
            elif m["dir"] == "last":
                d = today - timedelta(days=back or 7)
            elif purpose == "log":  # a call logged for 'friday' happened already
                d = today - timedelta(days=back)
            else:
                d = today + timedelta(days=ahead)
            return _at(d, _strict_time(rest, text), purpose, now_local, tz)
        # else 'Fri Nov 27 2026': a weekday in front of a date, read below

    if re.match(r"\d{4}-\d", s):  # ISO 8601 only: dateutil would guess at 2026-13-01
        return _iso(s, text, purpose, now_local, tz)
    if m := _NUMERIC.fullmatch(s):
        return _numeric(m, text, purpose, now_local, dayfirst, tz)
    if re.match(r"\d+[/.-]\d", s):
        raise _error(text)
    return _common(s, text, purpose, now_local, tz)


def _iso(s: str, text: str, purpose: str, now_local: datetime, tz: tzinfo) -> datetime:
    try:
        return _at(date.fromisoformat(s), None, purpose, now_local, tz)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        if not (m := _ISO_DATE_TIME.fullmatch(s)):  # '2026-11-27 9am' is fine too
            raise _error(text, "it is not a valid ISO 8601 date") from None
        try:
            d = date.fromisoformat(m["d"])
        except ValueError:
            raise _error(text, "that day does not exist") from None
        return _at(d, _strict_time(m["rest"], text), purpose, now_local, tz)
    return dt.astimezone(UTC) if dt.tzinfo else _localize(dt, tz)


def _numeric(m: re.Match, text: str, purpose: str, now_local: datetime, dayfirst: bool, tz: tzinfo) -> datetime:
    """27/11/2026, 11/27, 2026/11/27: read by hand, because dateutil swaps day
    and month whenever that makes a valid date -- a guess the spec forbids."""
    a, b, c = m["a"], m["b"], m["c"]
    year: int | None  # None when no year is given (11/27): the nearest such day
    if len(a) == 4:
        if c is None or len(c) > 2:
            raise _error(text)
        year, month, day = int(a), int(b), int(c)
    else:
        if len(a) > 2 or (c is not None and len(c) != 4):
            raise _error(text, f"give the year in full, like {'27/11/2026' if dayfirst else '11/27/2026'}")
        day, month = (int(a), int(b)) if dayfirst else (int(b), int(a))
        year = int(c) if c else None
    if not 1 <= month <= 12:
        why = f"there is no month {month}"
        if not dayfirst and len(a) < 4:
            why += " (day-first dates need --dayfirst or STAKEHOLDERS_DAYFIRST=1)"
        raise _error(text, why)
    if year is None:
        d = _nearest(month, day, now_local.date(), text)
    elif MINYEAR <= year and 1 <= day <= calendar.monthrange(year, month)[1]:
        d = date(year, month, day)
    else:
        raise _error(text, "that day does not exist")
    return _at(d, _strict_time(m["rest"], text), purpose, now_local, tz)


def _common(s: str, text: str, purpose: str, now_local: datetime, tz: tzinfo) -> datetime:
    """'Nov 27 9am', '27 Nov 2026 14:30', 'November 27, 2026', 'Fri Nov 27'.
    The time is taken out and read strictly; what is left must be a month name,
    one day number and at most one four-digit year. Zones and offsets are for
    ISO 8601 only (dateutil drops an unknown 'EST' silently)."""
    times = [m for m in _TIME_ANY.finditer(s) if m["m"] or m["ap"]]
    if len(times) > 1:
        raise _error(text)
    t = _make_time(times[0], text) if times else None
    rest = s[: times[0].start()] + " " + s[times[0].end() :] if times else s
    numbers = re.findall(r"\d+", rest)
    short = [n for n in numbers if len(n) <= 2]
    years = [n for n in numbers if len(n) == 4]
    if len(short) != 1 or len(years) > 1 or len(short) + len(years) != len(numbers):
        raise _error(text)
    from dateutil import parser as du_parser

    try:  # parse twice with different defaults: a field that differs was not given
        a, b = (
            du_parser.parse(rest, default=default, fuzzy=False)
            for default in (datetime(2000, 1, 1), datetime(2004, 2, 2))
        )
    except (ValueError, OverflowError):
        raise _error(text) from None
    if a.month != b.month or a.day != b.day:
        raise _error(text, "give a month and a day")
    if a.tzinfo or (a.hour, a.minute, a.second) != (0, 0, 0) or (years and a.year != int(years[0])):
        raise _error(text)  # dateutil found something our checks did not account for
    d = a.date() if years else _nearest(a.month, a.day, now_local.date(), text)
    for word in re.findall(r"[a-z]+", s.lower()):  # 'Mon Nov 27 2026' is a contradiction
        if word in _WEEKDAYS and _WEEKDAYS[word] != d.weekday():
            raise _error(text, f"{d:%b %d %Y} is a {d:%A}")
    return _at(d, t, purpose, now_local, tz)
