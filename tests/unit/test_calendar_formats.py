"""Reading calendars and mail (§5.1) from files written the way Outlook, Google, Apple and mail clients write them.

Expected times are worked out by hand from each fixture (tests/data/calendar/), with TZ=Europe/London
(tests/conftest.py): November is GMT there, so local 09:00 is 09:00Z.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from stakeholders.calendar_import import (
    CalendarReport,
    merged_summary,
    plan_named,
    summary_digest,
    version_at,
    window_bound,
)
from stakeholders.formats.calendar import CalendarFileError, Entry, Person, Source, detect_kind, read_source

DATA = Path(__file__).parent.parent / "data" / "calendar"
SINCE, UNTIL = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)


def read(name: str, since: datetime = SINCE, until: datetime = UNTIL) -> Source:
    data = (DATA / name).read_bytes()
    kind = detect_kind(data, name)
    assert kind is not None
    return read_source(data, kind, name, since, until)


def by_title(source: Source) -> dict[str, list[Entry]]:
    found: dict[str, list[Entry]] = {}
    for entry in source.entries:
        found.setdefault(entry.title, []).append(entry)
    return found


def emails(people: list[Person]) -> set[str]:
    return {p.email for p in people}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("outlook.ics", "ics"),
        ("google.ics", "ics"),
        ("apple.ics", "ics"),
        ("thunderbird.mbox", "mbox"),
        ("outlook.eml", "eml"),
        ("apple_mail.eml", "eml"),
    ],
)
def test_the_format_is_recognised_by_content_not_by_name(name: str, kind: str) -> None:
    data = (DATA / name).read_bytes()
    assert detect_kind(data, name) == kind
    assert detect_kind(data, "renamed.txt") == kind
    assert detect_kind(b"\xef\xbb\xbf" + data, None) == kind


def test_an_address_book_is_not_a_calendar_and_a_misnamed_file_is_refused() -> None:
    assert detect_kind(b"name,email\nDana,dana@example.com\n", "people.csv") is None
    assert detect_kind(b"BEGIN:VCARD\r\nFN:Dana\r\nEND:VCARD\r\n", "people.vcf") is None
    with pytest.raises(CalendarFileError, match="does not look like an iCalendar file"):
        detect_kind(b"name,email\n", "calendar.ics")


def test_outlook_windows_zone_weekly_series_with_exdate_and_a_moved_occurrence() -> None:
    weekly = by_title(read("outlook.ics"))
    # W. Europe Standard Time is UTC+1 in November: 10:00 there is 09:00Z. COUNT=6 from Wed 4 Nov,
    # 11 Nov excluded (EXDATE), 18 Nov moved to Thu 19 Nov 15:00 (14:00Z).
    assert [e.start for e in weekly["CX programme weekly"]] == [
        at(2026, 11, 4, 9),
        at(2026, 11, 25, 9),
        at(2026, 12, 2, 9),
        at(2026, 12, 9, 9),
    ]
    [moved] = weekly["CX programme weekly (moved to Thursday)"]
    assert moved.start == at(2026, 11, 19, 14)
    assert moved.identity.endswith("@20261118T090000Z")  # its original start: rescheduling moves the touchpoint
    # The moved occurrence lists no attendees: it keeps the series' (the organizer, Dana; Lee declined).
    assert emails(moved.people) == {"sam@example.com", "dana@example.com"}
    assert emails(moved.declined) == {"lee.park@example.com"}


def test_outlook_rooms_are_not_people_and_all_day_entries_start_at_nine_local() -> None:
    entries = by_title(read("outlook.ics"))
    weekly = entries["CX programme weekly"][0]
    assert "room401@example.com" not in emails(weekly.people) | emails(weekly.declined)
    assert weekly.description is not None and weekly.description.startswith("Weekly check-in on the CX programme.")
    [offsite] = entries["Finance offsite"]  # DTSTART;VALUE=DATE and X-MICROSOFT-CDO-ALLDAYEVENT:TRUE
    assert offsite.start == at(2026, 11, 12, 9)
    assert emails(offsite.people) == {"sam@example.com", "priya@example.com", "jordan.blake@partner.example"}


def test_google_daily_series_with_rdate_a_cancelled_and_a_moved_occurrence() -> None:
    stand_ups = [e for e in read("google.ics").entries if e.title.startswith("Ideas platform stand-up")]
    # Daily Mon-Fri 14:00 Berlin (13:00Z) until Fri 6 Nov, plus RDATE Sat 7 Nov 10:00 Berlin (09:00Z).
    assert [(e.start, e.cancelled) for e in stand_ups] == [
        (at(2026, 11, 2, 13), False),
        (at(2026, 11, 3, 13), False),
        (at(2026, 11, 4, 13), True),
        (at(2026, 11, 5, 15), False),
        (at(2026, 11, 6, 13), False),
        (at(2026, 11, 7, 9), False),
    ]
    moved = stand_ups[3]
    assert moved.title == "Ideas platform stand-up (later today)"
    assert emails(moved.people) == {"sam@example.com", "dana@example.com"}  # Priya declined this one
    assert emails(moved.declined) == {"priya@example.com"}
    # NEEDS-ACTION (and TENTATIVE) count as attending: every PARTSTAT but DECLINED.
    assert "priya@example.com" in emails(stand_ups[0].people)


def test_google_organizer_counts_and_a_cancelled_single_entry_is_marked() -> None:
    entries = by_title(read("google.ics"))
    assert emails(entries["Coffee with Lee"][0].people) == {"lee.park@example.com", "sam@example.com"}
    assert entries["CX programme deep dive"][0].cancelled
    [review] = entries["CX programme and Ideas platform review day"]
    assert review.start == at(2026, 11, 20, 9)


def test_apple_attendees_by_email_parameter_and_floating_times_in_the_calendar_zone() -> None:
    entries = by_title(read("apple.ics"))
    [call] = entries["Priya / Sam"]
    assert call.start == at(2026, 11, 17, 14, 45)  # 09:45 New York (EST, UTC-5)
    assert emails(call.people) == {"sam@example.com", "priya@example.com"}  # urn:uuid with EMAIL="…"
    assert entries["Dana in town"][0].start == at(2026, 11, 23, 9)
    # A floating time in a calendar with X-WR-TIMEZONE is that zone's wall time (15:30 EST).
    assert entries["Floating call with Lee"][0].start == at(2026, 11, 25, 20, 30)


def test_a_floating_time_without_a_calendar_zone_is_local_time() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:f1\r\nDTSTART:20260715T100000\r\n"
        b"SUMMARY:Summer call\r\nATTENDEE:mailto:dana@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [entry] = read_source(data, "ics", "x.ics", at(2026, 1, 1), at(2026, 12, 31)).entries
    assert entry.start == at(2026, 7, 15, 9)  # 10:00 BST in London
    assert entry.identity == "ics:f1"


def test_the_window_filters_occurrences_by_their_start() -> None:
    source = read("outlook.ics", since=at(2026, 11, 19), until=at(2026, 11, 30, 23, 59))
    assert [e.title for e in source.entries] == ["CX programme weekly (moved to Thursday)", "CX programme weekly"]


def test_a_file_that_is_not_icalendar_is_an_input_error() -> None:
    with pytest.raises(CalendarFileError):
        read_source(b"BEGIN:VCALENDAR\r\nthis is not\r\n", "ics", "broken.ics", SINCE, UNTIL)


def test_thunderbird_mbox_from_to_cc_not_bcc_and_no_body() -> None:
    source = read("thunderbird.mbox")
    first = source.entries[0]
    assert first.title == "CX programme – v2 deck"
    assert first.start == at(2026, 11, 17, 9, 15, 1)
    assert first.identity == "mail:<7f3c2a10-4b5e-4c1d-9e8f-0a1b2c3d4e5f@example.com>"
    assert emails(first.people) == {
        "sam@example.com",
        "dana@example.com",
        "jordan.blake@partner.example",
        "priya@example.com",
    }  # Lee was only in Bcc
    assert first.description is None  # the body ("Confidential: …") is never read into an entry
    assert "Confidential" not in repr(source)
    assert source.skipped == [("thunderbird.mbox: message 3", "no readable Date header")]
    no_id = source.entries[-1]
    assert no_id.identity.startswith("mail-hash:") and no_id.start == at(2026, 11, 20, 9, 30)
    assert read("thunderbird.mbox").entries[-1].identity == no_id.identity  # the same hash each time


def test_outlook_and_apple_mail_messages() -> None:
    [outlook] = read("outlook.eml").entries
    assert outlook.title == "RE: Ideas platform pilot - next steps"
    assert emails(outlook.people) == {"sam@example.com", "lee.park@example.com", "dana@example.com"}  # CC: too
    [apple] = read("apple_mail.eml").entries
    assert apple.title == "Café next week?"
    assert apple.start == at(2026, 11, 26, 23, 5, 33)  # 18:05:33 -0500
    assert apple.description is None


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2026-11-01", False, at(2026, 11, 1, 0)),
        ("2026-11-01", True, datetime(2026, 11, 1, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2026-07-01", False, at(2026, 6, 30, 23)),  # BST: local midnight is 23:00Z the day before
        ("2026-11-01 10:30", True, at(2026, 11, 1, 10, 30)),
        ("yesterday", False, at(2026, 11, 21, 0)),
        ("in 3 hours", False, at(2026, 11, 22, 13)),
    ],
)
def test_since_and_until_a_date_alone_is_the_start_or_end_of_that_day(
    text: str, end: bool, expected: datetime, now: datetime
) -> None:
    assert window_bound(text, end=end, now=now) == expected


class _Plan:
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("CX programme sync with Dana", "CX programme"),
        ("cx PROGRAMME: next steps", "CX programme"),
        ("CX programmes overview", None),  # not the whole name as words
        ("CX programme and Ideas platform review", None),  # two plans named: none
        ("Coffee", None),
    ],
)
def test_a_title_names_exactly_one_plan_as_words(title: str, named: str | None) -> None:
    plans = [_Plan("CX programme"), _Plan("Ideas platform")]
    found = plan_named(title, plans)  # type: ignore[arg-type]
    assert (found.name if found else None) == named


def test_the_version_is_the_one_current_at_the_time_or_1_before_the_first() -> None:
    versions = [(at(2026, 10, 1), 1), (at(2026, 11, 1), 2), (at(2026, 11, 20), 3)]
    assert version_at(versions, at(2026, 9, 1)) == 1
    assert version_at(versions, at(2026, 11, 5)) == 2
    assert version_at(versions, at(2026, 12, 1)) == 3


def test_a_later_import_keeps_the_leads_notes_and_updates_the_title() -> None:
    first = "CX sync\nAgenda: v2"
    digest = summary_digest(first)
    assert merged_summary(first, digest, "CX sync (moved)") == "CX sync (moved)"  # untouched: updated
    held = first + "\nDana is on board"  # marked held with a note: the note stays after the new title
    assert merged_summary(held, digest, "CX sync (moved)") == "CX sync (moved)\nDana is on board"
    assert merged_summary("My own words", digest, "CX sync (moved)") == "My own words"  # rewritten: kept


def test_unknown_people_are_listed_ten_then_and_n_more() -> None:
    report = CalendarReport(unknown=[Person(f"p{i}@example.com", f"P {i}" if i % 2 else None) for i in range(13)])
    lines = report.unknown_lines()
    assert lines[:2] == ["p0@example.com", "P 1 <p1@example.com>"]
    assert len(lines) == 11 and lines[-1] == "and 3 more"


@pytest.mark.parametrize(
    "data",
    [
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:2026\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:b\r\nRRULE:FREQ=DAILY;COUNT=2\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Nowhere/Atlantis\r\nBEGIN:VEVENT\r\nUID:c\r\nDTSTART:20261110T100000\r\n"
        b"SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"From x\nFrom: =?utf-\xff8?q?A?= <a@\nTo: <\nDate: Tue, 17 Nov 2026 10:15:01 +0100\n"
        b"Subject: =?x?B?zz?=\n\nbody\n",
    ],
)
def test_broken_entries_are_skipped_or_refused_never_a_crash(data: bytes) -> None:
    kind = detect_kind(data) or "ics"
    try:
        source = read_source(data, kind, "broken", SINCE, UNTIL)
    except CalendarFileError:
        return
    assert all(e.start.tzinfo is not None for e in source.entries)


def test_my_addresses_come_from_me_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from stakeholders.calendar_import import my_addresses

    monkeypatch.setenv("STAKEHOLDERS_ME", "Sam@Example.com, sam.patel@corp.example  mailto:sp@example.org")
    assert my_addresses(["SAMP@home.example"]) == {
        "samp@home.example",
        "sam@example.com",
        "sam.patel@corp.example",
        "sp@example.org",
    }
