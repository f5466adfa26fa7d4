"""`export --format csv`: the stakeholder status table, one row per stakeholder per plan in scope.

UTF-8 (no byte-order mark), a header row, RFC 4180 quoting with CRLF line
ends, timestamps in ISO 8601 with offset like `--json`. Every text cell a
spreadsheet could read as a formula is neutralised (see `safety`). Written
row by row as the rows are read (`StatusReport.stakeholders`): memory does
not grow with the number of people.
"""

import csv
import io
from typing import Any, TextIO

from stakeholders.formats.export.columns import COLUMNS
from stakeholders.formats.export.safety import neutralise_cell
from stakeholders.formats.export.status import StatusReport
from stakeholders.formats.export.tables import StakeholderStatus
from stakeholders.views import iso

DATE_COLUMNS = (COLUMNS.index("last_briefed_at"), COLUMNS.index("last_contact"))


def columns(include_notes: bool) -> list[str]:
    return COLUMNS + (["notes"] if include_notes else [])


def row_values(row: StakeholderStatus, include_notes: bool) -> list[Any]:
    """The row in COLUMNS order, dates as ISO text, not yet neutralised."""
    values: list[Any] = [
        row.plan,
        row.name,
        row.email,
        row.title,
        row.organization,
        row.division,
        row.influence,
        row.interest,
        row.quadrant,
        row.stance,
        row.desired,
        row.last_briefed_version,
        iso(row.last_briefed_at),
        iso(row.last_contact),
        row.open_concerns,
    ]
    return values + ([row.notes] if include_notes else [])


def write_csv(report: StatusReport, out: TextIO) -> int:
    """Write the table to `out` as it is read; returns the number of stakeholder rows."""
    writer = csv.writer(out)
    writer.writerow(columns(report.include_notes))
    count = 0
    for plan in report.plan_rows:
        for row in report.stakeholders(plan):
            writer.writerow(["" if v is None else neutralise_cell(v) for v in row_values(row, report.include_notes)])
            count += 1
    return count


def render_csv(report: StatusReport) -> str:
    buffer = io.StringIO(newline="")
    write_csv(report, buffer)
    return buffer.getvalue()
