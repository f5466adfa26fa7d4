"""The SQL of the brief's direct readers, generated from the statements the store runs.

`stakeholders brief EVENT-ID` reads the brief with the database's driver alone (sqlite3 or psycopg;
stakeholders/rules/brief_direct.py): importing SQLAlchemy and the models takes longer than a
10-person brief's reads (§9: the whole process within 2× of a sqlite3 or psycopg script). Its SQL is
not written by hand: it is compiled here, for each backend, from the statements of §3.1 and §3.2
(db/surprise_statement.py), an event's audience (`stakeholders.events.audience_select`) and the
brief's own reads (db/brief_queries.py), and checked in as db/brief_sql.py (SQLite) and
db/brief_pg_sql.py (PostgreSQL). tests/unit/test_rules_brief_sql.py compiles them again and fails
when the checked-in text differs: after changing one of them, run

    python -m stakeholders.rules.generate_brief_sql
"""

import re
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter

from db import brief_queries
from db.backend import POSTGRESQL, SQLITE, Backend
from db.models import Event, Plan
from db.surprise_statement import (
    PLANNED_FROM_PLAN_FROM,
    current_stances_statement,
    flagged_statement,
    latest_briefings_statement,
)
from stakeholders.events import audience_select
from stakeholders.rules.generate_sql import sqlite_text

TARGETS = {
    SQLITE: Path(__file__).resolve().parents[2] / "db" / "brief_sql.py",
    POSTGRESQL: Path(__file__).resolve().parents[2] / "db" / "brief_pg_sql.py",
}


def _flagged(backend: Backend, planned_from_plan: bool) -> Any:
    """§3.2 for the ids bound as `ids`: what `stakeholders.rules.surprise.classify` runs."""
    people = sa.select(backend.ids_table(backend.ids_parameter("ids")).c.value)
    query, _ = flagged_statement(backend, people, planned_from_plan=planned_from_plan)
    return query


def _event() -> Any:
    """The event bound as `event_id`, with its plan's name: what the brief's header shows."""
    e, p = Event.__table__.c, Plan.__table__.c  # type: ignore[attr-defined]
    columns = (e.id, e.title, e.kind, e.starts_at, e.status, e.version, e.plan_id, p.name)
    return sa.select(*columns).join_from(Event, Plan, p.id == e.plan_id).where(e.id == sa.bindparam("event_id"))


def statements(backend: Backend) -> dict[str, tuple[Any, str]]:
    """Each generated constant: its statement and what it answers."""
    return {
        "EVENT_SQL": (_event(), "(id, title, kind, starts_at, status, version, plan_id, plan name) of event_id."),
        "AUDIENCE_SQL": (
            audience_select(sa.bindparam("event_id", type_=sa.Integer), frozen=False),
            "An event's live audience (`audience_select`): ids of its people, tags' and divisions' members.",
        ),
        "FLAGGED_FEW_SQL": (
            _flagged(backend, False),
            "§3.2 for the ids (fewer than PLANNED_FROM_PLAN_FROM): `flagged_statement`'s rows, in entry order.",
        ),
        "FLAGGED_MANY_SQL": (
            _flagged(backend, True),
            "§3.2 for the ids (PLANNED_FROM_PLAN_FROM or more): the planned calls read from the plan's side.",
        ),
        "PEOPLE_SQL": (brief_queries.people_statement(backend), "The attendees' PEOPLE_COLUMNS."),
        "BRIEFINGS_SQL": (
            latest_briefings_statement(backend),
            "§3.1: (id, version, time) of each of the ids on plan_id before `before`.",
        ),
        "STANCES_SQL": (current_stances_statement(backend), "(id, current stance level) of each of the ids."),
        "DESIRED_SQL": (brief_queries.desired_statement(backend), "(id, desired level) of those with one on plan_id."),
        "CHANGES_SQL": (
            brief_queries.stance_changes_statement(backend),
            "(id, from, to, observed_at): last stance change.",
        ),
        "LAST_TOUCHPOINT_IDS_SQL": (
            brief_queries.last_touchpoint_ids_statement(backend),
            "(id, id of the latest held touchpoint or NULL) of each of the ids.",
        ),
        "TOUCHPOINTS_SQL": (
            brief_queries.touchpoints_statement(backend),
            "(id, occurred_at, channel, by, plan name, version, summary) of the touchpoints whose ids are bound.",
        ),
        "CONCERNS_SQL": (
            brief_queries.open_concerns_statement(backend),
            "(id, concern id, text, raised at), oldest first.",
        ),
        "FOLLOW_UPS_SQL": (
            brief_queries.open_follow_ups_statement(backend),
            "(id, follow-up id, text, owner, due at) of the open ones, soonest due first.",
        ),
        "INFLUENCERS_SQL": (
            brief_queries.influencers_statement(backend),
            "(influenced id, influencer's name), archived influencers left out.",
        ),
    }


def postgresql_text(statement: Any) -> str:
    """The statement in PostgreSQL's SQL for psycopg: its constants written in, the parameters left to
    bind at each run as `%(name)s`, cast to their column's type (ids as an integer array)."""

    def named(element: Any, **_: Any) -> Any:
        if isinstance(element, BindParameter) and element.value is None and element.callable is None:
            return sa.cast(sa.literal_column(f"__bind_{element.key}__"), element.type)
        return None

    plain = visitors.replacement_traverse(statement, {}, named)
    text = str(plain.compile(dialect=psycopg.dialect(), compile_kwargs={"literal_binds": True}))
    assert "%" not in text, "a literal % would need escaping for psycopg"
    text = re.sub(r"__bind_(\w+?)__", r"%(\1)s", text)
    return "\n".join(line.rstrip() for line in text.splitlines())


HEADS = {
    SQLITE: "The brief's SQL for the sqlite3 module: ids bound as one JSON array (`:ids`), times as stored.",
    POSTGRESQL: "The brief's SQL for psycopg: ids bound as one integer array (`%(ids)s`).",
}


def module_text(backend: Backend) -> str:
    """The text of the backend's module (TARGETS)."""
    lines = [
        '"""Generated by `python -m stakeholders.rules.generate_brief_sql` from db/surprise_statement.py,',
        "stakeholders/events.py and db/brief_queries.py: do not edit.",
        "",
        HEADS[backend] + " Read by stakeholders/rules/brief_direct.py.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
        "# From this many attendees §3.2 reads the planned calls from the plan's side (FLAGGED_MANY_SQL).",
        f"PLANNED_FROM_PLAN_FROM = {PLANNED_FROM_PLAN_FROM}",
        "",
    ]
    for name, (statement, doc) in statements(backend).items():
        sql = postgresql_text(statement) if backend.postgresql else sqlite_text(statement)
        literal = f'"""\n{sql}\n"""' if '"""' not in sql and "\\" not in sql else repr(sql)
        lines += [f"# {doc}", f"{name} = {literal}", ""]
    return "\n".join(lines)


def main() -> int:
    for backend, target in TARGETS.items():
        text = module_text(backend)
        if target.exists() and target.read_text() == text:
            print(f"{target} is up to date")
            continue
        target.write_text(text)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
