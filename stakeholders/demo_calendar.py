"""The demo's calendar (§10): the calling campaign as the lead's calendar holds it, imported as §5.1 says.

Generated relative to today, so the calls that were booked for the last
few days wait in "did this happen?" and the next ones are still ahead:
- two days ago, an intro call with Hannah (never briefed);
- yesterday, a v2 catch-up with Elena and Sofia (they heard only v1);
  Daniel was invited too and declined, so he is not an attendee;
- from tomorrow, weekly office hours with Priya (a recurring entry);
- in three days, steering prep with Chris.
Titles naming "CX programme" make the touchpoints about it, at the version
current at their time.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from db.models import Stakeholder
from stakeholders.calendar_import import apply_sources
from stakeholders.formats.calendar import read_source
from stakeholders.local_time import local_tz

LEAD_EMAIL = "sam.patel@northwind.example"
SOURCE_KEY = "demo:calling-campaign.ics"
# days from today, hour, minutes long, title, attendees (name, PARTSTAT), weekly count (0: a single entry)
CALLS = [
    (-2, 11, 30, "CX programme: intro call with Hannah", [("Hannah Weber", "ACCEPTED")], 0),
    (
        -1,
        16,
        45,
        "CX programme v2 catch-up (Americas)",
        [("Elena Rossi", "ACCEPTED"), ("Sofia Lind", "TENTATIVE"), ("Daniel Kim", "DECLINED")],
        0,
    ),
    (1, 13, 30, "CX programme office hours", [("Priya Shah", "ACCEPTED")], 3),
    (3, 10, 30, "Steering prep: CX programme with Chris", [("Chris Morgan", "ACCEPTED")], 0),
]


def demo_calendar(session: Session, now: datetime, lead: str) -> bytes:
    """The campaign's calendar as an .ics export (Apple-style, in the local zone), dated from `now`."""
    names = {name for *_, attendees, _ in CALLS for name, _ in attendees}
    found = session.exec(select(Stakeholder.name, Stakeholder.email).where(col(Stakeholder.name).in_(names)))
    emails = {name: email for name, email in found}
    today = now.astimezone(local_tz()).date()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//stakeholders//demo calling campaign//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Calling campaign",
    ]
    for n, (days, hour, minutes, title, attendees, weekly) in enumerate(CALLS, 1):
        start = _utc(today + timedelta(days=days), hour)
        lines += [
            "BEGIN:VEVENT",
            f"UID:demo-call-{n}@stakeholders.example",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(start)}",
            f"DTEND:{_stamp(start + timedelta(minutes=minutes))}",
            f"SUMMARY:{title}",
            f"ORGANIZER;CN={lead}:mailto:{LEAD_EMAIL}",
        ]
        if weekly:
            lines.append(f"RRULE:FREQ=WEEKLY;COUNT={weekly}")
        for name, partstat in attendees:
            if emails.get(name):
                lines.append(f"ATTENDEE;CN={name};PARTSTAT={partstat}:mailto:{emails[name]}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def add_demo_calendar(session: Session, now: datetime | None = None, lead: str | None = None) -> int:
    """Import the campaign's calendar into the demo just loaded; returns the number of touchpoints it made.

    Called by the `demo` command after `load_demo`, not inside it: the TUI tests' snapshots are of
    the demo story without the calendar."""
    from db.types import utcnow
    from stakeholders.demo import LEAD

    now, lead = now or utcnow(), lead or LEAD
    since, until = now - timedelta(days=90), now + timedelta(days=30)
    source = read_source(demo_calendar(session, now, lead), "ics", "calling-campaign.ics", since, until)
    report = apply_sources(
        session, [(source, SOURCE_KEY)], since=since, until=until, me={LEAD_EMAIL}, member=lead, now=now
    )
    return report.created


def _utc(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), local_tz()).astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
