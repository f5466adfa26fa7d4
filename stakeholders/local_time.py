"""Showing stored times in local wall time (`TZ`, else the machine's zone).

Apart from reading dates (stakeholders/dates.py), so that showing one costs
no regular expressions and no dateutil at start-up: the TUI's first frame
shows dates before anything else is loaded.
"""

import functools
import os
import zoneinfo
from datetime import UTC, datetime, tzinfo


def local_tz() -> tzinfo:
    """The machine's zone, honouring `TZ` (an unknown `TZ` falls back to the OS zone)."""
    return _zone(os.environ.get("TZ"))


@functools.lru_cache(maxsize=8)
def _zone(name: str | None) -> tzinfo:
    # One zone object per TZ value: a new tzlocal() per date cost ~60 us, and a call list of
    # 6,000 people shows two dates each (0.76 s of the dashboard's call list at 50,000 people).
    from dateutil import tz as du_tz  # here, not at import: the TUI's first frame shows dates without it

    try:
        zone = du_tz.gettz(name) if name else None
    except (ValueError, OSError, UnicodeError):  # `TZ=:/etc/passwd`: a file that is no zone file
        zone = None
    return zone or du_tz.tzlocal()


def to_local(dt: datetime, tz: tzinfo | None = None) -> datetime:
    """Aware UTC (a naive value is taken as UTC, as stored) -> aware local."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    if tz is not None:
        return dt.astimezone(tz)
    # Showing dates is the hot path (a call list shows thousands): the C implementations, zoneinfo for
    # a named TZ and the C library's local time without one, convert ~10x faster than dateutil's zones.
    name = os.environ.get("TZ")
    if not name:
        return dt.astimezone()
    zone = _zoneinfo(name)
    return dt.astimezone(zone if zone is not None else local_tz())


@functools.lru_cache(maxsize=8)
def _zoneinfo(name: str) -> tzinfo | None:
    """The IANA zone `name`, or None for what zoneinfo cannot read (a POSIX TZ string, an unknown name)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError, UnicodeError):
        return None


def format_local(dt: datetime | None, tz: tzinfo | None = None) -> str:
    """`2026-11-24 09:00` in local time; "" for no date."""
    return "" if dt is None else to_local(dt, tz).strftime("%Y-%m-%d %H:%M")
