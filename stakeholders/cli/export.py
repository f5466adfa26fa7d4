"""`export`: the status for the CMO (md, html), the tables (csv, xlsx), the full status (json), the calendar (ics)."""

from pathlib import Path

import click

from stakeholders.cli.common import AppContext, info, pass_app
from stakeholders.cli.complete import complete_plan

FORMATS = ["md", "html", "csv", "json", "xlsx", "ics"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (owner-only, replaced atomically). Default: stdout; `-` is stdout too.")
@click.option("--plan", "plan_name", metavar="P", help="Only this plan (default: every plan).",
              shell_complete=complete_plan)
@click.option("--include-notes", is_flag=True,
              help="Also export the team's private stakeholder and touchpoint notes (left out by default).")
@click.option("--stale-days", metavar="N",
              help="A briefing more than N×24 h before an event is stale (default: env STAKEHOLDERS_STALE_DAYS, "
                   "else 30).")
@pass_app
def export(app: AppContext, fmt: str, output: Path | None, plan_name: str | None, include_notes: bool,
           stale_days: str | None) -> None:
    """Export the status: one page per plan (md, html), tables (csv, xlsx), everything (json) or a calendar (ics).

    Private notes stay out unless --include-notes; spreadsheet cells that could
    run as formulas (=, +, -, @) are neutralised with a leading '.

    \b
    Example:
      stakeholders export --format html -o status.html
      stakeholders export --format xlsx --plan "CX programme" -o status.xlsx
      stakeholders export --format ics -o stakeholders.ics
    """
    from db.types import utcnow
    from stakeholders.errors import InputError
    from stakeholders.formats.export import render_export
    from stakeholders.formats.export.safety import write_private
    from stakeholders.resolve import resolve_plan
    from stakeholders.settings import Settings

    if output is not None and str(output) == "-":
        output = None
    if fmt == "xlsx" and output is None:
        raise InputError("xlsx is binary: give -o FILE")
    days = Settings.from_env(stale_days=stale_days).stale_days
    with app.store.session() as session:
        plan = resolve_plan(session, plan_name) if plan_name else None
        data = render_export(session, fmt, now=utcnow(), plan=plan, stale_days=days, include_notes=include_notes)
    if output is None:
        click.echo(data, nl=False)
        return
    write_private(output, data.encode("utf-8") if isinstance(data, str) else data)
    info(f"wrote {fmt} to {output}" + (" (with private notes: do not circulate)" if include_notes else ""))

COMMANDS = [export]
