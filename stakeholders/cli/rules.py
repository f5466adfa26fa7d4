"""`surprises`, `brief` and `calls`: the rules of §3.2, §3.4 and §3.5 at the command line."""

from pathlib import Path
from typing import Any

import click

from stakeholders.cli.boundary import OutputPath
from stakeholders.cli.common import JSON_PIECE, AppContext, emit_json, info, json_option, pass_app, style
from stakeholders.cli.complete import complete_event, complete_person, complete_plan


def stale_days_option(func: Any) -> Any:
    # Read as text and checked here, so a bad value gets the same one-line error as a bad env value.
    return click.option(
        "--stale-days",
        metavar="N",
        help="A briefing more than N×24 h before the event is stale (default: env STAKEHOLDERS_STALE_DAYS, else 30).",
    )(func)


def _now() -> Any:
    from db.types import utcnow

    return utcnow()


@click.command()
@click.argument("event_name", metavar="[EVENT]", required=False, shell_complete=complete_event)
@json_option
@stale_days_option
@pass_app
def surprises(app: AppContext, event_name: str | None, as_json: bool, stale_days: str | None) -> None:
    """Who in each upcoming event's audience would be caught off guard, and why.

    Without EVENT: every planned event that has not started, soonest first.
    With EVENT (id or title): that event, whatever its status or date.

    Surprised: never-briefed, outdated-version. At risk: resistant,
    open-concerns, stale-briefing (a briefing older than --stale-days).

    \b
    Example:
      stakeholders surprises
      stakeholders surprises "Note to the wider team" --json
    """
    from stakeholders.resolve import resolve_event
    from stakeholders.rules.surprise import surprises as evaluate

    days = app.stale_days(stale_days)
    now = _now()
    with app.store.session() as session:
        event = resolve_event(session, event_name) if event_name else None
        if as_json:
            _emit_surprises_json(session, now, days, event)
            return
        results = evaluate(session, now=now, stale_days=days, event=event)
    if not results:
        info("no upcoming planned events: `stakeholders event add` schedules one")
        return
    for index, result in enumerate(results):
        if index:
            click.echo()
        _print_event(result, now)


def _emit_surprises_json(session: Any, now: Any, days: int, event: Any) -> None:
    """`surprises --json`, the same text as `emit_json(surprises_json(...))`, written one event at a
    time as each is evaluated: at 50,000 people the upcoming events' entries held at once took the
    process past 250 MB (278 MB measured); one event's are a few MB."""
    import json

    from stakeholders.json_text import dumps
    from stakeholders.rules.surprise import evaluate_event, event_json, events_to_evaluate, iso

    events = [event] if event is not None else events_to_evaluate(session, now)
    click.echo("{\n" + f'  "as_of": {json.dumps(iso(now))},\n  "events": [', nl=False)
    for index, item in enumerate(events):
        result = evaluate_event(session, item, now=now, stale_days=days)
        text = dumps(event_json(result))  # json.dumps(indent=2, ensure_ascii=False, default=str)'s text
        piece = ("," if index else "") + "\n" + "\n".join("    " + line for line in text.splitlines())
        for start in range(0, len(piece), JSON_PIECE):  # pieces: a closed pipe stops the command (emit_json)
            click.echo(piece[start : start + JSON_PIECE], nl=False)
    click.echo(("\n  ]" if events else "]") + "\n}")


def _print_event(result: Any, now: Any) -> None:
    from stakeholders.rules import words

    status = "" if result.status == "planned" else f" [{result.status}]"
    click.echo(
        style(f"{words.when(result.starts_at)}  {result.title}", bold=True)
        + f"  ({result.kind}, {result.plan} v{result.version}, {result.audience_size} in audience){status}"
    )
    if not result.surprised:
        click.echo("  " + style("nobody would be surprised", fg="green"))
    for label, entries, colour in (
        ("would be surprised", result.surprised, "red"),
        ("at risk", result.at_risk, "yellow"),
    ):
        if not entries:
            continue
        click.echo("  " + style(f"{len(entries)} {label}:", fg=colour, bold=True))
        labels = [e.name + (f" ({e.organization})" if e.organization else "") for e in entries]
        width = max(len(label) for label in labels)
        for e, who in zip(entries, labels, strict=True):
            key = style("KEY", fg=colour, bold=True) if e.key else "   "
            click.echo(f"    {key} {who.ljust(width)}  {words.reasons(e, now)}")


@click.command()
@click.argument("event_name", metavar="[EVENT]", required=False, shell_complete=complete_event)
@click.option(
    "--with",
    "with_people",
    multiple=True,
    metavar="PERSON",
    help="Brief for these people instead of an event (repeatable; needs --plan).",
    shell_complete=complete_person,
)
@click.option(
    "--plan", "plan_name", metavar="P", help="The plan of an ad-hoc --with brief.", shell_complete=complete_plan
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option(
    "-o",
    "--output",
    type=OutputPath(),
    metavar="FILE",
    help="Write to FILE (owner-only: the brief holds private notes). Default: stdout.",
)
@stale_days_option
@pass_app
def brief(
    app: AppContext,
    event_name: str | None,
    with_people: tuple[str, ...],
    plan_name: str | None,
    fmt: str,
    output: Path | None,
    stale_days: str | None,
) -> None:
    """A pre-meeting brief: per attendee, where they stand and what to say.

    For an EVENT (id or title) the attendees are its audience, evaluated at
    its start against its plan version. With --with PERSON… --plan P, the
    people named, as of now against the plan's current version. The brief
    holds private notes: it is for the lead, not for circulation.

    \b
    Example:
      stakeholders brief "Steering committee" -o steering.md
      stakeholders brief --with dana@example.com --with "Lee Park" --plan "CX programme"
    """
    if event_name and with_people:
        raise click.UsageError("give an EVENT or --with PERSON…, not both")
    if not event_name and not with_people:
        raise click.UsageError("give an EVENT, or --with PERSON… --plan P")
    if with_people and not plan_name:
        raise click.UsageError("--with needs --plan P: the plan the brief is about")
    if event_name and plan_name:
        raise click.UsageError("an EVENT already names its plan: drop --plan")
    from datetime import UTC, datetime

    from stakeholders.rules.brief import brief_json, brief_markdown

    days = app.stale_days(stale_days)
    if output is not None:
        _check_output(output)
    now = datetime.now(UTC)  # db.types.utcnow, without importing SQLAlchemy for the direct reader
    result = None
    if event_name:
        # An event's id in a database at the current schema: read with its driver alone (sqlite3,
        # psycopg; §9: importing SQLAlchemy and the models costs more than a 10-person brief's reads).
        from stakeholders.rules.brief_direct import read_brief

        result = read_brief(app.db, event_name, now=now, stale_days=days)
    if result is None:
        result = _brief_through_store(app, event_name, with_people, plan_name, now, days)
    if fmt == "json":
        import json

        text = json.dumps(brief_json(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = brief_markdown(result)
    if output is None:
        click.echo(text, nl=False)
        return
    from stakeholders.formats.export.safety import write_private

    write_private(output, text.encode("utf-8"))
    info(f"wrote the brief ({len(result.attendees)} attendees) to {output}: private notes inside, do not circulate")


def _brief_through_store(
    app: AppContext,
    event_name: str | None,
    with_people: tuple[str, ...],
    plan_name: str | None,
    now: Any,
    stale_days: int,
) -> Any:
    from stakeholders.resolve import resolve_event, resolve_people, resolve_plan
    from stakeholders.rules.brief import build_brief

    with app.store.session() as session:
        if event_name:
            return build_brief(session, now=now, event=resolve_event(session, event_name), stale_days=stale_days)
        if not plan_name:  # refused by the command: --with needs --plan
            raise click.UsageError("--with needs --plan P: the plan the brief is about")
        return build_brief(
            session,
            now=now,
            people=resolve_people(session, with_people),
            plan=resolve_plan(session, plan_name),
            stale_days=stale_days,
        )


def _check_output(path: Path) -> None:
    from stakeholders.errors import InputError

    if path.is_dir():
        raise InputError(f"-o {path} is a directory: give a file name")
    if not path.parent.is_dir():
        raise InputError(f"no directory {path.parent} for -o {path}: create it first")


@click.command()
@json_option
@pass_app
def calls(app: AppContext, as_json: bool) -> None:
    """Who to call next: the people upcoming events would surprise, by deadline.

    Each person appears once, under the soonest event that would surprise
    them; within an event, influencers come before the people they influence.

    \b
    Example:
      stakeholders calls
      stakeholders calls --json
    """
    from stakeholders.rules import words
    from stakeholders.rules.calls import call_list, calls_json

    now = _now()
    with app.store.session() as session:
        items = call_list(session, now=now)
    if as_json:
        emit_json(calls_json(items))
        return
    if not items:
        info("nobody to call: no upcoming event would surprise anyone")
        return
    width = max(len(i.name) for i in items)
    current = None
    for item in items:
        if item.event_id != current:
            if current is not None:
                click.echo()
            current = item.event_id
            click.echo(style(f"by {words.when(item.deadline)}  {item.event}", bold=True))
        key = style("KEY", fg="red", bold=True) if item.key else "   "
        contact = f"  <{item.email}>" if item.email else ""
        click.echo(f"  {key} {item.name.ljust(width)}  {words.reasons(item, now)}{contact}")


COMMANDS = [surprises, brief, calls]
