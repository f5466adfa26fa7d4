"""`export`: the status for the CMO (md, html), the tables (csv, xlsx), the full status (json), the calendar (ics)."""

import sys
from pathlib import Path

import click

from stakeholders.cli.boundary import OutputPath
from stakeholders.cli.common import AppContext, info, pass_app
from stakeholders.cli.complete import complete_plan

FORMATS = ["md", "html", "csv", "json", "xlsx", "ics"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option(
    "-o",
    "--output",
    type=OutputPath(allow_dash=True),
    help="Write to FILE (owner-only, replaced atomically). Default: stdout; `-` is stdout too.",
)
@click.option(
    "--plan",
    "plan_names",
    metavar="P",
    multiple=True,
    shell_complete=complete_plan,
    help="This plan (repeatable). Default: md and html, the plans with an upcoming event or activity in "
    "the last 30 days; csv, json and xlsx, every plan.",
)
@click.option("--since", metavar="W", help="Touchpoints (xlsx, json) from this date on (default: 90 days ago).")
@click.option(
    "--include-notes",
    is_flag=True,
    help="Also export the team's private stakeholder and touchpoint notes (left out by default).",
)
@click.option(
    "--stale-days",
    metavar="N",
    help="A briefing more than N×24 h before an event is stale (default: env STAKEHOLDERS_STALE_DAYS, else 30).",
)
@pass_app
def export(
    app: AppContext,
    fmt: str,
    output: Path | None,
    plan_names: tuple[str, ...],
    since: str | None,
    include_notes: bool,
    stale_days: str | None,
) -> None:
    """Export the status: one page per plan (md, html), tables (csv, xlsx), everything (json) or a calendar (ics).

    Private notes stay out unless --include-notes; spreadsheet cells that could
    run as formulas (=, +, -, @) are neutralised with a leading '.

    \b
    Example:
      stakeholders export --format html -o status.html
      stakeholders export --format xlsx --plan "CX programme" -o status.xlsx
      stakeholders export --format xlsx --since "30 days ago" -o last-month.xlsx
      stakeholders export --format ics -o stakeholders.ics
    """
    from db.types import utcnow
    from stakeholders.errors import InputError
    from stakeholders.formats.export import write_export
    from stakeholders.formats.export.safety import open_private
    from stakeholders.resolve import resolve_plan

    if output is not None and str(output) == "-":
        output = None
    if fmt == "xlsx" and output is None:
        raise InputError("xlsx is binary: give -o FILE")
    days = app.stale_days(stale_days)
    window = app.when(since, "log") if since else None
    # Written as it is read (a plan's summary, then its rows): memory does not grow with the data.
    with app.store.session() as session:
        # Each plan once, in the order first named, however it was spelled.
        plans = list({plan.id: plan for plan in (resolve_plan(session, name) for name in plan_names)}.values())
        if output is None:
            write_export(
                session,
                fmt,
                sys.stdout.buffer,
                now=utcnow(),
                plans=plans,
                stale_days=days,
                include_notes=include_notes,
                since=window,
            )
            sys.stdout.buffer.flush()
            return
        with open_private(output) as out:
            write_export(
                session, fmt, out, now=utcnow(), plans=plans, stale_days=days, include_notes=include_notes, since=window
            )
    info(f"wrote {fmt} to {output}" + (" (with private notes: do not circulate)" if include_notes else ""))


COMMANDS = [export]
