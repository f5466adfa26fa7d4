"""`log` and the `touchpoint` commands."""

from datetime import datetime
from typing import Any

import click

from stakeholders.cli.common import (
    AppContext,
    emit_json,
    info,
    json_option,
    local,
    pass_app,
    split_assignment,
    table,
)
from stakeholders.cli.complete import complete_person, complete_plan


@click.command()
@click.argument("people", nargs=-1, required=True, metavar="PERSON...", shell_complete=complete_person)
@click.option(
    "--plan", help="The plan it was about (omit for plain relationship upkeep).", shell_complete=complete_plan
)
@click.option("--version", type=int, help="Plan version discussed (default: the current one).")
@click.option("--when", default="now", help="When it happened; a future time makes it planned.")
@click.option("--channel", default="call", help="call, meeting, one-on-one, email, chat, other.")
@click.option("--by", "by", help="Team member who held it (default: you).")
@click.option(
    "--stance",
    "stances",
    multiple=True,
    metavar="[PERSON=]LEVEL",
    help="Stance heard, for everyone or PERSON=LEVEL for one (repeatable).",
)
@click.option("--note", help="What was said.")
@click.option(
    "--concern",
    "concerns",
    multiple=True,
    metavar="[PERSON=]TEXT",
    help="Concern raised; with several attendees write PERSON=TEXT (repeatable).",
)
@click.option("--follow-up", "follow_up", help="A promise we made, owed to every attendee.")
@click.option("--due", help="When the follow-up is due.")
@pass_app
def log(
    app: AppContext,
    people: tuple[str, ...],
    plan: str | None,
    version: int | None,
    when: str,
    channel: str,
    by: str | None,
    stances: tuple[str, ...],
    note: str | None,
    concerns: tuple[str, ...],
    follow_up: str | None,
    due: str | None,
) -> None:
    """Record a touchpoint with one or more stakeholders.

    \b
    Example:
      stakeholders log dana@example.com --plan "CX programme" --stance supportive \\
          --note "Fine with v2" --follow-up "Send the revised deck" --due friday
      stakeholders log Dana Lee --plan "CX programme" --stance Dana=supportive \\
          --concern "Lee=Who owns renewals?" --when "yesterday 15:00" --channel meeting
    """
    from stakeholders.resolve import resolve_people, resolve_person, resolve_plan
    from stakeholders.stances import parse_level
    from stakeholders.touchpoints import TouchpointDraft, log_touchpoint, parse_channel

    occurred = app.when(when, "log")
    due_at = app.when(due, "due") if due else None
    if due and not follow_up:
        raise click.UsageError("--due belongs to --follow-up TEXT")
    parsed_channel = parse_channel(channel)
    with app.store.write() as session:
        attendees = resolve_people(session, people)

        def who(name: str | None) -> Any:
            return resolve_person(session, name) if name else None

        stance_pairs = [(who(p), parse_level(lvl)) for p, lvl in map(split_assignment, stances)]
        concern_pairs = [(who(p), text) for p, text in map(split_assignment, concerns)]
        draft = TouchpointDraft(
            attendees=attendees,
            occurred_at=occurred,
            plan=resolve_plan(session, plan) if plan else None,
            version=version,
            channel=parsed_channel,
            by=by,
            summary=note,
            stances=stance_pairs,
            concerns=concern_pairs,
            follow_up=follow_up,
            follow_up_due=due_at,
        )
        tp = log_touchpoint(session, draft)
    state = "planned" if tp.status.value == "planned" else "logged"
    info(
        f"{state} {tp.channel.value} #{tp.id} with {', '.join(a.name for a in attendees)}"
        + (f" on {draft.plan.name} v{tp.version}" if draft.plan else "")
        + f" ({local(tp.occurred_at)})"
    )
    click.echo(tp.id)


@click.group()
def touchpoint() -> None:
    """List, edit, delete and settle touchpoints.

    \b
    Example:
      stakeholders touchpoint list --planned
    """


@touchpoint.command(name="list")
@click.option("--planned", is_flag=True, help="Only planned touchpoints (calls on the calendar).")
@json_option
@pass_app
def tp_list(app: AppContext, planned: bool, as_json: bool) -> None:
    """Touchpoints, oldest first.

    \b
    Example:
      stakeholders touchpoint list --planned --json
    """
    from stakeholders.views import touchpoint_items, touchpoint_query

    with app.store.session() as session:
        items = touchpoint_items(session, touchpoint_query(planned))
    if as_json:
        emit_json(items)
        return
    table(
        ["ID", "WHEN", "STATUS", "CHANNEL", "WITH", "PLAN", "NOTE"],
        [
            [
                t["id"],
                local(datetime.fromisoformat(t["occurred_at"])),
                t["status"],
                t["channel"],
                ", ".join(t["attendees"]),
                f"{t['plan']} v{t['version']}" if t["plan"] else "",
                t["summary"],
            ]
            for t in items
        ],
        empty="no touchpoints",
    )


@touchpoint.command(name="edit")
@click.argument("touchpoint_id", type=int, metavar="ID")
@click.option("--plan", shell_complete=complete_plan)
@click.option("--version", type=int)
@click.option("--no-plan", is_flag=True, help="Make it plain relationship upkeep.")
@click.option("--when")
@click.option("--channel")
@click.option("--by", "by")
@click.option("--note")
@click.option("--add", "add", multiple=True, metavar="PERSON", help="Add an attendee.")
@click.option("--remove", "remove", multiple=True, metavar="PERSON", help="Remove an attendee.")
@pass_app
def tp_edit(
    app: AppContext,
    touchpoint_id: int,
    plan: str | None,
    version: int | None,
    no_plan: bool,
    when: str | None,
    channel: str | None,
    by: str | None,
    note: str | None,
    add: tuple[str, ...],
    remove: tuple[str, ...],
) -> None:
    """Correct a touchpoint; its stances move with a new date.

    \b
    Example:
      stakeholders touchpoint edit 12 --when "yesterday 16:00" --version 2 --add lee@example.com
    """
    from stakeholders.resolve import resolve_people, resolve_plan
    from stakeholders.touchpoints import edit_touchpoint, parse_channel

    changes: dict[str, Any] = {}
    if when:
        changes["occurred_at"] = app.when(when, "log")
    if channel:
        changes["channel"] = parse_channel(channel)
    if by:
        changes["by"] = by
    if note is not None:
        changes["summary"] = note.strip() or None
    if version is not None:
        changes["version"] = version
    if plan and no_plan:
        raise click.UsageError("--plan and --no-plan contradict each other")
    with app.store.write() as session:
        if plan:
            changes["plan"] = resolve_plan(session, plan)
        if no_plan:
            changes["plan"] = None
        if not changes and not add and not remove:
            raise click.UsageError("nothing to change: give at least one option")
        tp = edit_touchpoint(
            session, touchpoint_id, changes, resolve_people(session, add), resolve_people(session, remove)
        )
    info(f"updated touchpoint #{tp.id}")


@touchpoint.command(name="delete")
@click.argument("touchpoint_id", type=int, metavar="ID")
@pass_app
def tp_delete(app: AppContext, touchpoint_id: int) -> None:
    """Delete a touchpoint and the stances heard in it (kept in the audit log).

    \b
    Example:
      stakeholders touchpoint delete 12
    """
    from stakeholders.touchpoints import delete_touchpoint

    with app.store.write() as session:
        delete_touchpoint(session, touchpoint_id, planned_only=False)
    info(f"deleted touchpoint #{touchpoint_id}")


@touchpoint.command(name="held")
@click.argument("touchpoint_id", type=int, metavar="ID")
@click.option("--stance", help="The stance heard, for every attendee.")
@click.option("--note")
@pass_app
def tp_held(app: AppContext, touchpoint_id: int, stance: str | None, note: str | None) -> None:
    """Mark a planned touchpoint as held: it now counts as a briefing.

    \b
    Example:
      stakeholders touchpoint held 14 --stance supportive --note "On board"
    """
    from stakeholders.stances import parse_level
    from stakeholders.touchpoints import mark_held

    level = parse_level(stance) if stance else None
    with app.store.write() as session:
        tp = mark_held(session, touchpoint_id, level, note)
    info(f"touchpoint #{tp.id} held ({local(tp.occurred_at)})")


@touchpoint.command(name="drop")
@click.argument("touchpoint_id", type=int, metavar="ID")
@pass_app
def tp_drop(app: AppContext, touchpoint_id: int) -> None:
    """Drop a planned touchpoint that did not happen (recorded in the audit log).

    \b
    Example:
      stakeholders touchpoint drop 14
    """
    from stakeholders.touchpoints import delete_touchpoint

    with app.store.write() as session:
        delete_touchpoint(session, touchpoint_id, planned_only=True)
    info(f"dropped planned touchpoint #{touchpoint_id}")


COMMANDS = [log, touchpoint]
