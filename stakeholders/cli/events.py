"""`event` commands: schedule, edit, list, mark held or cancelled."""

from datetime import datetime
from typing import Any

import click

from stakeholders.cli.common import AppContext, emit_json, info, json_option, local, pass_app, table
from stakeholders.cli.complete import complete_event, complete_plan


@click.group()
def event() -> None:
    """Moments where a plan version meets an audience.

    \b
    Example:
      stakeholders event add "Note to the wider team" --plan "CX programme" \\
          --when "tuesday 9am" --audience tag:cx-team --audience dana@example.com
    """


@event.command(name="add")
@click.argument("title")
@click.option("--plan", required=True, shell_complete=complete_plan)
@click.option("--version", type=int, help="Default: the plan's current version.")
@click.option("--when", required=True, help="When it starts (a past time records one that happened).")
@click.option("--kind", default="announcement", help="announcement, meeting or decision.")
@click.option(
    "--audience",
    multiple=True,
    metavar="PERSON|tag:TAG|division:NAME",
    help="Who will hear it (repeatable; at least one).",
)
@pass_app
def event_add(
    app: AppContext, title: str, plan: str, version: int | None, when: str, kind: str, audience: tuple[str, ...]
) -> None:
    """Schedule an event.

    \b
    Example:
      stakeholders event add "Steering committee" --plan "CX programme" --kind meeting \\
          --when "in 5 days 10:00" --audience tag:steering --audience "division:Sales EMEA"
    """
    from stakeholders.events import add_event, parse_audience, parse_kind
    from stakeholders.resolve import resolve_plan

    starts = app.when(when, "event")
    parsed_kind = parse_kind(kind)
    with app.store.write() as session:
        targets = parse_audience(session, audience, create_tags=True)
        empty = _empty_tags(session, targets)
        row = add_event(session, title, resolve_plan(session, plan), version, starts, parsed_kind, targets)
    # Only after the commit: a command that fails prints its error and nothing else.
    info(f"scheduled {row.title} (id {row.id}) on {local(row.starts_at)}, v{row.version}")
    _warn_empty_tags(empty)
    click.echo(row.id)


def _empty_tags(session: Any, targets: list[Any]) -> list[str]:
    """The audience's tags that nobody carries yet."""
    from db.queries import people_in_tag
    from stakeholders.people import division_is_empty

    empty_tags = [
        target.tag.name
        for target in targets
        if target.tag is not None and session.exec(people_in_tag(session, target.tag.name)).first() is None
    ]
    return empty_tags + [
        target.label
        for target in targets
        if target.division is not None and division_is_empty(session, target.division)
    ]


def _warn_empty_tags(names: list[str]) -> None:
    for name in names:
        if name.startswith("division:"):
            info(f"note: nobody is in {name} yet; people put in it later join the audience")
        else:
            info(f"note: nobody is tagged {name} yet; people tagged later join the audience")


@event.command(name="edit")
@click.argument("name", metavar="EVENT", shell_complete=complete_event)
@click.option("--title")
@click.option("--when")
@click.option("--version", type=int)
@click.option("--kind")
@click.option("--audience", multiple=True, metavar="PERSON|tag:TAG|division:NAME", help="Add to the audience.")
@click.option(
    "--remove-audience", multiple=True, metavar="PERSON|tag:TAG|division:NAME", help="Remove from the audience."
)
@pass_app
def event_edit(
    app: AppContext,
    name: str,
    title: str | None,
    when: str | None,
    version: int | None,
    kind: str | None,
    audience: tuple[str, ...],
    remove_audience: tuple[str, ...],
) -> None:
    """Reschedule, re-target or change the audience of an event.

    \b
    Example:
      stakeholders event edit "Steering" --when "friday 14:00" --version 2 --remove-audience tag:cx-team
    """
    from stakeholders.events import edit_event, parse_audience, parse_kind
    from stakeholders.resolve import resolve_event

    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if when:
        changes["starts_at"] = app.when(when, "event")
    if kind:
        changes["kind"] = parse_kind(kind)
    if version is not None:
        changes["version"] = version
    if not changes and not audience and not remove_audience:
        raise click.UsageError("nothing to change: give at least one option")
    with app.store.write() as session:
        row = resolve_event(session, name)
        add = parse_audience(session, audience, create_tags=True)
        empty = _empty_tags(session, add)
        remove = parse_audience(session, remove_audience, create_tags=False)
        edit_event(session, row, changes, add, remove)
    info(f"updated {row.title} (id {row.id})")
    _warn_empty_tags(empty)


@event.command(name="list")
@json_option
@pass_app
def event_list(app: AppContext, as_json: bool) -> None:
    """Every event, whatever its status, soonest first.

    \b
    Example:
      stakeholders event list --json
    """
    from stakeholders.event_list import read_event_list

    # With the database's driver alone where it can (§9: a whole process; importing SQLAlchemy and
    # the models cost as much as the reads); otherwise the store opens, upgrades or reports it.
    items = read_event_list(app.db)
    if items is None:
        from stakeholders.views import event_items

        with app.store.session() as session:
            items = event_items(session)
    if as_json:
        emit_json(items)
        return
    table(
        ["ID", "WHEN", "KIND", "STATUS", "TITLE", "PLAN", "AUDIENCE"],
        [
            [
                e["id"],
                local(datetime.fromisoformat(e["starts_at"])),
                e["kind"],
                e["status"],
                e["title"],
                f"{e['plan']} v{e['version']}",
                ", ".join(e["audience"]),
            ]
            for e in items
        ],
        empty="no events: `stakeholders event add`",
    )


def _status_command(name: str, status: str, doc: str) -> click.Command:
    @click.command(name=name, help=doc)
    @click.argument("event_name", metavar="EVENT", shell_complete=complete_event)
    @pass_app
    def command(app: AppContext, event_name: str) -> None:
        from db.enums import EventStatus
        from stakeholders.events import set_status
        from stakeholders.resolve import resolve_event

        with app.store.write() as session:
            row = resolve_event(session, event_name)
            set_status(session, row, EventStatus(status))
        info(f"{row.title}: {status}")

    return command


event.add_command(
    _status_command(
        "held",
        "held",
        "Mark an event held; its audience is frozen as it was. It briefs nobody by itself: "
        'log the meeting as a touchpoint.\n\n\b\nExample:\n  stakeholders event held "Steering"',
    )
)
event.add_command(
    _status_command(
        "cancel",
        "cancelled",
        'Cancel an event: it is no longer evaluated.\n\n\b\nExample:\n  stakeholders event cancel "Steering"',
    )
)

COMMANDS = [event]
