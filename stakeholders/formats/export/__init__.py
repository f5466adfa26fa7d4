"""Exports of §6: the one-page status (md, html), the tables (csv, xlsx), the full status (json)
and the calendar (ics).

`render_export` is the one entry point: it builds the status model once
(`status.build_status`) and hands it to the writer of the format. Text
formats come back as `str`, xlsx as `bytes`.
"""

from datetime import datetime

from sqlmodel import Session

from db.models import Plan

FORMATS = ["md", "html", "csv", "json", "xlsx", "ics"]
BINARY_FORMATS = {"xlsx"}


def render_export(session: Session, fmt: str, *, now: datetime, plan: Plan | None = None, stale_days: int = 30,
                  include_notes: bool = False) -> str | bytes:
    if fmt == "ics":
        from stakeholders.formats.export.ics import calendar_entries, to_ics

        return to_ics(calendar_entries(session, now=now, plan=plan, include_notes=include_notes), now)
    from stakeholders.formats.export.status import build_status

    report = build_status(session, now=now, plan=plan, stale_days=stale_days, include_notes=include_notes)
    if fmt == "md":
        from stakeholders.formats.export.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from stakeholders.formats.export.html import render_html

        return render_html(report)
    if fmt == "csv":
        from stakeholders.formats.export.csv_table import render_csv

        return render_csv(report)
    if fmt == "json":
        from stakeholders.formats.export.json_status import render_json

        return render_json(report)
    if fmt == "xlsx":
        from stakeholders.formats.export.xlsx import render_xlsx

        return render_xlsx(report)
    raise ValueError(f"unknown export format {fmt!r}")
