"""§3.1 and §3.2 as statements: the one definition of a person's latest briefing and of how an
audience is classified. Everything else reads these: the rules run them through SQLAlchemy, and the
dashboard's first frame, which cannot wait for SQLAlchemy's import, runs the SQL generated from them
(db/first_frame_sql.py, written by `python -m stakeholders.rules.generate_sql` and compared with a
fresh generation by tests/unit/test_generated_sql.py).

`stakeholders.rules.surprise` builds the statement once per shape and runs it for every event;
only the flagged people come back, with everything their entries show, in entry order.
"""

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from db.backend import Backend
from db.enums import ConcernStatus, StanceLevel, TouchpointStatus
from db.first_page import stored
from db.models import Concern, Stakeholder, Stance, Touchpoint, TouchpointAttendee
from db.reasons import Reason

TP = Touchpoint.__table__.c  # type: ignore[attr-defined]
TA = TouchpointAttendee.__table__.c  # type: ignore[attr-defined]
# Attendance joined to its touchpoint: the shape of the questions asked from a plan's side.
ATTENDED = TouchpointAttendee.__table__.join(Touchpoint.__table__, TP.id == TA.touchpoint_id)  # type: ignore[attr-defined]

# Above this many people (or for an event's audience, resolved in the statement), the planned calls
# are read from the plan's side: its planned touchpoints before T and their attendances, grouped
# (~2 ms for the benchmark's plan), instead of one range of the attendee index per flagged person
# (20-30 ms for 6,900 people). For a handful of people the per-person ranges are cheaper.
PLANNED_FROM_PLAN_FROM = 1000


# Briefing questions read the copies of the touchpoint's plan, version, status and time that every
# attendance carries (migration 0004), through ix_touchpoint_attendee_briefing (stakeholder_id,
# plan_id, status, occurred_at, version, touchpoint_id): a person's latest held briefing on a plan
# before T, or their planned calls, is one descent of that index per person, never a visit to the
# touchpoint table. The copies answer a 10,000-person audience in well under 0.1 s, on both backends.
def latest_briefing(person: Any, plan_id: Any, before: Any) -> Any:
    """§3.1: the version of `person`'s latest held briefing on the plan strictly before `before`, as
    a select to use as a scalar subquery (`.with_only_columns(TA.occurred_at)` for its time). Only
    held touchpoints with a version count. Scanned backwards from `before`, the first entry of the
    person's range of the index is the latest: it orders by occurred_at, version, touchpoint id, so
    ties go to the higher version, then the higher id."""
    return (
        sa.select(TA.version)
        .where(
            TA.stakeholder_id == person,
            TA.plan_id == plan_id,
            TA.status == TouchpointStatus.HELD,
            TA.occurred_at < before,
            TA.version.is_not(None),
        )
        .order_by(TA.occurred_at.desc(), TA.version.desc(), TA.touchpoint_id.desc())
        .limit(1)
    )


def current_stance(person: Any, plan_id: Any) -> Any:
    """`person`'s current stance on the plan, as a select to use as a scalar subquery: the latest
    observed (ties: the one recorded last), one descent of the (stakeholder, plan, observed_at)
    index. What is known now, not a forecast for an event's time."""
    st = Stance.__table__.c  # type: ignore[attr-defined]
    return (
        sa.select(st.level)
        .where(st.stakeholder_id == person, st.plan_id == plan_id)
        .order_by(st.observed_at.desc(), st.id.desc())
        .limit(1)
    )


def current_stances_statement(backend: Backend) -> Any:
    """(id, current stance level or NULL) of each of the ids bound as `ids` on `plan_id`."""
    ids = backend.ids_table(backend.ids_parameter("ids"))
    plan_id = sa.bindparam("plan_id", type_=sa.Integer)
    return sa.select(ids.c.value, current_stance(ids.c.value, plan_id).scalar_subquery())


def latest_briefings_statement(backend: Backend) -> Any:
    """(id, version, occurred_at) of the latest briefing of each of the ids bound as `ids`
    (`Backend.ids_value`) on `plan_id` before `before`; (id, NULL, NULL) for the never briefed. One
    scalar subquery per column, as SQLite has no LATERAL join; the second descent finds its pages
    cached. The time is as stored (`db.rule_queries.utc_from_stored`)."""
    ids = backend.ids_table(backend.ids_parameter("ids"))
    before = sa.bindparam("before", type_=TA.occurred_at.type)
    latest = latest_briefing(ids.c.value, sa.bindparam("plan_id", type_=sa.Integer), before)
    when = backend.time_as_stored(latest.with_only_columns(TA.occurred_at).scalar_subquery())
    return sa.select(ids.c.value, latest.scalar_subquery(), when)


def known_briefings(backend: Backend) -> Any:
    """A select of (id, version, occurred_at), one row per person, from briefings already read (the
    call list shares a plan's between its events): bound as `briefings`, the value of
    `known_briefings_value`. An audience for `flagged_statement(briefed=...)`."""
    if backend.postgresql:
        columns = [
            sa.bindparam(name, type_=sa.ARRAY(kind))
            for name, kind in (
                ("briefed_ids", sa.Integer),
                ("briefed_versions", sa.Integer),
                ("briefed_times", sa.DateTime(timezone=True)),
            )
        ]
        table = sa.func.unnest(*columns).table_valued("id", "version", "occurred_at").render_derived()
        return sa.select(table.c.id, table.c.version, table.c.occurred_at)
    rows = sa.func.json_each(sa.bindparam("briefings", type_=sa.String)).table_valued("value")
    part = [sa.func.json_extract(rows.c.value, f"$[{i}]") for i in range(3)]
    return sa.select(part[0].label("id"), part[1].label("version"), part[2].label("occurred_at"))


def known_briefings_value(backend: Backend, rows: Sequence[tuple[int, int | None, datetime | None]]) -> dict[str, Any]:
    """The parameters of `known_briefings` for (id, version or None, time or None) rows; on SQLite
    the times as stored (`db.first_page.stored`)."""
    if backend.postgresql:
        return {
            "briefed_ids": [r[0] for r in rows],
            "briefed_versions": [r[1] for r in rows],
            "briefed_times": [r[2] for r in rows],
        }
    return {"briefings": json.dumps([(pid, number, None if at is None else stored(at)) for pid, number, at in rows])}


def flagged_statement(
    backend: Backend,
    audience: Any = None,
    *,
    briefed: Any = None,
    surprised_only: bool = False,
    planned_from_plan: bool = True,
) -> tuple[Any, Any]:
    """§3.2 as one statement, and the audience's count: for `flagged_rows`, built once per shape and
    reused (building it costs about as much as running it for a small audience). `audience` is a
    select of one column of stakeholder ids, each once; or `briefed`, a select of (id, version,
    occurred_at) with each person's latest briefing already known (`known_briefings`). The
    statement's parameters are `plan_id`, `version`, `at` (the event's start), `stale_before` and
    whatever the audience binds.

    Rows: (id, name, email, organization, division, influence, interest, flags, latest briefing version, its
    time, name_key, planned_at, audience size) of the flagged people only, flags the
    db.reasons.Reason bits that hold (never 0), in entry order (influence desc, interest desc,
    name_key, id; byte-wise on every backend). Latest briefing: `latest_briefing`. Stance and
    concerns are looked up only for those briefed on the version or later, inside the CASE branch
    that needs them (in a result column SQLite evaluates both sides of AND/OR, never an untaken
    CASE branch); not at all with `surprised_only`. Every CTE is MATERIALIZED: each is read more
    than once, and a flattened one would have its subqueries run again at each use."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    c = Concern.__table__.c  # type: ignore[attr-defined]
    plan_id = sa.bindparam("plan_id", type_=sa.Integer)
    version = sa.bindparam("version", type_=sa.Integer)
    at = sa.bindparam("at", type_=TA.occurred_at.type)
    stale_before = sa.bindparam("stale_before", type_=TA.occurred_at.type)
    if briefed is None:
        people = audience.cte("audience").prefix_with("MATERIALIZED")
        pid = people.c[0]
        latest = latest_briefing(pid, plan_id, at)
        briefed = sa.select(
            pid.label("id"),
            latest.scalar_subquery().label("version"),
            latest.with_only_columns(TA.occurred_at).scalar_subquery().label("occurred_at"),
        )
    else:
        people = None
    briefing = briefed.cte("briefing").prefix_with("MATERIALIZED")
    b = briefing.c
    if surprised_only:
        at_risk: Any = sa.literal(0)
    else:
        stance = current_stance(b.id, plan_id).scalar_subquery()
        concern = sa.exists().where(c.stakeholder_id == b.id, c.plan_id == plan_id, c.status == ConcernStatus.OPEN)
        at_risk = (
            sa.case((stance == StanceLevel.RESISTANT, Reason.RESISTANT.flag), else_=0)
            + sa.case((concern, Reason.OPEN_CONCERNS.flag), else_=0)
            # Strictly more than N x 24 h: a briefing exactly N days before is not stale.
            + sa.case((b.occurred_at < stale_before, Reason.STALE_BRIEFING.flag), else_=0)
        )
    flags = sa.case(
        (b.version.is_(None), Reason.NEVER_BRIEFED.flag),
        (b.version < version, Reason.OUTDATED_VERSION.flag),
        else_=at_risk,
    ).label("flags")
    flagged = sa.select(b.id, flags, b.version, b.occurred_at).cte("flagged").prefix_with("MATERIALIZED")
    f = flagged.c
    # Times as stored on SQLite, made aware by `flagged_rows`.
    columns = [
        s.id,
        s.name,
        s.email,
        s.organization,
        s.division,
        s.influence,
        s.interest,
        f.flags,
        f.version,
        backend.time_as_stored(f.occurred_at).label("occurred_at"),
        s.name_key,
    ]
    query = sa.select(*columns).select_from(flagged.join(Stakeholder.__table__, s.id == f.id))  # type: ignore[attr-defined]
    planned_at: Any
    if planned_from_plan:
        # The plan's planned touchpoints before T (ix_touchpoint_plan_status_time) and their attendances.
        planned = (
            sa.select(TA.stakeholder_id.label("id"), sa.func.min(TP.occurred_at).label("planned_at"))
            .select_from(ATTENDED)
            .where(
                TP.plan_id == plan_id, TP.status == TouchpointStatus.PLANNED, TP.version >= version, TP.occurred_at < at
            )
            .group_by(TA.stakeholder_id)
            .cte("planned")
            .prefix_with("MATERIALIZED")
        )
        if backend.joins_a_grouped_cte:  # a hash join; a subquery would scan the CTE per flagged person there
            planned_at = planned.c.planned_at
            query = query.outerjoin(planned, planned.c.id == f.id)
        else:  # SQLite indexes the CTE for the subquery (a join would scan it per person)
            planned_at = sa.select(planned.c.planned_at).where(planned.c.id == f.id).scalar_subquery()
    else:
        planned_at = (
            sa.select(sa.func.min(TA.occurred_at))
            .where(
                TA.stakeholder_id == f.id,
                TA.plan_id == plan_id,
                TA.status == TouchpointStatus.PLANNED,
                TA.occurred_at < at,
                TA.version >= version,
            )
            .scalar_subquery()
        )
    counted = people if people is not None else briefing
    size = sa.select(sa.func.count()).select_from(counted).scalar_subquery()  # run once: not correlated
    query = (
        query.add_columns(backend.time_as_stored(planned_at).label("planned_at"), size.label("size"))
        .where(f.flags != 0)
        .order_by(s.influence.desc(), s.interest.desc(), backend.byte_order(s.name_key), s.id)
    )
    return query, sa.select(sa.func.count()).select_from((audience if audience is not None else briefed).subquery())
