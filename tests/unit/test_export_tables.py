"""The tables: csv and xlsx (neutralised cells, sheets, dates, privacy)."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest

from db.store import Store
from stakeholders.formats.export import render_export
from stakeholders.formats.export.csv_table import COLUMNS
from tests.unit.test_export_data import (
    FORMULA_NAME,
    HELD_NOTE,
    PERSON_NOTE,
    PHONE_TITLE,
    PLANNED_NOTE,
    SCRIPT_NAME,
    build_programme,
)


@pytest.fixture
def ids(store: Store, now: datetime) -> dict[str, int]:
    return build_programme(store, now)


def _render(store: Store, now: datetime, fmt: str, **kw: object) -> str | bytes:
    with store.session() as session:
        return render_export(session, fmt, now=now, **kw)  # type: ignore[arg-type]


def _book(store: Store, now: datetime, **kw: object) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(_render(store, now, "xlsx", **kw)))  # type: ignore[arg-type]


def test_csv_rows_and_columns(store: Store, now: datetime, ids: dict[str, int]) -> None:
    text = _render(store, now, "csv")
    assert isinstance(text, str) and text.startswith(",".join(COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["plan"], r["name"]) for r in rows if r["plan"] == "Sales incentive"] == [
        ("Sales incentive", "Dana Reyes")
    ]
    cx = {r["name"]: r for r in rows if r["plan"] == "CX programme"}
    assert set(cx) == {"Chris Ode", "Dana Reyes", "Lee Park", SCRIPT_NAME, "'" + FORMULA_NAME}
    lee = cx["Lee Park"]
    assert lee == {
        "plan": "CX programme",
        "name": "Lee Park",
        "email": "lee@example.com",
        "title": "",
        "organization": "Service",
        "division": "",
        "influence": "4",
        "interest": "3",
        "quadrant": "manage closely",
        "stance": "resistant",
        "desired": "supportive",
        "last_briefed_version": "1",
        "last_briefed_at": "2026-11-10T10:00:00+00:00",
        "last_contact": "2026-11-10T10:00:00+00:00",
        "open_concerns": "1",
    }
    formula = cx["'" + FORMULA_NAME]
    assert (formula["title"], formula["organization"]) == ("'" + PHONE_TITLE, "'@ops")
    assert cx["Chris Ode"]["last_briefed_version"] == "2"
    assert cx[SCRIPT_NAME]["last_briefed_at"] == ""


def test_csv_privacy(store: Store, now: datetime, ids: dict[str, int]) -> None:
    plain = _render(store, now, "csv")
    assert PERSON_NOTE not in plain and HELD_NOTE not in plain  # type: ignore[operator]
    rows = list(csv.DictReader(io.StringIO(_render(store, now, "csv", include_notes=True))))  # type: ignore[arg-type]
    assert next(r for r in rows if r["name"] == "Chris Ode")["notes"] == PERSON_NOTE


def test_xlsx_sheets_and_no_formulas(store: Store, now: datetime, ids: dict[str, int]) -> None:
    book = _book(store, now)
    assert book.sheetnames == ["Summary", "Stakeholders", "Touchpoints", "Surprises"]
    strings = []
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
    assert not [s for s in strings if s.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert "'" + FORMULA_NAME in strings and "'" + PHONE_TITLE in strings and "'@ops" in strings


def test_xlsx_content(store: Store, now: datetime, ids: dict[str, int]) -> None:
    book = _book(store, now)
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert summary[0][:7] == [
        "Plan",
        "Version",
        "Headline",
        "Ready",
        "Next event",
        "Next event at (Europe/London (GMT))",
        "Surprised at next event",
    ]
    assert [row[:2] for row in summary[1:]] == [["CX programme", 2], ["Sales incentive", 1]]
    assert summary[1][3] == "no" and summary[1][4] == "Note to the wider team"
    assert summary[1][5] == datetime(2026, 11, 24, 9, 0)  # naive local (London is on GMT in November)
    stakeholders = list(book["Stakeholders"].iter_rows(values_only=True))
    assert stakeholders[0][:3] == ("Plan", "Name", "E-mail") and len(stakeholders) == 7
    assert stakeholders[0][-4:] == (
        "Last briefed at (Europe/London (GMT))",
        "Last contact (Europe/London (GMT))",
        "Open concerns",
        "Surprised at next event",
    )
    lee = next(r for r in stakeholders if r[1] == "Lee Park")
    assert lee[12] == datetime(2026, 11, 10, 10, 0) and lee[6] == 4 and lee[5] is None
    # Lee heard only v1 of the CX programme, whose next event presents v2: surprised there.
    assert lee[-1] == "yes" and next(r for r in stakeholders if r[1] == "Chris Ode")[-1] == "no"
    touchpoints = list(book["Touchpoints"].iter_rows(values_only=True))
    assert list(touchpoints[0]) == ["When (Europe/London (GMT))", "Channel", "By", "Plan", "Version", "Attendees"]
    assert [r[5] for r in touchpoints[1:]] == ["Dana Reyes", "Dana Reyes", "Lee Park", "Chris Ode"]
    surprises = list(book["Surprises"].iter_rows(values_only=True))
    assert [(r[4], r[10], r[11]) for r in surprises[1:5]] == [
        ("Lee Park", "surprised", "outdated-version"),
        ("'" + FORMULA_NAME, "surprised", "never-briefed"),
        (SCRIPT_NAME, "surprised", "never-briefed"),
        ("Chris Ode", "at risk", "stale-briefing"),
    ]
    assert len(surprises) == 1 + 4 + 1 + 1


def test_xlsx_privacy(store: Store, now: datetime, ids: dict[str, int]) -> None:
    def text(book: openpyxl.Workbook) -> str:
        return "\n".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row)

    plain = text(_book(store, now))
    assert not [n for n in (PERSON_NOTE, HELD_NOTE, PLANNED_NOTE) if n in plain]
    with_notes = _book(store, now, include_notes=True)
    assert with_notes["Stakeholders"]["Q1"].value == "Notes" and with_notes["Touchpoints"]["G1"].value == "Notes"
    assert PERSON_NOTE in text(with_notes) and HELD_NOTE in text(with_notes)
