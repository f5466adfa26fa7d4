"""`concern` and `followup` commands: what we heard and what we promised."""

from datetime import datetime

import click

from stakeholders.cli.common import AppContext, emit_json, info, json_option, local, pass_app, style, table
from stakeholders.cli.complete import complete_plan


@click.group()
def concern() -> None:
    """Objections raised about a plan, and how they were resolved.

    \b
    Example:
      stakeholders concern list --open
    """


@concern.command(name="list")
@click.option("--plan", shell_complete=complete_plan)
@click.option("--open", "only_open", is_flag=True, help="Only concerns not yet resolved.")
@json_option
@pass_app
def concern_list(app: AppContext, plan: str | None, only_open: bool, as_json: bool) -> None:
    """Concerns, oldest first.

    \b
    Example:
      stakeholders concern list --plan "CX programme" --open --json
    """
    from stakeholders.resolve import resolve_plan
    from stakeholders.views import concern_items, open_concerns_query

    with app.store.session() as session:
        plan_row = resolve_plan(session, plan) if plan else None
        items = concern_items(session, open_concerns_query(plan_row, only_open))
    if as_json:
        emit_json(items)
        return
    table(
        ["ID", "WHO", "PLAN", "STATUS", "CONCERN"],
        [[c["id"], c["stakeholder"], c["plan"], c["status"], c["text"]] for c in items],
        empty="no concerns",
    )


@concern.command(name="resolve")
@click.argument("concern_id", type=int, metavar="ID")
@click.option("--version", type=int, help="The plan version that addressed it.")
@click.option("--note", help="How it was resolved.")
@pass_app
def concern_resolve(app: AppContext, concern_id: int, version: int | None, note: str | None) -> None:
    """Resolve a concern: by a plan version that addressed it, or with a note.

    \b
    Example:
      stakeholders concern resolve 3 --version 2 --note "Divisions keep their accounts"
    """
    from stakeholders.concerns import resolve_concern

    with app.store.write() as session:
        resolve_concern(session, concern_id, version, note)
    info(f"resolved concern #{concern_id}")


@click.group()
def followup() -> None:
    """Promises we made, with their due dates.

    \b
    Example:
      stakeholders followup list --overdue
    """


@followup.command(name="add")
@click.argument("args", nargs=-1, required=True, metavar="PERSON... TEXT")
@click.option("--due", required=True, help="When it is due.")
@click.option("--by", "by", help="Owner (default: you).")
@pass_app
def followup_add(app: AppContext, args: tuple[str, ...], due: str, by: str | None) -> None:
    """Record a promise owed to one or more people (the last argument is the text).

    \b
    Example:
      stakeholders followup add dana@example.com lee@example.com "Send the v2 deck" --due friday
    """
    from stakeholders.followups import promise
    from stakeholders.resolve import resolve_people

    if len(args) < 2:
        raise click.UsageError("give at least one PERSON and then the TEXT of the promise")
    due_at = app.when(due, "due")
    with app.store.write() as session:
        fu = promise(session, resolve_people(session, args[:-1]), args[-1], due_at, by)
    info(f"follow-up #{fu.id} due {local(fu.due_at)}")
    click.echo(fu.id)


@followup.command(name="list")
@click.option("--overdue", is_flag=True, help="Only open follow-ups past their due date.")
@click.option("--all", "include_done", is_flag=True, help="Include those already done.")
@json_option
@pass_app
def followup_list(app: AppContext, overdue: bool, include_done: bool, as_json: bool) -> None:
    """Open follow-ups, soonest due first.

    \b
    Example:
      stakeholders followup list --overdue --json
    """
    from sqlmodel import select

    from db.models import FollowUp
    from db.types import utcnow
    from stakeholders.views import follow_up_items

    query = select(FollowUp)
    if not include_done or overdue:
        query = query.where(FollowUp.done_at.is_(None))  # type: ignore[union-attr]
    if overdue:
        query = query.where(FollowUp.due_at < utcnow())
    with app.store.session() as session:
        items = follow_up_items(session, query)
    if as_json:
        emit_json(items)
        return
    table(
        ["ID", "DUE", "OWNER", "OWED TO", "PROMISE"],
        [
            [
                f["id"],
                (
                    style(local(datetime.fromisoformat(f["due_at"])) + " overdue", fg="red")
                    if f["overdue"]
                    else local(datetime.fromisoformat(f["due_at"]))
                ),
                f["owner"],
                ", ".join(f["stakeholders"]),
                f["text"] + (" (done)" if f["done_at"] else ""),
            ]
            for f in items
        ],
        empty="no open follow-ups",
    )


@followup.command(name="done")
@click.argument("follow_up_id", type=int, metavar="ID")
@pass_app
def followup_done(app: AppContext, follow_up_id: int) -> None:
    """Mark a promise kept.

    \b
    Example:
      stakeholders followup done 4
    """
    from stakeholders.followups import mark_done

    with app.store.write() as session:
        mark_done(session, follow_up_id)
    info(f"follow-up #{follow_up_id} done")


COMMANDS = [concern, followup]
