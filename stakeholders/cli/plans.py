"""`plan` commands: add, revise, list, show, diff, approve."""

from pathlib import Path

import click

from stakeholders.cli.common import AppContext, emit_json, info, json_option, local, pass_app, table
from stakeholders.cli.complete import complete_plan


def _read_body(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter(f"{path} is not UTF-8 text", param_hint="--body-file") from None


body_option = click.option(
    "--body-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Markdown file with the version's longer text.",
)


@click.group()
def plan() -> None:
    """Plans and their numbered versions.

    \b
    Example:
      stakeholders plan add "CX programme" --summary "One customer view across divisions"
    """


@plan.command(name="add")
@click.argument("name")
@click.option("--summary", required=True)
@body_option
@pass_app
def plan_add(app: AppContext, name: str, summary: str, body_file: Path | None) -> None:
    """Create a plan at version 1.

    \b
    Example:
      stakeholders plan add "CX programme" --summary "One customer view" --body-file v1.md
    """
    from stakeholders.plans import add_plan

    body = _read_body(body_file)
    with app.store.write() as session:
        row = add_plan(session, name, summary, body)
    info(f"added plan {row.name} at version 1 (id {row.id})")


@plan.command(name="revise")
@click.argument("name", shell_complete=complete_plan)
@click.option("--summary", required=True)
@click.option("--changes", help="What changed since the previous version.")
@body_option
@pass_app
def plan_revise(app: AppContext, name: str, summary: str, changes: str | None, body_file: Path | None) -> None:
    """Add the next version of a plan.

    \b
    Example:
      stakeholders plan revise "CX programme" --summary "Divisions keep account ownership" \\
          --changes "Account ownership stays with divisions"
    """
    from stakeholders.plans import revise_plan
    from stakeholders.resolve import resolve_plan

    body = _read_body(body_file)
    with app.store.write() as session:
        target = resolve_plan(session, name)
        version = revise_plan(session, target, summary, changes, body)
    info(f"{target.name} is now at version {version.number}")


@plan.command(name="list")
@json_option
@pass_app
def plan_list(app: AppContext, as_json: bool) -> None:
    """Every plan with its current version.

    \b
    Example:
      stakeholders plan list --json
    """
    from stakeholders.views import plan_items

    with app.store.session() as session:
        items = plan_items(session)
    if as_json:
        emit_json(items)
        return
    table(
        ["ID", "PLAN", "VERSION", "SUMMARY", "APPROVED"],
        [
            [
                p["id"],
                p["name"],
                p["current_version"],
                p["versions"][-1]["summary"],
                p["versions"][-1]["approved_by"] or "",
            ]
            for p in items
        ],
        empty="no plans yet: `stakeholders plan add NAME --summary S`",
    )


@plan.command(name="show")
@click.argument("name", shell_complete=complete_plan)
@click.option("--version", type=int, help="Default: the current version.")
@pass_app
def plan_show(app: AppContext, name: str, version: int | None) -> None:
    """Print a version's summary, body and changes.

    \b
    Example:
      stakeholders plan show "CX programme" --version 1
    """
    from stakeholders.plans import get_version, version_text
    from stakeholders.resolve import resolve_plan

    with app.store.session() as session:
        target = resolve_plan(session, name)
        row = get_version(session, target, version)
    # Printed after the read ends: a long body piped to a pager would otherwise hold the read (and its
    # locks on a shared PostgreSQL server) open for as long as the pager stays open.
    click.echo(version_text(target, row), nl=False)
    if row.approved_by:
        click.echo(f"\nApproved by {row.approved_by} on {local(row.approved_at)}")


@plan.command(name="diff")
@click.argument("name", shell_complete=complete_plan)
@click.argument("a", type=int)
@click.argument("b", type=int)
@pass_app
def plan_diff(app: AppContext, name: str, a: int, b: int) -> None:
    """The two versions' texts, line by line.

    \b
    Example:
      stakeholders plan diff "CX programme" 1 2
    """
    from stakeholders.plans import diff_versions
    from stakeholders.resolve import resolve_plan

    with app.store.session() as session:
        text = diff_versions(session, resolve_plan(session, name), a, b)
    click.echo(text or "the two versions read the same", nl=False if text else True)


@plan.command(name="approve")
@click.argument("name", shell_complete=complete_plan)
@click.option("--version", type=int, help="Default: the current version.")
@click.option("--by", "by", required=True, help="Who signed it off.")
@click.option("--when", default="now", help="When (default now).")
@pass_app
def plan_approve(app: AppContext, name: str, version: int | None, by: str, when: str) -> None:
    """Record the sign-off of a version ("the CMO gave it a thumbs-up").

    \b
    Example:
      stakeholders plan approve "CX programme" --version 2 --by "Chris (CMO)" --when yesterday
    """
    from stakeholders.plans import approve_version
    from stakeholders.resolve import resolve_plan

    at = app.when(when, "log")
    with app.store.write() as session:
        target = resolve_plan(session, name)
        row = approve_version(session, target, version, by, at)
    info(f"{target.name} v{row.number} approved by {row.approved_by}")


COMMANDS = [plan]
