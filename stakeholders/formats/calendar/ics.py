"""iCalendar (.ics) exports of Outlook, Google Calendar and Apple Calendar, and CalDAV data.

Parsing is `icalendar`'s; recurrence (RRULE, RDATE, EXDATE, moved occurrences
with RECURRENCE-ID) is `recurring-ical-events`'. Both are well kept; recurrence
by hand is where calendars go wrong. What this module adds is §5.1's reading:
- Outlook's Windows zone names (`W. Europe Standard Time`): icalendar maps them,
  and uses an exported VTIMEZONE where there is one; Google's X-WR-TIMEZONE on
  floating times goes through `x-wr-timezone`.
- An all-day entry (DATE value, or Outlook's X-MICROSOFT-CDO-ALLDAYEVENT) starts
  at 09:00 local time; a floating time, or a zone nobody knows, is local time.
- Attending: the organizer and every attendee whose PARTSTAT is not DECLINED;
  rooms and resources (CUTYPE=ROOM/RESOURCE) are not people.
- A moved occurrence that lists no attendees keeps the series' attendees.
"""

import functools
import hashlib
import zoneinfo
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

import icalendar
import recurring_ical_events
from icalendar.timezone import tzid_from_dt
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from stakeholders.formats.calendar import CalendarFileError, Entry, Person, Source
from stakeholders.local_time import local_tz

ALL_DAY_AT = time(9, 0)  # §5.1: an all-day entry happens at 09:00 local, as §4's dates do
NOT_PEOPLE = {"ROOM", "RESOURCE"}


def read_calendar(data: bytes, name: str, since: datetime, until: datetime) -> Source:
    calendar = _parse(data, name)
    source = Source(kind="ics", name=name)
    events = list(calendar.walk("VEVENT"))
    # A series needs its UID to tie occurrences and moved ones together; without one an entry is read once.
    series = {_uid(e) for e in events if _uid(e) and ("RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e)}
    masters = {_uid(e): e for e in events if _uid(e) in series and "RECURRENCE-ID" not in e}
    singles: dict[str, Any] = {}
    for event in events:
        uid = _uid(event)
        if uid in series:
            continue
        key = uid or _hash_identity(event)
        # The same UID twice (an export of two calendars): the later revision wins.
        if key not in singles or _sequence(event) >= _sequence(singles[key]):
            singles[key] = event
    for key, event in singles.items():
        start = _start(event)
        if start is None:
            source.skipped.append((_where(event), "no readable DTSTART"))
        elif since <= start <= until:
            source.entries.append(_entry(event, f"ics:{key}", start, None))
    if series:
        source.entries.extend(_occurrences(calendar, events, series, masters, since, until, source))
    source.entries.sort(key=lambda e: e.start)
    return source


def _parse(data: bytes, name: str) -> icalendar.Calendar:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CalendarFileError(f"{name} is not a readable iCalendar file ({str(exc).splitlines()[0][:120]})") from None
    if isinstance(calendar, list):  # several VCALENDARs in one file: read them as one
        merged = icalendar.Calendar()
        for part in calendar:
            for component in part.subcomponents:
                merged.add_component(component)
        calendar = merged
    if "X-WR-TIMEZONE" in calendar:
        import x_wr_timezone  # type: ignore[import-untyped]

        try:
            calendar = x_wr_timezone.to_standard(calendar)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass  # a calendar zone nobody knows: its floating times stay local time
    return calendar


def _occurrences(
    calendar: icalendar.Calendar,
    events: list[Any],
    series: set[str],
    masters: dict[str, Any],
    since: datetime,
    until: datetime,
    source: Source,
) -> list[Entry]:
    """Every occurrence of the recurring entries in the window; only they go through the expander,
    whose cost per entry is many times a plain entry's."""
    sub = icalendar.Calendar()
    for timezone in calendar.walk("VTIMEZONE"):
        sub.add_component(timezone)
    for event in events:
        if _uid(event) not in series:
            continue
        if _start(event) is None or not _readable_recurrence_id(event):
            source.skipped.append((_where(event), "no readable DTSTART or RECURRENCE-ID"))
            continue
        sub.add_component(event)
    found = []
    try:
        occurrences = recurring_ical_events.of(sub).between(since, until)
    except (ValueError, TypeError, KeyError, AttributeError, recurring_ical_events.InvalidCalendar) as exc:
        # A rule the expander cannot follow (a broken RRULE): the file, not the program, is at fault.
        raise CalendarFileError(f"{source.name}: a recurring entry cannot be expanded ({exc})") from None
    for occurrence in occurrences:
        start = _start(occurrence)
        if start is None or not since <= start <= until:
            continue
        uid = _uid(occurrence)
        original = occurrence.get("RECURRENCE-ID")
        identity = f"ics:{uid}@{_stamp(original.dt)}" if original is not None else f"ics:{uid}"
        found.append(_entry(occurrence, identity, start, masters.get(uid)))
    return found


def _entry(event: Any, identity: str, start: datetime, master: Any) -> Entry:
    attendees = _list(event.get("ATTENDEE"))
    organizer = event.get("ORGANIZER")
    if master is not None and not attendees:  # a moved occurrence without its own list keeps the series'
        attendees = _list(master.get("ATTENDEE"))
        organizer = organizer or master.get("ORGANIZER")
    people: dict[str, Person] = {}
    declined: dict[str, Person] = {}
    if organizer is not None and (person := _person(organizer)) is not None:
        people[person.email] = person
    for attendee in attendees:
        if str(attendee.params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        person = _person(attendee)
        if person is None:
            continue
        if str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED":
            if person.email not in people:
                declined[person.email] = person
        else:
            people.setdefault(person.email, person)
            declined.pop(person.email, None)
    description = str(event.get("DESCRIPTION") or "").strip() or None
    return Entry(
        identity=identity,
        start=start,
        title=str(event.get("SUMMARY") or "").strip(),
        description=description,
        people=list(people.values()),
        declined=list(declined.values()),
        cancelled=str(event.get("STATUS") or "").upper() == "CANCELLED",
        where=_where(event),
    )


def _person(address: Any) -> Person | None:
    params = getattr(address, "params", {})
    value = str(address).strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    elif params.get("EMAIL"):  # Apple Calendar: `urn:uuid:…` with the address in an EMAIL parameter
        value = str(params["EMAIL"])
    value = value.strip().strip('"').lower()
    if "@" not in value:
        return None  # a URN or a bare name: nobody to match by e-mail
    name = str(params.get("CN") or "").strip().strip('"')
    return Person(email=value, name=name or None)


def _start(event: Any) -> datetime | None:
    prop = event.get("DTSTART")
    if prop is None:
        return None
    try:
        value = prop.dt
    except (ValueError, AttributeError):  # icalendar's BrokenCalendarProperty: a DTSTART it could not read
        return None
    all_day = str(event.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).upper() == "TRUE"
    if isinstance(value, datetime) and all_day:
        value = value.date()
    if not isinstance(value, datetime):
        if not isinstance(value, date):
            return None
        return datetime.combine(value, ALL_DAY_AT, local_tz()).astimezone(UTC)
    value = _named_zone(value)  # before any offset is asked of an exported VTIMEZONE
    if value.tzinfo is None or value.utcoffset() is None:  # floating, or a zone nobody knows: local time
        return value.replace(tzinfo=local_tz()).astimezone(UTC)
    return value.astimezone(UTC)


def _named_zone(value: datetime) -> datetime:
    """The same wall time in the tz database's zone when the entry's zone is a known name.

    Outlook's VTIMEZONEs start in 1601; answering an offset from one walks its rules from
    then on (~3 ms a time here): 10,000 entries spent more on that than on parsing. The tz
    database's zone of that name (Windows names mapped to it) is the same zone, kept current.
    """
    if value.tzinfo is None or isinstance(value.tzinfo, zoneinfo.ZoneInfo) or value.tzinfo is UTC:
        return value
    tzid = tzid_from_dt(value)
    zone = _zone_named(tzid) if tzid else None
    return value.replace(tzinfo=zone) if zone is not None else value


@functools.lru_cache(maxsize=64)
def _zone_named(tzid: str) -> tzinfo | None:
    try:
        return zoneinfo.ZoneInfo(WINDOWS_TO_OLSON.get(tzid, tzid))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None  # a custom zone: its VTIMEZONE is the only definition there is


def _readable_recurrence_id(event: Any) -> bool:
    prop = event.get("RECURRENCE-ID")
    try:
        return prop is None or isinstance(prop.dt, date)
    except (ValueError, AttributeError):
        return False


def _stamp(original: datetime | date) -> str:
    """An occurrence's original start as text that does not depend on how the zone was written."""
    if isinstance(original, datetime):
        if original.tzinfo is None or original.utcoffset() is None:
            return original.strftime("%Y%m%dT%H%M%S")
        return original.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return original.strftime("%Y%m%d")


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _uid(event: Any) -> str:
    return str(event.get("UID") or "").strip()


def _sequence(event: Any) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _where(event: Any) -> str:
    title = str(event.get("SUMMARY") or "").strip() or "(no title)"
    return f"entry '{title[:60]}'"


def _hash_identity(event: Any) -> str:
    """An entry without a UID (hand-written files): its start and title stand for it."""
    raw = f"{event.get('DTSTART').to_ical() if event.get('DTSTART') else ''}|{event.get('SUMMARY') or ''}"
    return "hash-" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
