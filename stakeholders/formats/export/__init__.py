"""Exports of §6: the one-page status (md, html), the tables (csv, xlsx), the full status (json)
and the calendar (ics).

`write_export` is the one entry point: it builds the status (`status.build_status`: a plan's summary
at a time, its tables as row streams) and hands it to the writer of the format, which writes to a
binary stream as it goes. `render_export` is the same into memory (text formats as `str`, xlsx as
`bytes`), for small databases and tests. md and html hold the plans with an upcoming event or
activity in the last 30 days unless plans are named; csv, json and xlsx hold every plan.
"""

import io
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # imported when a writer runs: the benchmark's references import only `columns`
    from sqlmodel import Session

    from db.models import Plan

FORMATS = ["md", "html", "csv", "json", "xlsx", "ics"]
BINARY_FORMATS = {"xlsx"}
PAGE_FORMATS = {"md", "html"}


def write_export(
    session: "Session",
    fmt: str,
    out: BinaryIO,
    *,
    now: datetime,
    plan: "Plan | None" = None,
    plans: "list[Plan] | None" = None,
    stale_days: int = 30,
    include_notes: bool = False,
    since: datetime | None = None,
) -> None:
    """Write the export to `out` (bytes; text formats in UTF-8)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    named = [plan] if plan is not None else list(plans or [])
    if fmt == "ics":
        from stakeholders.formats.export.ics import calendar_entries, to_ics

        # The calendar has one plan's entries, or everyone's.
        only = named[0] if len(named) == 1 else None
        out.write(
            to_ics(calendar_entries(session, now=now, plan=only, include_notes=include_notes), now).encode("utf-8")
        )
        return
    from stakeholders.formats.export.page import EVENTS_SHOWN
    from stakeholders.formats.export.status import build_status

    page = fmt in PAGE_FORMATS
    report = build_status(
        session,
        now=now,
        plans=named,
        stale_days=stale_days,
        include_notes=include_notes,
        since=since,
        active_only=page,
        events_limit=EVENTS_SHOWN if page else None,
    )
    if fmt == "xlsx":
        from stakeholders.formats.export.xlsx import write_xlsx

        write_xlsx(report, out)
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        if fmt == "md":
            from stakeholders.formats.export.markdown import render_markdown

            text.write(render_markdown(report))
        elif fmt == "html":
            from stakeholders.formats.export.html import render_html

            text.write(render_html(report))
        elif fmt == "csv":
            from stakeholders.formats.export.csv_table import write_csv

            write_csv(report, text)
        else:
            from stakeholders.formats.export.json_status import write_json

            write_json(report, text)
        text.flush()
    finally:
        text.detach()  # the caller owns `out`


def render_export(
    session: "Session",
    fmt: str,
    *,
    now: datetime,
    plan: "Plan | None" = None,
    plans: "list[Plan] | None" = None,
    stale_days: int = 30,
    include_notes: bool = False,
    since: datetime | None = None,
) -> str | bytes:
    out = io.BytesIO()
    write_export(
        session,
        fmt,
        out,
        now=now,
        plan=plan,
        plans=plans,
        stale_days=stale_days,
        include_notes=include_notes,
        since=since,
    )
    data = out.getvalue()
    return data if fmt in BINARY_FORMATS else data.decode("utf-8")
