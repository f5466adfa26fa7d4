"""§3.2 as one statement: an audience classified by the database (db.rule_queries has the rules'
other set-based reads, and the helpers this uses).

`stakeholders.rules.surprise` builds the statement once per shape and runs it for every event;
only the flagged people come back, with everything their entries show, in entry order.
"""

from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from db.enums import ConcernStatus, StanceLevel, TouchpointStatus
from db.models import Concern, Stakeholder, Stance
from db.rule_queries import (
    ATTENDED,
    TA,
    TP,
    fetched_rows,
    ids_parameter,
    ids_table,
    latest_briefing,
    time_as_stored,
    utc_from_stored,
)

# §3.2 in one statement: the audience's classification done by the database, only the flagged rows
# coming back (with what their entries show), in entry order. Reasons travel as one bit mask:
FLAG_NEVER_BRIEFED, FLAG_OUTDATED, FLAG_RESISTANT, FLAG_OPEN_CONCERNS, FLAG_STALE = 1, 2, 4, 8, 16
# Above this many people (or for an event's audience, resolved in the statement), the planned calls
# are read from the plan's side: its planned touchpoints before T and their attendances, grouped
# (~2 ms for the benchmark's plan), instead of one range of the attendee index per flagged person
# (20-30 ms for 6,900 people). For a handful of people the per-person ranges are cheaper.
PLANNED_FROM_PLAN_FROM = 1000


def flagged_statement(postgresql_: bool, audience: Any, *, surprised_only: bool = False,
                      planned_from_plan: bool = True) -> tuple[Any, Any]:
    """§3.2 as one statement, and the audience's count: for `flagged_rows`, built once per shape and
    reused (building it costs about as much as running it for a small audience). `audience` is a
    select of one column of stakeholder ids, each once; the statement's parameters are `plan_id`,
    `version`, `at` (the event's start), `stale_before` and whatever `audience` binds.

    Rows: (id, name, email, organization, influence, interest, flags, latest briefing version, its
    time, planned_at, audience size) of the flagged people only, flags the FLAG_* bits that hold
    (never 0), in entry order (influence desc, interest desc, name_key, id; byte-wise on every
    backend, COLLATE "C" on PostgreSQL). Latest briefing: the first entry of the person's range of
    ix_touchpoint_attendee_briefing (person, plan, 'held', before T), scanned backwards (ties:
    higher version, then higher id), one scalar subquery per column (SQLite has no LATERAL join; the
    second descent finds its pages cached). Stance and concerns are looked up only for those briefed
    on the version or later, inside the CASE branch that needs them (in a result column SQLite
    evaluates both sides of AND/OR, never an untaken CASE branch); not at all with `surprised_only`.
    Every CTE is MATERIALIZED: each is read more than once, and a flattened one would have its
    subqueries run again at each use."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    st = Stance.__table__.c  # type: ignore[attr-defined]
    c = Concern.__table__.c  # type: ignore[attr-defined]
    plan_id = sa.bindparam("plan_id", type_=sa.Integer)
    version = sa.bindparam("version", type_=sa.Integer)
    at = sa.bindparam("at", type_=TA.occurred_at.type)
    stale_before = sa.bindparam("stale_before", type_=TA.occurred_at.type)
    people = audience.cte("audience").prefix_with("MATERIALIZED")
    pid = people.c[0]
    latest = latest_briefing(pid, plan_id, at)
    briefing = (sa.select(pid.label("id"), latest.scalar_subquery().label("version"),
                          latest.with_only_columns(TA.occurred_at).scalar_subquery().label("occurred_at"))
                .cte("briefing").prefix_with("MATERIALIZED"))
    b = briefing.c
    if surprised_only:
        at_risk: Any = sa.literal(0)
    else:
        stance = (sa.select(st.level).where(st.stakeholder_id == b.id, st.plan_id == plan_id)
                  .order_by(st.observed_at.desc(), st.id.desc()).limit(1).scalar_subquery())
        concern = sa.exists().where(c.stakeholder_id == b.id, c.plan_id == plan_id, c.status == ConcernStatus.OPEN)
        at_risk = (sa.case((stance == StanceLevel.RESISTANT, FLAG_RESISTANT), else_=0)
                   + sa.case((concern, FLAG_OPEN_CONCERNS), else_=0)
                   # Strictly more than N x 24 h: a briefing exactly N days before is not stale.
                   + sa.case((b.occurred_at < stale_before, FLAG_STALE), else_=0))
    flags = sa.case((b.version.is_(None), FLAG_NEVER_BRIEFED), (b.version < version, FLAG_OUTDATED),
                    else_=at_risk).label("flags")
    flagged = (sa.select(b.id, flags, b.version, b.occurred_at).cte("flagged").prefix_with("MATERIALIZED"))
    f = flagged.c
    name_key = s.name_key.collate("C") if postgresql_ else s.name_key
    # Times as stored on SQLite, made aware by `flagged_rows`.
    as_stored = partial(time_as_stored, postgresql_)
    columns = [s.id, s.name, s.email, s.organization, s.influence, s.interest, f.flags, f.version,
               as_stored(f.occurred_at)]
    query = sa.select(*columns).select_from(flagged.join(Stakeholder.__table__, s.id == f.id))  # type: ignore[attr-defined]
    if planned_from_plan:
        # The plan's planned touchpoints before T (ix_touchpoint_plan_status_time) and their attendances.
        planned = (sa.select(TA.stakeholder_id.label("id"), sa.func.min(TP.occurred_at).label("planned_at"))
                   .select_from(ATTENDED)
                   .where(TP.plan_id == plan_id, TP.status == TouchpointStatus.PLANNED, TP.version >= version,
                          TP.occurred_at < at)
                   .group_by(TA.stakeholder_id).cte("planned").prefix_with("MATERIALIZED"))
        if postgresql_:  # a hash join; a subquery would scan the CTE per flagged person there
            planned_at = planned.c.planned_at
            query = query.outerjoin(planned, planned.c.id == f.id)
        else:  # SQLite indexes the CTE for the subquery (a join would scan it per person)
            planned_at = sa.select(planned.c.planned_at).where(planned.c.id == f.id).scalar_subquery()
    else:
        planned_at = sa.select(sa.func.min(TA.occurred_at)).where(
            TA.stakeholder_id == f.id, TA.plan_id == plan_id, TA.status == TouchpointStatus.PLANNED,
            TA.occurred_at < at, TA.version >= version).scalar_subquery()
    size = sa.select(sa.func.count()).select_from(people).scalar_subquery()  # run once: not correlated
    query = (query.add_columns(as_stored(planned_at), size).where(f.flags != 0)
             .order_by(s.influence.desc(), s.interest.desc(), name_key, s.id))
    return query, sa.select(sa.func.count()).select_from(audience.subquery())


def flagged_rows(session: Session, statements: tuple[Any, Any], parameters: dict[str, Any]
                 ) -> tuple[list[tuple[Any, ...]], int]:
    """The rows of a `flagged_statement` (times as aware UTC datetimes; each row ends with the
    audience's size, as the statement's do), and the audience's size
    (counted by the same statement, or by one more when nobody is flagged)."""
    query, count = statements
    utc = utc_from_stored
    # Through the connection, not the session: the ORM's result wraps each row once more (~30 ms at
    # 7,000 rows) and fetches them all at once.
    connection = session.connection()
    rows = [(i, name, email, organization, influence, interest, bits, number, utc(when), utc(planned_at), size)
            for i, name, email, organization, influence, interest, bits, number, when, planned_at, size
            in fetched_rows(connection.execute(query, parameters))]
    if not rows:
        return [], connection.execute(count, parameters).scalar_one()
    return rows, rows[0][-1]


def id_list(postgresql_: bool) -> Any:
    """A select of one column of stakeholder ids bound as one parameter, `ids` (its value:
    `db.rule_queries.ids_value`): an audience for `flagged_statement`."""
    return sa.select(ids_table(postgresql_, ids_parameter(postgresql_, "ids")).c.value)
