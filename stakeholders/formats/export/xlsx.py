"""`export --format xlsx`: sheets Summary, Stakeholders, Touchpoints, Surprises (openpyxl).

What a CMO office pastes into its own deck: one header row per sheet, bold,
frozen and filterable; dates are real Excel date-times in local time (Excel
has no time zones); every text cell is neutralised like the CSV and stored
as a string, so no cell is ever a formula.
"""

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from stakeholders.dates import to_local
from stakeholders.formats.export.csv_table import columns, row_values, stakeholder_rows
from stakeholders.formats.export.safety import neutralise
from stakeholders.formats.export.status import LEVELS, StatusReport

DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
SUMMARY = ["plan", "version", "headline", "ready", "next_event", "next_event_at", "surprised_at_next_event",
           "briefed_on_current", "briefed_older_only", "never_briefed", "below_desired", "open_concerns",
           "overdue_follow_ups", *LEVELS]
TOUCHPOINTS = ["occurred_at", "channel", "by", "plan", "version", "attendees"]
SURPRISES = ["event", "starts_at", "plan", "version", "name", "email", "organization", "influence", "interest",
             "key", "flag", "reasons", "last_briefed_version", "last_briefed_at", "planned_at"]


def render_xlsx(report: StatusReport) -> bytes:
    book = Workbook()
    book.properties.creator = "stakeholders"
    book.properties.title = "Stakeholder status"
    summary = book.active
    summary.title = "Summary"
    _fill(summary, SUMMARY, _summary_rows(report))
    stakeholders = book.create_sheet("Stakeholders")
    _fill(stakeholders, columns(report.include_notes),
          [_stakeholder(row, report.include_notes) for row in stakeholder_rows(report)])
    touchpoints = book.create_sheet("Touchpoints")
    _fill(touchpoints, TOUCHPOINTS + (["notes"] if report.include_notes else []),
          [[t.occurred_at, t.channel, t.by, t.plan, t.version, "; ".join(t.attendees)]
           + ([t.summary] if report.include_notes else []) for p in report.plans for t in p.touchpoints])
    surprises = book.create_sheet("Surprises")
    _fill(surprises, SURPRISES, _surprise_rows(report))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary_rows(report: StatusReport) -> list[list[Any]]:
    rows = []
    for plan in report.plans:
        r = plan.readiness
        ready = {True: "yes", False: "no"}.get(r.ready, "no event")  # type: ignore[arg-type]
        nxt = r.next_event
        rows.append([plan.name, plan.current_version, plan.headline, ready, nxt.title if nxt else None,
                     nxt.starts_at if nxt else None, r.next_event_surprised if nxt else None,
                     *(getattr(r, name) for name in SUMMARY[7:13]),
                     *(plan.stance_distribution[level] for level in LEVELS)])
    return rows


def _stakeholder(row: Any, include_notes: bool) -> list[Any]:
    values = row_values(row, include_notes)
    values[11], values[12] = row.last_briefed_at, row.last_contact  # real dates, not ISO text
    return values


def _surprise_rows(report: StatusReport) -> list[list[Any]]:
    rows = []
    for plan in report.plans:
        for event in plan.events:
            for flag, entries in (("surprised", event.surprised), ("at risk", event.at_risk)):
                rows += [[event.title, event.starts_at, plan.name, event.version, x.name, x.email, x.organization,
                          x.influence, x.interest, "yes" if x.key else "no", flag, ", ".join(x.reasons),
                          x.last_briefed_version, x.last_briefed_at, x.planned_at] for x in entries]
    return rows


def cell_value(value: Any) -> Any:
    """What goes in a cell: neutralised text, naive local date-times, numbers as they are."""
    if isinstance(value, datetime):
        return to_local(value).replace(tzinfo=None)
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _fill(sheet: Worksheet, headers: list[str], rows: list[list[Any]]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for values in rows:
        sheet.append([cell_value(v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
            elif isinstance(cell.value, datetime):
                cell.number_format = DATE_FORMAT
        for i, v in enumerate(values):
            shown = 16 if isinstance(v, datetime) else len(str(v)) if v is not None else 0
            widths[i] = max(widths[i], shown)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, sheet.max_row)}"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
