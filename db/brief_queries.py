"""The reads behind §3.4's pre-meeting brief: each fact of every attendee in one statement.

A brief can be for a 10-person steering meeting or a 10,000-person announcement; either way each
fact (stance, last change, last touchpoint, concerns, follow-ups, influencers) is one statement for
the whole list, with the ids bound as one parameter (`Backend.ids_value`: a JSON array on SQLite,
an integer array on PostgreSQL), never an IN-list of one bound parameter per person (which
SQLAlchemy renders anew at every run) and never one query per person. Each statement is built once
per backend and reached through an index that starts with the person: the cost follows the number
of attendees, not the size of the database.

§3.1's latest briefing, §3.2's classification and the current stance are not defined here: the
brief reads them through `db.surprise_statement` (its `current_stances_statement` is used as is).
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from db.backend import Backend
from db.enums import ConcernStatus, TouchpointStatus
from db.models import (
    Concern,
    DesiredStance,
    FollowUp,
    FollowUpStakeholder,
    InfluenceLink,
    Plan,
    Stakeholder,
    Stance,
    Touchpoint,
)
from db.queries import ONE_PARAMETER_CHUNK, chunks
from db.rule_queries import fetched_rows
from db.surprise_statement import TA, TP, current_stances_statement

ST = Stance.__table__.c  # type: ignore[attr-defined]


def _ids(backend: Backend) -> Any:
    """The ids bound as `ids`, as a one-column table (`value`)."""
    return backend.ids_table(backend.ids_parameter("ids"))


def _among(backend: Backend, column: Any) -> Any:
    """`column` is one of the ids bound as `ids`."""
    return column.in_(sa.select(_ids(backend).c.value))


_PLAN_ID = sa.bindparam("plan_id", type_=sa.Integer)

PEOPLE_COLUMNS = (
    "id",
    "name",
    "name_key",
    "email",
    "title",
    "organization",
    "division",
    "influence",
    "interest",
    "notes",
)
"""An attendee's own columns, in this order (`stakeholders.rules.brief.Attendee`)."""


def _value(stored: Any) -> Any:
    """An enum column's stored value (`supportive`), whether it came back as its enum or as text."""
    return getattr(stored, "value", stored)


@cache
def people_statement(backend: Backend) -> Any:
    """The attendees' own columns, archived or not (a person named ad hoc counts even when archived)."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    return sa.select(*(s[name] for name in PEOPLE_COLUMNS)).where(_among(backend, s.id))


@cache
def _current_stances(backend: Backend) -> Any:
    return current_stances_statement(backend)


@cache
def desired_statement(backend: Backend) -> Any:
    d = DesiredStance.__table__.c  # type: ignore[attr-defined]
    return sa.select(d.stakeholder_id, d.level).where(d.plan_id == _PLAN_ID, _among(backend, d.stakeholder_id))


@cache
def stance_changes_statement(backend: Backend) -> Any:
    """(stakeholder_id, previous level or NULL, level, observed_at) of each person's latest stance
    row on the plan that differs from the row before it: a repeated level is not a change. Their
    stance rows come from ix_stance_person_level (stakeholder, plan, observed_at, level; the row
    id is in every SQLite index), one range per person."""
    previous = (
        sa.func.lag(ST.level).over(partition_by=ST.stakeholder_id, order_by=(ST.observed_at, ST.id)).label("previous")
    )
    rows = (
        sa.select(ST.id, ST.stakeholder_id, ST.level, ST.observed_at, previous)
        .where(ST.plan_id == _PLAN_ID, _among(backend, ST.stakeholder_id))
        .subquery()
    )
    changed = sa.or_(rows.c.previous.is_(None), rows.c.previous != rows.c.level)
    rank = (
        sa.func.row_number()
        .over(partition_by=rows.c.stakeholder_id, order_by=(rows.c.observed_at.desc(), rows.c.id.desc()))
        .label("rank")
    )
    moves = (
        sa.select(rows.c.stakeholder_id, rows.c.previous, rows.c.level, rows.c.observed_at, rank)
        .where(changed)
        .subquery()
    )
    return sa.select(moves.c.stakeholder_id, moves.c.previous, moves.c.level, moves.c.observed_at).where(
        moves.c.rank == 1
    )


@cache
def last_touchpoint_ids_statement(backend: Backend) -> Any:
    """(stakeholder_id, id of their latest held touchpoint or NULL) of each of the ids: about any plan
    or none, ties to the higher id.

    Found from the copies of the touchpoint's status and time that every attendance carries
    (migration 0004; `db.queries.last_contacts` reads the same latest time from them): one range of
    ix_touchpoint_attendee_briefing per person, never a visit to the touchpoint table. The rows are
    then read by id (`touchpoints_statement`), in a statement of their own: joined here, PostgreSQL
    hashed or merged the whole touchpoint table against them (1.5-3.5 s for 10,000 people, against
    0.4-1 s for the two), and a window over every attendance joined to its touchpoint read ~38
    touchpoint rows per person."""
    ids = _ids(backend)
    latest = (
        sa.select(TA.touchpoint_id)
        .where(TA.stakeholder_id == ids.c.value, TA.status == TouchpointStatus.HELD)
        .order_by(TA.occurred_at.desc(), TA.touchpoint_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return sa.select(ids.c.value, latest)


@cache
def touchpoints_statement(backend: Backend) -> Any:
    """(id, occurred_at, channel, by, plan name or NULL, version, summary) of the touchpoints whose ids
    are bound as `ids`."""
    plan = Plan.__table__  # type: ignore[attr-defined]
    return (
        sa.select(TP.id, TP.occurred_at, TP.channel, TP.by, plan.c.name, TP.version, TP.summary)
        .select_from(Touchpoint.__table__)  # type: ignore[attr-defined]
        .outerjoin(plan, plan.c.id == TP.plan_id)
        .where(_among(backend, TP.id))
    )


@cache
def open_concerns_statement(backend: Backend) -> Any:
    c = Concern.__table__.c  # type: ignore[attr-defined]
    return (
        sa.select(c.stakeholder_id, c.id, c.text, c.created_at)
        .where(c.plan_id == _PLAN_ID, c.status == ConcernStatus.OPEN, _among(backend, c.stakeholder_id))
        .order_by(c.created_at, c.id)
    )


@cache
def open_follow_ups_statement(backend: Backend) -> Any:
    follow_up, owed = FollowUp.__table__, FollowUpStakeholder.__table__  # type: ignore[attr-defined]
    f = follow_up.c
    return (
        sa.select(owed.c.stakeholder_id, f.id, f.text, f.owner, f.due_at)
        .select_from(owed.join(follow_up, f.id == owed.c.follow_up_id))
        .where(f.done_at.is_(None), _among(backend, owed.c.stakeholder_id))
        .order_by(f.due_at, f.id)
    )


@cache
def influencers_statement(backend: Backend) -> Any:
    """(influenced id, influencer's name) of every link to one of the ids; archived influencers left out."""
    link, people = InfluenceLink.__table__, Stakeholder.__table__  # type: ignore[attr-defined]
    return (
        sa.select(link.c.influenced_id, people.c.name)
        .select_from(link.join(people, people.c.id == link.c.influencer_id))
        .where(people.c.archived_at.is_(None), _among(backend, link.c.influenced_id))
        .order_by(link.c.influencer_id)
    )


def _rows(session: Session, statement: Any, ids: list[int], **parameters: Any) -> Iterator[Any]:
    """The statement's rows for every chunk of `ids`, through the connection (no ORM wrapping)."""
    backend = Backend.of(session)
    connection = session.connection()
    for group in chunks(ids, ONE_PARAMETER_CHUNK):
        yield from fetched_rows(connection.execute(statement, {"ids": backend.ids_value(group), **parameters}))


def people(session: Session, ids: list[int]) -> list[tuple[Any, ...]]:
    """The PEOPLE_COLUMNS of each of the ids."""
    return [tuple(row) for row in _rows(session, people_statement(Backend.of(session)), ids)]


def current_stances(session: Session, plan_id: int, ids: list[int]) -> dict[int, str]:
    """{stakeholder_id: level} of those with a stance on the plan (`db.surprise_statement.current_stance`)."""
    statement = _current_stances(Backend.of(session))
    return {pid: _value(level) for pid, level in _rows(session, statement, ids, plan_id=plan_id) if level is not None}


def desired_levels(session: Session, plan_id: int, ids: list[int]) -> dict[int, str]:
    """{stakeholder_id: desired level} of those with one set on the plan (absent: supportive)."""
    return {
        pid: _value(level)
        for pid, level in _rows(session, desired_statement(Backend.of(session)), ids, plan_id=plan_id)
    }


def last_stance_changes(session: Session, plan_id: int, ids: list[int]) -> dict[int, tuple[str | None, str, datetime]]:
    """{stakeholder_id: (from level or None, to level, observed_at)} of each person's latest change."""
    statement = stance_changes_statement(Backend.of(session))
    return {
        pid: (_value(before), _value(level), at)
        for pid, before, level, at in _rows(session, statement, ids, plan_id=plan_id)
    }


def last_touchpoints(session: Session, ids: list[int]) -> list[tuple[Any, ...]]:
    """(stakeholder_id, touchpoint id, occurred_at, channel, by, plan name or None, version, summary)
    of each person's latest held touchpoint."""
    backend = Backend.of(session)
    latest = {pid: tid for pid, tid in _rows(session, last_touchpoint_ids_statement(backend), ids) if tid is not None}
    rows = {row[0]: row for row in _rows(session, touchpoints_statement(backend), sorted(set(latest.values())))}
    return [
        (pid, tid, at, _value(channel), by, plan, version, summary)
        for pid, (tid, at, channel, by, plan, version, summary) in ((pid, rows[tid]) for pid, tid in latest.items())
    ]


def open_concerns(session: Session, plan_id: int, ids: list[int]) -> dict[int, list[tuple[int, str, datetime]]]:
    """{stakeholder_id: [(concern id, text, raised at)…]} of the open concerns on the plan, oldest first."""
    out: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for pid, cid, text, at in _rows(session, open_concerns_statement(Backend.of(session)), ids, plan_id=plan_id):
        out[pid].append((cid, text, at))
    return out


def open_follow_ups(session: Session, ids: list[int]) -> dict[int, list[tuple[int, str, str | None, datetime]]]:
    """{stakeholder_id: [(follow-up id, text, owner, due at)…]} of the open promises owed to them,
    soonest due first."""
    out: dict[int, list[tuple[int, str, str | None, datetime]]] = defaultdict(list)
    for pid, fid, text, owner, due in _rows(session, open_follow_ups_statement(Backend.of(session)), ids):
        out[pid].append((fid, text, owner, due))
    return out


def influencer_names(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """{stakeholder_id: names of who influences them, case-insensitively sorted}; archived influencers left out."""
    out: dict[int, list[str]] = defaultdict(list)
    for pid, name in _rows(session, influencers_statement(Backend.of(session)), ids):
        out[pid].append(name)
    for names in out.values():
        names.sort(key=str.casefold)
    return out
