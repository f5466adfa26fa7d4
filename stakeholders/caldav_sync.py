"""`sync caldav`: a CalDAV calendar's entries in the import's window, read as an .ics export is (§5.1).

The `caldav` library speaks the protocol (discovery of the principal and its
calendars, the time-range REPORT); recurrence is expanded by our own reading
(stakeholders.formats.calendar.ics) over the objects the server returns, so a
calendar synced and the same calendar exported give the same touchpoints.
Nothing is written here: a server that cannot be reached or refuses the
credentials fails before the import's transaction begins (exit 1).
"""

from datetime import datetime
from typing import Any

from stakeholders.errors import InputError, StakeholdersError
from stakeholders.formats.calendar import Source

CALDAV_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"
TIMEOUT_SECONDS = 30


class CalDAVError(StakeholdersError):
    """The server could not be reached, refused the credentials, or answered nonsense (exit 1)."""

    exit_code = 1


def fetch_calendar(
    url: str, *, user: str | None, password: str | None, calendar_name: str | None, since: datetime, until: datetime
) -> tuple[Source, str]:
    """The calendar's entries in [since, until] and its source key `caldav:CALENDAR-URL`."""
    _check_url(url)
    from caldav.davclient import DAVClient  # here: a heavy import only `sync caldav` needs
    from caldav.lib import error as dav_error

    try:
        client = DAVClient(url=url, username=user, password=password, timeout=TIMEOUT_SECONDS)
        calendar = _calendar(client, url, calendar_name)
        objects = calendar.search(start=since, end=until, event=True, expand=False)
        texts = [str(obj.data) for obj in objects]
        calendar_url = str(calendar.url)
    except dav_error.AuthorizationError:
        raise CalDAVError(
            f"{url} refused the credentials{f' for {user}' if user else ''}: check --user and "
            "STAKEHOLDERS_CALDAV_PASSWORD (an app password where the provider asks for one); "
            "nothing was written"
        ) from None
    except dav_error.DAVError as exc:
        raise CalDAVError(f"{url} answered with an error ({_first_line(exc)}): nothing was written") from None
    except (OSError, ValueError) as exc:  # connection refused, DNS, TLS, timeout (niquests' errors are OSErrors)
        raise CalDAVError(
            f"cannot reach {url} ({_reason(exc)}): check the URL and the network; nothing was written"
        ) from None
    from stakeholders.formats.calendar.ics import read_calendar

    name = calendar_name or calendar_url
    return read_calendar(_merged(texts), name, since, until), f"caldav:{calendar_url}"


def _check_url(url: str) -> None:
    """A URL that cannot name a CalDAV server is bad input (exit 2), not a server out of reach."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host, parts = None, None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host or any(c.isspace() for c in url):
        raise InputError(
            f"'{url}' is not a CalDAV address: give the http(s) URL of the server or the calendar "
            "(e.g. https://cloud.example.com/remote.php/dav)"
        )


def _calendar(client: Any, url: str, calendar_name: str | None) -> Any:
    """The calendar the URL names, or with --calendar the principal's calendar of that display name."""
    from caldav.elements import dav

    if calendar_name is None:
        calendar = client.calendar(url=url)
        kinds = calendar.get_properties([dav.ResourceType()]).get("{DAV:}resourcetype") or []
        if CALDAV_CALENDAR in kinds:
            return calendar
    calendars = client.principal().calendars()
    names = [str(c.get_display_name() or c.url) for c in calendars]
    if calendar_name is None:
        raise InputError(f"{url} is not a calendar: name one with --calendar ({', '.join(names) or 'none found'})")
    for calendar, name in zip(calendars, names, strict=True):
        if name.strip().lower() == calendar_name.strip().lower():
            return calendar
    raise InputError(f"no calendar named '{calendar_name}' at {url} (calendars: {', '.join(names) or 'none'})")


def _merged(texts: list[str]) -> bytes:
    """The server's objects (one per UID, each with its own VTIMEZONEs) as one VCALENDAR."""
    import icalendar

    merged = icalendar.Calendar()
    merged.add("prodid", "-//stakeholders//sync caldav//EN")
    merged.add("version", "2.0")
    zones: set[str] = set()
    for text in texts:
        try:
            part = icalendar.Calendar.from_ical(text)
        except ValueError:
            continue  # one object the server mangled does not stop the rest
        for component in part.subcomponents:
            if component.name == "VTIMEZONE":
                if str(component.get("TZID")) in zones:
                    continue
                zones.add(str(component.get("TZID")))
            merged.add_component(component)
    return bytes(merged.to_ical())


# What the HTTP library's long messages mean, in the words people know.
_REASONS = (
    ("refused", "connection refused"),
    ("name or service not known", "no such host"),
    ("nodename nor servname", "no such host"),
    ("getaddrinfo", "no such host"),
    ("timed out", "timed out"),
    ("timeout", "timed out"),
    ("certificate", "its TLS certificate is not trusted"),
    ("ssl", "a TLS error"),
)


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    for clue, reason in _REASONS:
        if clue in text:
            return reason
    return _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__
