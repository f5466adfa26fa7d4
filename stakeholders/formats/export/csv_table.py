"""`export --format csv`: the stakeholder status table, one row per stakeholder per plan in scope.

UTF-8 (no byte-order mark), a header row, RFC 4180 quoting with CRLF line
ends, timestamps in ISO 8601 with offset like `--json`. Every text cell a
spreadsheet could read as a formula is neutralised (see `safety`).
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from stakeholders.formats.export.safety import neutralise_cell
from stakeholders.formats.export.status import StakeholderStatus, StatusReport
from stakeholders.views import iso

COLUMNS = ["plan", "name", "email", "title", "organization", "influence", "interest", "quadrant", "stance",
           "desired", "last_briefed_version", "last_briefed_at", "last_contact", "open_concerns"]


def columns(include_notes: bool) -> list[str]:
    return COLUMNS + (["notes"] if include_notes else [])


def row_values(row: StakeholderStatus, include_notes: bool) -> list[Any]:
    """The row in COLUMNS order, dates as ISO text, not yet neutralised."""
    values: list[Any] = [row.plan, row.name, row.email, row.title, row.organization, row.influence, row.interest,
                         row.quadrant, row.stance, row.desired, row.last_briefed_version, iso(row.last_briefed_at),
                         iso(row.last_contact), row.open_concerns]
    return values + ([row.notes] if include_notes else [])


def stakeholder_rows(report: StatusReport) -> Iterable[StakeholderStatus]:
    for plan in report.plans:
        yield from plan.stakeholders


def render_csv(report: StatusReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns(report.include_notes))
    for row in stakeholder_rows(report):
        writer.writerow(["" if v is None else neutralise_cell(v)
                         for v in row_values(row, report.include_notes)])
    return buffer.getvalue()
