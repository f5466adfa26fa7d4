"""Commands about people: add, edit, archive, merge, list, show, history, stance, influence."""

from collections.abc import Callable
from typing import Any

import click

from stakeholders.cli.common import AppContext, emit_json, info, json_option, local, pass_app, table
from stakeholders.cli.complete import complete_person, complete_plan


def person_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--email"),
        click.option("--title"),
        click.option("--org", "organization"),
        click.option("--division", help="Department, business unit or region inside the organization."),
        click.option("--phone"),
        # Checked by the use case, so a bad value gets the same one-line error as in import.
        click.option("--influence", metavar="1-5", help="1 minimal … 5 decisive."),
        click.option("--interest", metavar="1-5", help="1 minimal … 5 decisive."),
        click.option("--owner", help="Team member who owns the relationship."),
        click.option(
            "--cadence",
            "cadence_days",
            type=click.IntRange(1, None),
            help="Days between contacts (default from the quadrant).",
        ),
        click.option("--tag", "tags", multiple=True, help="Add a tag (repeatable)."),
        click.option("--notes", help="Private notes (never in status exports)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command()
@click.argument("name")
@person_options
@pass_app
def add(app: AppContext, name: str, tags: tuple[str, ...], **fields: Any) -> None:
    """Create a stakeholder.

    \b
    Example:
      stakeholders add "Dana Reyes" --email dana@example.com --title "VP Sales" \\
          --org Acme --division "Sales EMEA" --influence 4 --interest 3 --tag division-leads
    """
    from stakeholders.people import add_person

    with app.store.write() as session:
        person = add_person(session, {"name": name, **fields}, list(tags))
    info(f"added {person.name} (id {person.id})")
    click.echo(person.id)


@click.command()
@click.argument("person", shell_complete=complete_person)
@click.option("--name")
@person_options
@click.option("--untag", multiple=True, help="Remove a tag (repeatable).")
@pass_app
def edit(app: AppContext, person: str, tags: tuple[str, ...], untag: tuple[str, ...], **fields: Any) -> None:
    """Change a stakeholder's fields; --tag adds, --untag removes.

    \b
    Example:
      stakeholders edit dana@example.com --influence 5 --tag steering --untag cx-team
    """
    from stakeholders.people import edit_person
    from stakeholders.resolve import resolve_person

    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes and not tags and not untag:
        raise click.UsageError("nothing to change: give at least one option, e.g. --title")
    with app.store.write() as session:
        target = edit_person(session, resolve_person(session, person), changes, list(tags), list(untag))
    info(f"updated {target.name} (id {target.id})")


def _archive_command(archived: bool) -> click.Command:
    verb = "archive" if archived else "unarchive"

    @click.command(
        name=verb,
        help=(
            f"{'Hide a stakeholder without losing history' if archived else 'Bring an archived stakeholder back'}."
            f"\n\n\b\nExample:\n  stakeholders {verb} dana@example.com"
        ),
    )
    @click.argument("person", shell_complete=complete_person)
    @pass_app
    def command(app: AppContext, person: str) -> None:
        from stakeholders.people import set_archived
        from stakeholders.resolve import resolve_person

        with app.store.write() as session:
            target = resolve_person(session, person)
            changed = set_archived(session, target, archived)
        info(f"{verb}d {target.name}" if changed else f"{target.name} was already {verb}d")

    return command


@click.command()
@click.argument("duplicate", shell_complete=complete_person)
@click.option("--into", "survivor", required=True, metavar="PERSON", help="The record that stays.")
@pass_app
def merge(app: AppContext, duplicate: str, survivor: str) -> None:
    """Fold a duplicate into the survivor: history, tags and links move; empty fields are filled.

    \b
    Example:
      stakeholders merge "D. Reyes" --into dana@example.com
    """
    from stakeholders.people import merge_people
    from stakeholders.resolve import resolve_person

    with app.store.write() as session:
        dup, keep = resolve_person(session, duplicate), resolve_person(session, survivor)
        dup_name = dup.name
        result = merge_people(session, dup, keep)
    info(f"merged {dup_name} into {result.name} (id {result.id})")


@click.command(name="list")
@click.option("--tag", help="Only people with this tag.")
@click.option("--division", help="Only people in this division (whole name, any case).")
@click.option("--plan", help="Only people with a touchpoint or stance on this plan.", shell_complete=complete_plan)
@click.option("--owner", help="Only relationships owned by this team member.")
@click.option("--all", "include_archived", is_flag=True, help="Include archived stakeholders.")
@json_option
@pass_app
def list_(
    app: AppContext,
    tag: str | None,
    division: str | None,
    plan: str | None,
    owner: str | None,
    include_archived: bool,
    as_json: bool,
) -> None:
    """Stakeholders with their stance and last contact.

    \b
    Example:
      stakeholders list --tag division-leads
      stakeholders list --division "Sales EMEA"
      stakeholders list --json | jq '.[].email'
    """
    from stakeholders.resolve import resolve_plan
    from stakeholders.views import list_people

    with app.store.session() as session:
        plan_row = resolve_plan(session, plan) if plan else None
        people = list_people(
            session, tag=tag, plan=plan_row, owner=owner, include_archived=include_archived, division=division
        )
    if as_json:
        from stakeholders.views import json_array_text

        for piece in json_array_text(people):  # a person at a time: flat memory at 50,000 people
            click.echo(piece, nl=False)
        return
    from datetime import datetime

    table(
        ["ID", "NAME", "ORGANIZATION", "DIVISION", "INF", "INT", "STANCE", "LAST CONTACT"],
        [
            [
                p["id"],
                p["name"] + (" (archived)" if p["archived"] else ""),
                p["organization"],
                p["division"],
                p["influence"],
                p["interest"],
                ", ".join(f"{k}: {v}" for k, v in p["stance"].items()),
                local(datetime.fromisoformat(p["last_contact"])) if p["last_contact"] else "never",
            ]
            for p in people
        ],
        empty="no stakeholders yet: `stakeholders add` or `stakeholders import`",
    )


@click.command()
@click.argument("person", shell_complete=complete_person)
@json_option
@pass_app
def show(app: AppContext, person: str, as_json: bool) -> None:
    """One stakeholder with everything held about them (a subject-access answer).

    \b
    Example:
      stakeholders show dana@example.com --json
    """
    from stakeholders.resolve import resolve_person
    from stakeholders.views import person_detail

    with app.store.session() as session:
        detail = person_detail(session, resolve_person(session, person))
    if as_json:
        emit_json(detail)
        return
    from stakeholders.cli.show_text import print_person

    print_person(detail)


@click.command()
@click.argument("person", shell_complete=complete_person)
@json_option
@pass_app
def history(app: AppContext, person: str, as_json: bool) -> None:
    """The audit trail of one stakeholder: every change, when and by whom.

    \b
    Example:
      stakeholders history dana@example.com
    """
    from stakeholders.history import history_items
    from stakeholders.resolve import resolve_person

    with app.store.session() as session:
        items = history_items(session, resolve_person(session, person))
    if as_json:
        emit_json(items)
        return
    from datetime import datetime

    table(
        ["WHEN", "WHO", "ACTION", "WHAT"],
        [[local(datetime.fromisoformat(i["at"])), i["actor"], i["action"], i["summary"]] for i in items],
    )


@click.command()
@click.argument("person", shell_complete=complete_person)
@click.argument("level")
@click.option("--plan", required=True, help="The plan the stance is about.", shell_complete=complete_plan)
@click.option("--desired", is_flag=True, help="Set where we need them to be, not where they are.")
@pass_app
def stance(app: AppContext, person: str, level: str, plan: str, desired: bool) -> None:
    """Record a stance (unaware, resistant, neutral, supportive, leading), or the desired level.

    \b
    Example:
      stakeholders stance dana@example.com supportive --plan "CX programme"
      stakeholders stance dana@example.com leading --plan "CX programme" --desired
    """
    from stakeholders.resolve import resolve_person, resolve_plan
    from stakeholders.stances import parse_level, record_stance, set_desired

    parsed = parse_level(level)
    with app.store.write() as session:
        who, plan_row = resolve_person(session, person), resolve_plan(session, plan)
        if desired:
            set_desired(session, who, plan_row, parsed)
            message = f"desired stance of {who.name} on {plan_row.name}: {parsed.value}"
        else:
            record_stance(session, who, plan_row, parsed)
            message = f"{who.name} is {parsed.value} on {plan_row.name}"
    info(message)


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("args", nargs=-1, required=True, metavar="A B | remove A B")
@pass_app
def influence(app: AppContext, args: tuple[str, ...]) -> None:
    """Record that A influences B, or `influence remove A B`.

    \b
    Example:
      stakeholders influence "Chris CMO" dana@example.com
      stakeholders influence remove "Chris CMO" dana@example.com
    """
    from stakeholders.people import link_influence, unlink_influence
    from stakeholders.resolve import resolve_person

    removing = len(args) == 3 and args[0] == "remove"
    pair = args[1:] if removing else args
    if len(pair) != 2:
        raise click.UsageError("give two people: influence A B (A influences B), or influence remove A B")
    with app.store.write() as session:
        a, b = resolve_person(session, pair[0]), resolve_person(session, pair[1])
        if removing:
            done = unlink_influence(session, a, b)
            message = f"{a.name} no longer influences {b.name}" if done else f"{a.name} was not linked to {b.name}"
        else:
            done = link_influence(session, a, b)
            message = f"{a.name} influences {b.name}" if done else f"{a.name} already influences {b.name}"
    info(message)


COMMANDS = [add, edit, _archive_command(True), _archive_command(False), merge, list_, show, history, stance, influence]
