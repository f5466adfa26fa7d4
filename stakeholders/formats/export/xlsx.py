"""`export --format xlsx`: sheets Summary, Stakeholders, Touchpoints, Surprises, written as a stream.

What a CMO office pastes into its own deck: column headers in words ("Surprised at next event"),
bold, frozen and filterable; dates are real Excel date-times in the reader's zone, named in the
header (Excel has no time zones); every text cell is neutralised like the CSV, so no cell is ever a
formula. The Summary is one row per plan, set to print landscape, one page wide.

openpyxl's write-only mode: each row goes to its sheet's file as it is appended, so memory does not
grow with the data. Column widths are therefore fixed per column, not measured. A sheet holds at most
Excel's 1,048,576 rows; past that the rows continue on "Stakeholders (2)" and so on. Touchpoints hold
the export window (`--since`, default the last 90 days).
"""

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from stakeholders.formats.export import words
from stakeholders.formats.export.safety import neutralise
from stakeholders.formats.export.status import LEVELS, PlanStatus, StatusReport
from stakeholders.local_time import to_local

DATE_FORMAT = "yyyy-mm-dd hh:mm"
EXCEL_ROWS = 1_048_576
YES_NO = {True: "yes", False: "no", None: ""}


def summary_columns(zone: str) -> list[tuple[str, int]]:
    return [
        ("Plan", 28),
        ("Version", 8),
        ("Headline", 50),
        ("Ready", 8),
        ("Next event", 28),
        (f"Next event at ({zone})", 17),
        ("Surprised at next event", 11),
        ("Briefed on current version", 10),
        ("Heard only an older version", 10),
        ("Never briefed", 9),
        ("Below desired stance", 9),
        ("Open concerns", 9),
        ("Overdue follow-ups", 9),
        *((words.LEVEL_LABELS[level], 9) for level in LEVELS),
        ("Approved by", 16),
    ]


def stakeholder_columns(zone: str, include_notes: bool) -> list[tuple[str, int]]:
    return [
        ("Plan", 24),
        ("Name", 24),
        ("E-mail", 30),
        ("Title", 24),
        ("Organization", 20),
        ("Division", 18),
        ("Influence", 9),
        ("Interest", 9),
        ("Quadrant", 15),
        ("Stance", 11),
        ("Desired stance", 11),
        ("Last briefed on version", 10),
        (f"Last briefed at ({zone})", 17),
        (f"Last contact ({zone})", 17),
        ("Open concerns", 9),
        ("Surprised at next event", 11),
    ] + ([("Notes", 40)] if include_notes else [])


def touchpoint_columns(zone: str, include_notes: bool) -> list[tuple[str, int]]:
    return [(f"When ({zone})", 17), ("Channel", 11), ("By", 16), ("Plan", 24), ("Version", 8), ("Attendees", 50)] + (
        [("Notes", 40)] if include_notes else []
    )


def surprise_columns(zone: str) -> list[tuple[str, int]]:
    return [
        ("Event", 28),
        (f"Starts at ({zone})", 17),
        ("Plan", 24),
        ("Version", 8),
        ("Name", 24),
        ("E-mail", 30),
        ("Organization", 20),
        ("Influence", 9),
        ("Interest", 9),
        ("Key stakeholder", 9),
        ("Flag", 10),
        ("Reasons", 30),
        ("Last briefed on version", 10),
        (f"Last briefed at ({zone})", 17),
        (f"Call planned at ({zone})", 17),
    ]


class Sheet:
    """A write-only sheet that continues on a numbered sheet of the same columns when full."""

    def __init__(self, book: Workbook, title: str, columns: list[tuple[str, int]], *, fit_width: bool = False):
        self.book, self.title, self.columns, self.fit_width = book, title, columns, fit_width
        self.parts = 0
        self.rows = 0
        self.sheet = self._start()

    def _start(self) -> WriteOnlyWorksheet:
        self.parts += 1
        previous = getattr(self, "sheet", None)
        sheet = self.book.create_sheet(self.title if self.parts == 1 else f"{self.title} ({self.parts})")
        if previous is not None:  # a continuation sits right after the part it continues
            sheets = self.book._sheets  # every sheet: `worksheets` lists no write-only ones
            sheets.remove(sheet)
            sheets.insert(sheets.index(previous) + 1, sheet)
        for i, (_, width) in enumerate(self.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        if self.fit_width:
            # One page wide, as many pages tall as it takes: the Summary pasted or printed as is.
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.paperSize = "9"  # A4
            sheet.page_setup.fitToWidth = 1
            sheet.page_setup.fitToHeight = 0
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
        header = []
        for name, _ in self.columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        self.rows = 1
        return sheet

    def append(self, values: Iterable[Any]) -> None:
        if self.rows >= EXCEL_ROWS:
            self._finish()
            self.sheet = self._start()
        self.sheet.append([self._cell(v) for v in values])
        self.rows += 1

    def _cell(self, value: Any) -> Any:
        value = cell_value(value)
        if isinstance(value, datetime):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    def _finish(self) -> None:
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.rows}"

    def close(self) -> None:
        self._finish()


def cell_value(value: Any) -> Any:
    """What goes in a cell: neutralised text, naive local date-times, yes/no for flags, numbers as they are."""
    if isinstance(value, datetime):
        return to_local(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return YES_NO[value]
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def write_xlsx(report: StatusReport, out: BinaryIO) -> None:
    zone = words.zone_name(report.generated_at)
    notes = report.include_notes
    book = Workbook(write_only=True)
    book.properties.creator = "stakeholders"
    book.properties.title = "Stakeholder status"
    summary = Sheet(book, "Summary", summary_columns(zone), fit_width=True)
    stakeholders = Sheet(book, "Stakeholders", stakeholder_columns(zone, notes))
    touchpoints = Sheet(book, "Touchpoints", touchpoint_columns(zone, notes))
    surprises = Sheet(book, "Surprises", surprise_columns(zone))
    for plan, status in zip(report.plan_rows, report.plans, strict=True):
        summary.append(_summary_row(status))
        for row in _surprise_rows(status):
            surprises.append(row)
        nxt = status.readiness.next_event
        surprised = None if nxt is None else {entry.id for entry in nxt.surprised}
        for r in report.stakeholders(plan, surprised):
            stakeholders.append(
                [
                    r.plan,
                    r.name,
                    r.email,
                    r.title,
                    r.organization,
                    r.division,
                    r.influence,
                    r.interest,
                    r.quadrant,
                    r.stance,
                    r.desired,
                    r.last_briefed_version,
                    r.last_briefed_at,
                    r.last_contact,
                    r.open_concerns,
                    r.surprised_at_next_event,
                ]
                + ([r.notes] if notes else [])
            )
        for t in report.touchpoints(plan):
            touchpoints.append(
                [t.occurred_at, t.channel, t.by, t.plan, t.version, "; ".join(t.attendees)]
                + ([t.summary] if notes else [])
            )
    for sheet in (summary, stakeholders, touchpoints, surprises):
        sheet.close()
    book.save(out)


def _summary_row(plan: PlanStatus) -> list[Any]:
    r = plan.readiness
    nxt = r.next_event
    return [
        plan.name,
        plan.current_version,
        plan.headline,
        {True: "yes", False: "no"}.get(r.ready, "no event"),  # type: ignore[arg-type]
        nxt.title if nxt else None,
        nxt.starts_at if nxt else None,
        r.next_event_surprised if nxt else None,
        r.briefed_on_current,
        r.briefed_older_only,
        r.never_briefed,
        r.below_desired,
        r.open_concerns,
        r.overdue_follow_ups,
        *(plan.stance_distribution[level] for level in LEVELS),
        plan.approved_by,
    ]


def _surprise_rows(plan: PlanStatus) -> Iterable[list[Any]]:
    for event in plan.events:
        for flag, entries in (("surprised", event.surprised), ("at risk", event.at_risk)):
            for x in entries:
                yield [
                    event.title,
                    event.starts_at,
                    plan.name,
                    event.version,
                    x.name,
                    x.email,
                    x.organization,
                    x.influence,
                    x.interest,
                    x.key,
                    flag,
                    ", ".join(x.reasons),
                    x.last_briefed_version,
                    x.last_briefed_at,
                    x.planned_at,
                ]


def render_xlsx(report: StatusReport) -> bytes:
    out = io.BytesIO()
    write_xlsx(report, out)
    return out.getvalue()
