"""Hostile names in every export (PRODUCT.md §6, §8): markup escaped, spreadsheet formulas neutralised.

People, notes, tags and an event carry markup, attribute breakers, formula
prefixes and line breaks; the real `export` command writes each format, and
each file is parsed the way its reader would (an HTML parser, csv, openpyxl,
icalendar) to check that none of it became markup, a formula or a new field.
"""

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Cli

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
FORMULA = '=HYPERLINK("http://x","click")'
PHONE = "+44 20 7946 0000"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(cli: Cli) -> Cli:
    cli.ok(
        "add",
        SCRIPT,
        "--email",
        "script@example.com",
        "--phone",
        PHONE,
        "--org",
        FORMULA,
        "--title",
        PHONE,
        "--influence",
        "5",
        "--interest",
        "5",
        "--tag",
        "cx-team",
        "--notes",
        SCRIPT,
    )
    cli.ok(
        "add",
        FORMULA,
        "--email",
        "formula@example.com",
        "--title",
        "@SUM(A1:A9)",
        "--org",
        "-2+3",
        "--influence",
        "4",
        "--interest",
        "4",
        "--tag",
        "cx-team",
    )
    cli.ok("add", IMG, "--email", "img@example.com", "--title", IMG, "--influence", "5", "--interest", "4")
    cli.ok("plan", "add", "CX <b>programme</b>", "--summary", SCRIPT)
    cli.ok(
        "log",
        "script@example.com",
        "formula@example.com",
        "--plan",
        "CX <b>programme</b>",
        "--when",
        "yesterday",
        "--stance",
        "resistant",
        "--note",
        FORMULA,
        "--concern",
        f"script@example.com={SCRIPT}",
        "--follow-up",
        "=1+1",
        "--due",
        "yesterday",
    )
    cli.ok(
        "event",
        "add",
        "Town hall\r\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT",
        "--plan",
        "CX <b>programme</b>",
        "--when",
        "in 3 days",
        "--audience",
        "tag:cx-team",
        "--audience",
        "img@example.com",
    )
    return cli


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_name(hostile: Cli) -> None:
    page = hostile.ok("export", "--format", "html", "--include-notes").stdout
    parser = Tags()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert "script" not in names and "img" not in names
    assert not [(tag, attrs) for tag, attrs in parser.tags for name, _ in attrs if name.startswith("on")]
    text = "".join(parser.text)
    assert SCRIPT in text and "CX <b>programme</b>" in text  # shown as text, not lost
    assert "<b>programme</b>" not in page


def test_markdown_escapes_markup(hostile: Cli) -> None:
    page = hostile.ok("export", "--format", "md", "--include-notes").stdout
    # A markdown viewer passes raw HTML through: every `<` must be escaped as `\<`.
    raw = [i for i, ch in enumerate(page) if ch == "<" and page[i - 1 : i] != "\\"]
    assert [page[max(0, i - 20) : i + 20] for i in raw] == []
    assert "\\<script\\>" in page


def test_brief_markdown_escapes_markup(hostile: Cli) -> None:
    page = hostile.ok(
        "brief", "--with", "script@example.com", "--with", IMG, "--plan", "CX <b>programme</b>", "--format", "md"
    ).stdout
    raw = [i for i, ch in enumerate(page) if ch == "<" and page[i - 1 : i] != "\\"]
    assert [page[max(0, i - 20) : i + 20] for i in raw] == []
    assert "\\<script\\>" in page


def test_csv_cells_are_never_formulas(hostile: Cli) -> None:
    rows = list(csv.reader(io.StringIO(hostile.ok("export", "--format", "csv").stdout)))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c.startswith(TRIGGERS)] == []
    assert "'" + FORMULA in cells and "'" + PHONE in cells and SCRIPT in cells


def test_xlsx_cells_are_text_never_formulas(hostile: Cli, tmp_path: Path) -> None:
    out = tmp_path / "status.xlsx"
    hostile.ok("export", "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells if isinstance(c.value, str)]
    assert [v for v in values if v.startswith(TRIGGERS)] == []
    assert "'" + FORMULA in values


def test_json_keeps_the_values_exactly(hostile: Cli) -> None:
    text = hostile.ok("export", "--format", "json").stdout
    json.loads(text)
    assert json.dumps(SCRIPT)[1:-1] in text and json.dumps(FORMULA)[1:-1] in text


def test_ics_keeps_a_title_with_line_breaks_inside_its_event(hostile: Cli) -> None:
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(hostile.ok("export", "--format", "ics").stdout)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert "ATTENDEE" not in events[0]
    assert "END:VEVENT" in str(events[0]["SUMMARY"])
