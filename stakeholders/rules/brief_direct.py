"""§3.4's brief of an event, read with the database's own driver alone (sqlite3, psycopg).

§9 measures `brief` as a whole process against a script using sqlite3 (psycopg on PostgreSQL) and
the standard library. Importing SQLAlchemy, SQLModel and the models takes longer than a 10-person
brief's reads, so for an event named by its id, in a SQLite file that is ours and current
(`db.first_page.sqlite_file`) or a PostgreSQL database at the current schema, the command reads the
brief here: the store's own statements compiled to SQL (db/brief_sql.py, db/brief_pg_sql.py, generated
by `python -m stakeholders.rules.generate_brief_sql`), into the same `Facts` and entries that
`build_brief` reads through the store; `brief_json` and `brief_markdown` write either. Anything else
(a title to resolve, a held event's frozen audience, another schema, any error) gives None: the caller
takes the normal path, which resolves or reports it. tests/unit/test_rules_brief_sql.py checks that
both readers give the same brief on both backends.
"""

from datetime import datetime, timedelta
from typing import Any

from db import brief_pg_sql, brief_sql
from db.direct import Driver, read_directly
from stakeholders.rules.brief import Attendee, Brief, BriefEvent, Facts, LastTouchpoint, attendee_briefs
from stakeholders.rules.entries import entries_of
from stakeholders.untrusted import whole_number


def read_brief(target: str | None, event: str, *, now: datetime, stale_days: int) -> Brief | None:
    """The brief of the event whose id is `event` in the database `target` (`--db`), or None for the
    normal path."""
    number = whole_number(event.strip())
    if number is None or not 1 <= number < 2**31:
        return None
    return read_directly(
        target, lambda conn, driver: read_event_brief(conn, driver, number, now=now, stale_days=stale_days)
    )


def _all(conn: Any, sql: str, parameters: dict[str, Any]) -> list[Any]:
    """Every row at once: psycopg's iteration costs a Python call per row (~0.7 s for a 10,000-person
    brief's 75,000 rows), its fetchall loads them in one."""
    return conn.execute(sql, parameters).fetchall()


def read_event_brief(conn: Any, driver: Driver, event_id: int, *, now: datetime, stale_days: int) -> Brief | None:
    """The brief of event `event_id` through `conn` (a DB-API connection of `driver`), or None."""
    sql = driver.pick(sqlite=brief_sql, postgresql=brief_pg_sql)
    found = conn.execute(sql.EVENT_SQL, {"event_id": event_id}).fetchone()
    if found is None:
        return None  # not an event's id: perhaps a title, which the normal path resolves
    _, title, kind, starts_at, status, version, plan_id, plan = found
    if status == "held":
        return None  # its audience may be frozen (stakeholders.events.audience_is_frozen): the normal path
    at = driver.time_out(starts_at)
    assert at is not None
    ids = sorted(pid for (pid,) in _all(conn, sql.AUDIENCE_SQL, {"event_id": event_id}))
    brief = Brief(plan=plan, version=version, as_of=at, now=now, event=BriefEvent(event_id, title, kind, at, status))
    if not ids:
        return brief
    listed = driver.ids(ids)
    flagged = sql.FLAGGED_MANY_SQL if len(ids) >= sql.PLANNED_FROM_PLAN_FROM else sql.FLAGGED_FEW_SQL
    parameters = {
        "ids": listed,
        "plan_id": plan_id,
        "version": version,
        "at": driver.time_in(at),
        "stale_before": driver.time_in(at - timedelta(days=stale_days)),
    }
    out = driver.time_out
    rows = [(*row[:9], out(row[9]), row[10], out(row[11]), row[12]) for row in _all(conn, flagged, parameters)]
    brief.surprised, brief.at_risk = entries_of(rows)
    brief.attendees = attendee_briefs(_facts(conn, driver, listed, plan_id, at), brief)
    return brief


def _facts(conn: Any, driver: Driver, listed: Any, plan_id: int, as_of: datetime) -> Facts:
    sql, out = driver.pick(sqlite=brief_sql, postgresql=brief_pg_sql), driver.time_out
    ids = {"ids": listed}
    on_plan = {"ids": listed, "plan_id": plan_id}
    concerns: dict[int, list[tuple[int, str, datetime]]] = {}
    for pid, cid, text, at in _all(conn, sql.CONCERNS_SQL, on_plan):
        concerns.setdefault(pid, []).append((cid, text, out(at)))
    follow_ups: dict[int, list[tuple[int, str, str | None, datetime]]] = {}
    for pid, fid, text, owner, due in _all(conn, sql.FOLLOW_UPS_SQL, ids):
        follow_ups.setdefault(pid, []).append((fid, text, owner, out(due)))
    influencers: dict[int, list[str]] = {}
    for pid, name in _all(conn, sql.INFLUENCERS_SQL, ids):
        influencers.setdefault(pid, []).append(name)
    for names in influencers.values():
        names.sort(key=str.casefold)
    briefings = _all(conn, sql.BRIEFINGS_SQL, on_plan | {"before": driver.time_in(as_of)})
    latest = {pid: tid for pid, tid in _all(conn, sql.LAST_TOUCHPOINT_IDS_SQL, ids) if tid is not None}
    found = {row[0]: row for row in _all(conn, sql.TOUCHPOINTS_SQL, {"ids": driver.ids(sorted(set(latest.values())))})}
    changes = _all(conn, sql.CHANGES_SQL, on_plan)
    return Facts(
        people=[Attendee(*row) for row in _all(conn, sql.PEOPLE_SQL, ids)],
        briefings={pid: (number, out(at)) for pid, number, at in briefings if number is not None},
        stances={pid: level for pid, level in _all(conn, sql.STANCES_SQL, on_plan) if level is not None},
        desired=dict(_all(conn, sql.DESIRED_SQL, on_plan)),
        changes={pid: (before, level, out(at)) for pid, before, level, at in changes},
        touchpoints={
            pid: LastTouchpoint(tid, out(at), channel, by, plan, version, summary)
            for pid, (tid, at, channel, by, plan, version, summary) in (
                (pid, found[tid]) for pid, tid in latest.items()
            )
        },
        concerns=concerns,
        follow_ups=follow_ups,
        influencers=influencers,
    )
