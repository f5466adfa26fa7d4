"""The calendar export (§6 ics): RFC 5545 text read back with the icalendar package."""

from datetime import datetime, timedelta

import icalendar
import pytest

from db.store import Store
from stakeholders.formats.export import render_export
from stakeholders.formats.export.ics import escape_text, fold
from tests.unit.test_export_data import LONG_TITLE, OTHER_PLAN, PLANNED_NOTE, SCRIPT_NAME, build_programme


@pytest.fixture
def ids(store: Store, now: datetime) -> dict[str, int]:
    return build_programme(store, now)


def _ics(store: Store, now: datetime, **kw: object) -> str:
    with store.session() as session:
        return render_export(session, "ics", now=now, **kw)  # type: ignore[arg-type, return-value]


def _events(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def test_upcoming_events_and_planned_calls(store: Store, now: datetime, ids: dict[str, int]) -> None:
    text = _ics(store, now)
    events = _events(text)
    assert sorted(events) == sorted(
        [
            f"event-{ids['note']}@stakeholders",
            f"event-{ids['steering']}@stakeholders",
            f"event-{ids['town']}@stakeholders",
            f"event-{ids['bonus']}@stakeholders",
            f"touchpoint-{ids['call']}@stakeholders",
        ]
    )
    note = events[f"event-{ids['note']}@stakeholders"]
    assert note["SUMMARY"] == "Note to the wider team (CX programme v2)"
    assert note.decoded("DTSTART") == datetime(2026, 11, 24, 9, 0, tzinfo=now.tzinfo)
    assert str(note["STATUS"]) == "CONFIRMED"
    assert "DTSTART:20261124T090000Z\r\n" in text
    call = events[f"touchpoint-{ids['call']}@stakeholders"]
    assert call["SUMMARY"] == f"Call: {SCRIPT_NAME} — CX programme v2"
    assert call.decoded("DTSTART") == now + timedelta(days=1)


def test_cancelled_event_only_as_cancelled(store: Store, now: datetime, ids: dict[str, int]) -> None:
    town = _events(_ics(store, now))[f"event-{ids['town']}@stakeholders"]
    assert str(town["STATUS"]) == "CANCELLED"


def test_crlf_folding_and_escaping(store: Store, now: datetime, ids: dict[str, int]) -> None:
    text = _ics(store, now)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text  # the long steering title is folded
    steering = _events(text)[f"event-{ids['steering']}@stakeholders"]
    assert str(steering["SUMMARY"]) == f"{LONG_TITLE} (CX programme v2)"


def test_plan_filter_and_notes(store: Store, now: datetime, ids: dict[str, int]) -> None:
    from db.models import Plan

    with store.session() as session:
        other = session.get(Plan, ids["other"])
        only = render_export(session, "ics", now=now, plan=other)
    bonus = f"event-{ids['bonus']}@stakeholders"
    assert list(_events(only)) == [bonus]
    assert OTHER_PLAN in _events(only)[bonus]["SUMMARY"]
    assert PLANNED_NOTE not in _ics(store, now)
    assert PLANNED_NOTE in _ics(store, now, include_notes=True)


def test_past_events_are_left_out(store: Store, now: datetime, ids: dict[str, int]) -> None:
    later = now + timedelta(days=4)
    uids = set(_events(_ics(store, later)))
    assert f"event-{ids['note']}@stakeholders" not in uids
    assert f"touchpoint-{ids['call']}@stakeholders" not in uids
    assert f"event-{ids['steering']}@stakeholders" in uids


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("line1\nline2\r\nline3", "line1\\nline2\\nline3"),
        ("bell\x07gone", "bellgone"),
    ],
)
def test_escape_text(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0], *(p[1:] for p in pieces[1:])]) == line
