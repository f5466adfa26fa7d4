"""Shell completion of the names in the database: people, plans, events, tags.

Completion runs on every Tab press, so it reads without migrating, never
creates a database that is not there, and answers nothing rather than an
error: a traceback in the middle of someone's command line is worse than no
suggestion.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

# Enough to choose from; a shell shows hundreds badly.
LIMIT = 50


def _database(ctx: click.Context) -> str | None:
    root = ctx.find_root()
    return root.params.get("db") or os.environ.get("STAKEHOLDERS_DB")


def _names(
    ctx: click.Context, query: Callable[[Any, str], list[tuple[str, str]]], incomplete: str
) -> list[CompletionItem]:
    try:
        from db.engine import database_url, sqlite_path
        from db.store import open_store

        target = _database(ctx)
        path = sqlite_path(database_url(target))
        if path is not None and not Path(path).exists():
            return []
        store = open_store(target, migrate_schema=False)
        try:
            with store.session() as session:
                found = query(session, incomplete)
        finally:
            store.close()
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []
    return [CompletionItem(value, help=help_text) for value, help_text in found[:LIMIT]]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _people(session: Any, incomplete: str) -> list[tuple[str, str]]:
    """Names starting with the text (or with a word starting with it), else e-mails starting with it."""
    import sqlalchemy as sa
    from sqlmodel import col

    from db.models import Stakeholder

    text = incomplete.lower()
    name = sa.func.lower(Stakeholder.name)
    name_match = sa.or_(name.like(_like(text), escape="\\"), name.like("% " + _like(text), escape="\\"))
    email_match = sa.func.lower(Stakeholder.email).like(_like(text), escape="\\")
    rows = session.execute(
        sa.select(col(Stakeholder.name), col(Stakeholder.email), col(Stakeholder.organization), name_match)
        .where(col(Stakeholder.archived_at).is_(None))
        .where(sa.or_(name_match, email_match))
        .order_by(Stakeholder.name)
        .limit(LIMIT)
    ).all()
    return [
        (person if by_name else email, organization or email or "") for person, email, organization, by_name in rows
    ]


def _plans(session: Any, incomplete: str) -> list[tuple[str, str]]:
    import sqlalchemy as sa
    from sqlmodel import col

    from db.models import Plan

    rows = session.execute(
        sa.select(col(Plan.name))
        .where(sa.func.lower(Plan.name).like(_like(incomplete.lower()), escape="\\"))
        .order_by(Plan.name)
        .limit(LIMIT)
    ).all()
    return [(name, "plan") for (name,) in rows]


def _events(session: Any, incomplete: str) -> list[tuple[str, str]]:
    import sqlalchemy as sa
    from sqlmodel import col

    from db.models import Event

    rows = session.execute(
        sa.select(col(Event.title), col(Event.starts_at))
        .where(sa.func.lower(Event.title).like(_like(incomplete.lower()), escape="\\"))
        .order_by(col(Event.starts_at))
        .limit(LIMIT)
    ).all()
    return [(title, f"{starts:%Y-%m-%d}") for title, starts in rows]


def complete_person(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _names(ctx, _people, incomplete)


def complete_plan(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _names(ctx, _plans, incomplete)


def complete_event(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _names(ctx, _events, incomplete)
