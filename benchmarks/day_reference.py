"""The hand-written references of §9's "whole day at team scale": each computes a command's output
with the sqlite3 module (psycopg on PostgreSQL) and the standard library, or reads the export's rows
and writes them with the format's library alone, as its own process (whole process against whole
process, as the commands are measured).

    python -m benchmarks.day_reference NAME TARGET [ARG]   # output on stdout

Written the way someone who knows the schema would write them: a few set-based queries, no ORM, no
rules package. They compute the same sets as the commands (same people, same reasons, same order
where the order is part of the output); formatting is plain json/csv/openpyxl/HTML. Where a reference
leaves out a refinement of the command, the reference's docstring says which.
"""

import csv
import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmarks import reference
from benchmarks.dashboard_reference import dashboard
from benchmarks.page_reference import export_page
from stakeholders.formats.export.columns import COLUMNS as HEADERS  # the csv's headers, defined once

ROWS = 2000


class Db:
    """A connection and the few differences between the two drivers."""

    def __init__(self, target: str) -> None:
        self.conn = reference.connect(target)
        self.sqlite = isinstance(self.conn, sqlite3.Connection)
        self.now = datetime.now(UTC)

    def q(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        if not self.sqlite:
            sql = sql.replace("?", "%s")
        return self.conn.execute(sql, params).fetchall()

    def stream(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
        if self.sqlite:
            cursor = self.conn.execute(sql, params)
        else:
            cursor = self.conn.cursor(name="rows")  # server-side: rows as they come
            cursor.execute(sql.replace("?", "%s"), params)
        while rows := cursor.fetchmany(ROWS):
            yield from rows

    def t(self, when: datetime) -> Any:
        """A time as a parameter: naive UTC text as SQLite stores it, aware on PostgreSQL."""
        return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else when

    def iso(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return (value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)).isoformat()

    def ids(self, ids: list[int]) -> tuple[str, tuple[Any, ...]]:
        """`IN (…)` over ids bound as one parameter, as the commands bind them."""
        if self.sqlite:
            return "IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
        return "= ANY(?)", (ids,)


def upcoming_events(db: Db) -> list[Any]:
    return db.q(
        "SELECT e.id, e.title, e.kind, e.starts_at, p.name, e.version, e.plan_id FROM event e "
        "JOIN plan p ON p.id = e.plan_id WHERE e.status = 'planned' AND e.starts_at >= ? "
        "ORDER BY e.starts_at, lower(e.title), e.title, e.id",
        (db.t(db.now),),
    )


def flagged(db: Db, event_id: int) -> list[Any]:
    """The event's flagged people in the rule's order (benchmarks.reference's one query), with their
    columns: (id, reasons, version, at, planned_at, name, email, organization, influence, interest)."""
    rows = reference.flagged(db.conn, event_id)
    if not rows:
        return []
    where, params = db.ids([r[0] for r in rows])
    people = {
        r[0]: r[1:]
        for r in db.q(
            f"SELECT id, name, email, organization, influence, interest FROM stakeholder WHERE id {where}", params
        )
    }
    return [(*row, *people[row[0]]) for row in rows]


def _entry(db: Db, row: Any) -> dict[str, Any]:
    pid, reasons, version, at, planned, name, email, organization, influence, interest = row
    return {
        "id": pid,
        "name": name,
        "email": email,
        "organization": organization,
        "influence": influence,
        "interest": interest,
        "key": influence >= 4,
        "reasons": reasons.split(","),
        "last_briefed_version": version,
        "last_briefed_at": db.iso(at),
        "planned_at": db.iso(planned),
    }


def surprises(db: Db, _: str) -> None:
    """`surprises --json`: every upcoming planned event's surprised and at-risk people."""
    out = []
    for eid, title, kind, starts, plan, version, _plan_id in upcoming_events(db):
        entries = [_entry(db, row) for row in flagged(db, eid)]
        out.append(
            {
                "id": eid,
                "title": title,
                "kind": kind,
                "starts_at": db.iso(starts),
                "plan": plan,
                "version": version,
                "surprised": [e for e in entries if e["reasons"][0] in ("never-briefed", "outdated-version")],
                "at_risk": [e for e in entries if e["reasons"][0] not in ("never-briefed", "outdated-version")],
            }
        )
    json.dump({"as_of": db.iso(db.now), "events": out}, sys.stdout, indent=2)


def calls(db: Db, _: str) -> None:
    """`calls --json`: the surprised of each upcoming event, each person once under the soonest (the
    command also moves an influencer before the people they influence; left out here)."""
    seen: set[int] = set()
    out = []
    for eid, title, _kind, starts, _plan, _version, _plan_id in upcoming_events(db):
        for row in flagged(db, eid):
            if row[1] in ("never-briefed", "outdated-version") and row[0] not in seen:
                seen.add(row[0])
                out.append(
                    {
                        "id": row[0],
                        "name": row[5],
                        "email": row[6],
                        "event": title,
                        "deadline": db.iso(starts),
                        "reasons": [row[1]],
                        "planned_at": db.iso(row[4]),
                    }
                )
    json.dump(out, sys.stdout, indent=2)


def event_list(db: Db, _: str) -> None:
    """`event list --json`: every event with its plan and its audience's labels."""
    labels: dict[int, list[str]] = defaultdict(list)
    for eid, person, tag, division in db.q(
        "SELECT ea.event_id, s.name, t.name, ea.division FROM event_audience ea "
        "LEFT JOIN stakeholder s ON s.id = ea.stakeholder_id LEFT JOIN tag t ON t.id = ea.tag_id "
        "WHERE ea.frozen = false ORDER BY ea.id"
    ):
        labels[eid].append(person if person else f"tag:{tag}" if tag else f"division:{division}")
    rows = db.q(
        "SELECT e.id, e.title, e.kind, e.starts_at, p.name, e.version, e.status FROM event e "
        "JOIN plan p ON p.id = e.plan_id ORDER BY e.starts_at, e.title, e.id"
    )
    json.dump(
        [
            {
                "id": i,
                "title": t,
                "kind": k,
                "starts_at": db.iso(s),
                "plan": p,
                "version": v,
                "status": st,
                "audience": labels.get(i, []),
            }
            for i, t, k, s, p, v, st in rows
        ],
        sys.stdout,
        indent=2,
    )


CURRENT_STANCES = (
    "SELECT stakeholder_id, plan_id, level FROM (SELECT stakeholder_id, plan_id, level, "
    "row_number() OVER (PARTITION BY stakeholder_id, plan_id ORDER BY observed_at DESC, id DESC) AS r "
    "FROM stance{where}) AS ranked WHERE r = 1"
)


def people_list(db: Db, _: str) -> None:
    """`list --json`: every stakeholder not archived, with tags, current stance per plan, last contact."""
    plans = dict(db.q("SELECT id, name FROM plan"))
    tags: dict[int, list[str]] = defaultdict(list)
    for pid, name in db.q(
        "SELECT st.stakeholder_id, t.name FROM stakeholder_tag st JOIN tag t ON t.id = st.tag_id ORDER BY t.name"
    ):
        tags[pid].append(name)
    stances: dict[int, dict[str, str]] = defaultdict(dict)
    for pid, plan, level in db.q(CURRENT_STANCES.format(where="")):
        stances[pid][plans[plan]] = level
    contact = dict(
        db.q(
            "SELECT ta.stakeholder_id, max(ta.occurred_at) FROM touchpoint_attendee ta "
            "WHERE ta.status = 'held' GROUP BY ta.stakeholder_id"
        )
    )
    out = [
        {
            "id": i,
            "name": n,
            "email": e,
            "title": t,
            "organization": o,
            "division": d,
            "influence": inf,
            "interest": it,
            "owner": ow,
            "tags": tags.get(i, []),
            "archived": False,
            "last_contact": db.iso(contact.get(i)),
            "stance": stances.get(i, {}),
        }
        for i, n, e, t, o, d, inf, it, ow in db.q(
            "SELECT id, name, email, title, organization, division, influence, interest, owner FROM stakeholder "
            "WHERE archived_at IS NULL ORDER BY name_key, id"
        )
    ]
    json.dump(out, sys.stdout)


def show(db: Db, person: str) -> None:
    """`show PERSON --json`: one person with every touchpoint (and its attendees), stance, concern and
    follow-up."""
    pid = int(person)
    p = db.q(
        "SELECT id, name, email, title, organization, division, influence, interest, owner, phone, notes, "
        "cadence_days, created_at, archived_at FROM stakeholder WHERE id = ?",
        (pid,),
    )[0]
    plans = dict(db.q("SELECT id, name FROM plan"))
    tps = db.q(
        "SELECT t.id, t.occurred_at, t.channel, t.by, t.plan_id, t.version, t.status, t.summary "
        "FROM touchpoint t JOIN touchpoint_attendee ta ON ta.touchpoint_id = t.id WHERE ta.stakeholder_id = ? "
        "ORDER BY t.occurred_at, t.id",
        (pid,),
    )
    names: dict[int, list[str]] = defaultdict(list)
    if tps:
        where, params = db.ids([t[0] for t in tps])
        for tid, name in db.q(
            f"SELECT ta.touchpoint_id, s.name FROM touchpoint_attendee ta JOIN stakeholder s "
            f"ON s.id = ta.stakeholder_id WHERE ta.touchpoint_id {where} ORDER BY s.name_key",
            params,
        ):
            names[tid].append(name)
    out = {
        "id": p[0],
        "name": p[1],
        "email": p[2],
        "title": p[3],
        "organization": p[4],
        "division": p[5],
        "influence": p[6],
        "interest": p[7],
        "owner": p[8],
        "phone": p[9],
        "notes": p[10],
        "touchpoints": [
            {
                "id": t[0],
                "occurred_at": db.iso(t[1]),
                "channel": t[2],
                "by": t[3],
                "plan": plans.get(t[4]),
                "version": t[5],
                "status": t[6],
                "summary": t[7],
                "attendees": names[t[0]],
            }
            for t in tps
        ],
        "stances": [
            {"id": i, "plan": plans.get(pl), "level": lv, "observed_at": db.iso(at)}
            for i, pl, lv, at in db.q(
                "SELECT id, plan_id, level, observed_at FROM stance WHERE stakeholder_id = ? ORDER BY observed_at, id",
                (pid,),
            )
        ],
        "concerns": [
            list(r)
            for r in db.q("SELECT id, plan_id, text, status FROM concern WHERE stakeholder_id = ? ORDER BY id", (pid,))
        ],
        "follow_ups": [
            [i, t, db.iso(d)]
            for i, t, d in db.q(
                "SELECT f.id, f.text, f.due_at FROM follow_up f JOIN follow_up_stakeholder fs ON fs.follow_up_id = f.id "
                "WHERE fs.stakeholder_id = ? ORDER BY f.due_at, f.id",
                (pid,),
            )
        ],
    }
    json.dump(out, sys.stdout, indent=2, default=str)


def brief(db: Db, event: str) -> None:
    """`brief EVENT --format json`: the event's surprised, then each attendee's facts, read per fact
    for the whole audience."""
    eid = int(event)
    (plan_id, version, starts, title, plan) = db.q(
        "SELECT e.plan_id, e.version, e.starts_at, e.title, p.name "
        "FROM event e JOIN plan p ON p.id = e.plan_id WHERE e.id = ?",
        (eid,),
    )[0]
    rows = flagged(db, eid)
    audience = [
        r[0]
        for r in db.q(
            "SELECT s.id FROM stakeholder s WHERE s.archived_at IS NULL AND s.id IN (SELECT ea.stakeholder_id FROM "
            "event_audience ea WHERE ea.event_id = ? AND ea.frozen = false AND ea.stakeholder_id IS NOT NULL UNION "
            "SELECT st.stakeholder_id FROM stakeholder_tag st JOIN event_audience ea ON ea.tag_id = st.tag_id "
            "WHERE ea.event_id = ? AND ea.frozen = false) ORDER BY s.influence DESC, s.interest DESC, s.name_key, s.id",
            (eid, eid),
        )
    ]
    where, params = db.ids(audience)
    people = {
        r[0]: r
        for r in db.q(
            f"SELECT id, name, title, organization, division, influence, interest, notes "
            f"FROM stakeholder WHERE id {where}",
            params,
        )
    }
    among = f" WHERE plan_id = ? AND stakeholder_id {where}"
    stance = {pid: lv for pid, _, lv in db.q(CURRENT_STANCES.format(where=among), (plan_id, *params))}
    desired = dict(db.q(f"SELECT stakeholder_id, level FROM desired_stance{among}", (plan_id, *params)))
    last = {
        r[0]: r[1:]
        for r in db.q(
            f"SELECT stakeholder_id, occurred_at, channel, by_, summary FROM (SELECT ta.stakeholder_id, t.occurred_at, "
            f"t.channel, t.by AS by_, t.summary, row_number() OVER (PARTITION BY ta.stakeholder_id ORDER BY t.occurred_at "
            f"DESC, t.id DESC) AS r FROM touchpoint_attendee ta JOIN touchpoint t ON t.id = ta.touchpoint_id "
            f"WHERE ta.status = 'held' AND ta.stakeholder_id {where}) AS x WHERE r = 1",
            params,
        )
    }
    concerns: dict[int, list[str]] = defaultdict(list)
    for pid, text in db.q(
        f"SELECT stakeholder_id, text FROM concern WHERE plan_id = ? AND status = 'open' "
        f"AND stakeholder_id {where} ORDER BY created_at, id",
        (plan_id, *params),
    ):
        concerns[pid].append(text)
    follow: dict[int, list[str]] = defaultdict(list)
    for pid, text in db.q(
        f"SELECT fs.stakeholder_id, f.text FROM follow_up f JOIN follow_up_stakeholder fs ON "
        f"fs.follow_up_id = f.id WHERE f.done_at IS NULL AND fs.stakeholder_id {where} "
        f"ORDER BY f.due_at, f.id",
        params,
    ):
        follow[pid].append(text)
    names = dict(db.q("SELECT id, name FROM stakeholder WHERE id IN (SELECT influencer_id FROM influence_link)"))
    influenced: dict[int, list[str]] = defaultdict(list)
    for a, b in db.q(f"SELECT influencer_id, influenced_id FROM influence_link WHERE influenced_id {where}", params):
        influenced[b].append(names.get(a, ""))
    briefed = {r[0]: r[2] for r in rows}
    attendees = []
    for pid in audience:
        p = people[pid]
        lt = last.get(pid)
        attendees.append(
            {
                "id": pid,
                "name": p[1],
                "title": p[2],
                "organization": p[3],
                "division": p[4],
                "stance": stance.get(pid, "unaware"),
                "desired": desired.get(pid, "supportive"),
                "last_briefed_version": briefed.get(pid),
                "last_touchpoint": None
                if lt is None
                else {"occurred_at": db.iso(lt[0]), "channel": lt[1], "by": lt[2], "summary": lt[3]},
                "open_concerns": concerns.get(pid, []),
                "open_follow_ups": follow.get(pid, []),
                "influenced_by": sorted(influenced.get(pid, [])),
                "notes": p[7],
            }
        )
    json.dump(
        {
            "event": title,
            "plan": plan,
            "version": version,
            "surprised": [r[5] for r in rows if r[1] in ("never-briefed", "outdated-version")],
            "attendees": attendees,
        },
        sys.stdout,
        indent=2,
    )


# -- the exports ---------------------------------------------------------------------------------

SCOPE = (
    "SELECT id FROM stakeholder WHERE archived_at IS NULL AND id IN ("
    "SELECT ea.stakeholder_id FROM event_audience ea JOIN event e ON e.id = ea.event_id WHERE e.plan_id = ? "
    "AND e.status <> 'cancelled' AND ea.stakeholder_id IS NOT NULL "
    "UNION SELECT st.stakeholder_id FROM stakeholder_tag st JOIN event_audience ea ON ea.tag_id = st.tag_id "
    "JOIN event e ON e.id = ea.event_id WHERE e.plan_id = ? AND e.status <> 'cancelled' AND ea.frozen = false "
    "UNION SELECT stakeholder_id FROM touchpoint_attendee WHERE plan_id = ? "
    "UNION SELECT stakeholder_id FROM stance WHERE plan_id = ?)"
)


def status_rows(db: Db) -> Iterator[list[Any]]:
    """The status table (csv columns) of every plan, by plan then name: a few queries per plan (the
    command also honours frozen audiences of held events, counted here from their live rows)."""
    contact = dict(
        db.q(
            "SELECT stakeholder_id, max(occurred_at) FROM touchpoint_attendee WHERE status = 'held' "
            "GROUP BY stakeholder_id"
        )
    )
    for plan_id, plan in db.q("SELECT id, name FROM plan ORDER BY name_key"):
        p4 = (plan_id,) * 4
        stance = {pid: lv for pid, _, lv in db.q(CURRENT_STANCES.format(where=" WHERE plan_id = ?"), (plan_id,))}
        desired = dict(db.q("SELECT stakeholder_id, level FROM desired_stance WHERE plan_id = ?", (plan_id,)))
        concerns = dict(
            db.q(
                "SELECT stakeholder_id, count(*) FROM concern WHERE plan_id = ? AND status = 'open' "
                "GROUP BY stakeholder_id",
                (plan_id,),
            )
        )
        briefed = {
            r[0]: r[1:]
            for r in db.q(
                "SELECT stakeholder_id, version, occurred_at FROM (SELECT stakeholder_id, version, occurred_at, "
                "row_number() OVER (PARTITION BY stakeholder_id ORDER BY occurred_at DESC, version DESC, touchpoint_id "
                "DESC) AS r FROM touchpoint_attendee WHERE plan_id = ? AND status = 'held' AND occurred_at < ? "
                "AND version IS NOT NULL) AS x WHERE r = 1",
                (plan_id, db.t(db.now)),
            )
        }
        for pid, name, email, title, org, division, inf, it in db.q(
            f"SELECT id, name, email, title, organization, division, influence, interest FROM stakeholder "
            f"WHERE id IN ({SCOPE}) ORDER BY name_key, id",
            p4,
        ):
            b = briefed.get(pid, (None, None))
            quadrant = (
                "manage closely"
                if inf >= 3 and it >= 3
                else "keep satisfied"
                if inf >= 3
                else "keep informed"
                if it >= 3
                else "monitor"
            )
            yield [
                plan,
                name,
                email,
                title,
                org,
                division,
                inf,
                it,
                quadrant,
                stance.get(pid, "unaware"),
                desired.get(pid, "supportive"),
                b[0],
                db.iso(b[1]),
                db.iso(contact.get(pid)),
                concerns.get(pid, 0),
            ]


def export_csv(db: Db, _: str) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(HEADERS)
    writer.writerows(status_rows(db))


def export_json(db: Db, _: str) -> None:
    sys.stdout.write('{"plans": [')
    for i, row in enumerate(status_rows(db)):
        sys.stdout.write(("," if i else "") + "\n" + json.dumps(dict(zip(HEADERS, row, strict=True))))
    for i, row in enumerate(touchpoint_rows(db)):
        sys.stdout.write(("," if i else "") + "\n" + json.dumps(row, default=str))
    sys.stdout.write("]}\n")


def touchpoint_rows(db: Db) -> Iterator[list[Any]]:
    """Held touchpoints of the last 90 days, every plan, with their attendees' names."""
    since = db.t(db.now - timedelta(days=90))
    rows = db.q(
        "SELECT t.id, t.occurred_at, t.channel, t.by, p.name, t.version FROM touchpoint t JOIN plan p "
        "ON p.id = t.plan_id WHERE t.status = 'held' AND t.occurred_at >= ? AND t.occurred_at <= ? "
        "ORDER BY p.name_key, t.occurred_at DESC, t.id DESC",
        (since, db.t(db.now)),
    )
    for start in range(0, len(rows), ROWS):
        page = rows[start : start + ROWS]
        where, params = db.ids([r[0] for r in page])
        names: dict[int, list[str]] = defaultdict(list)
        for tid, name in db.q(
            f"SELECT ta.touchpoint_id, s.name FROM touchpoint_attendee ta JOIN stakeholder s "
            f"ON s.id = ta.stakeholder_id WHERE ta.touchpoint_id {where} ORDER BY s.name_key",
            params,
        ):
            names[tid].append(name)
        for tid, at, channel, by, plan, version in page:
            yield [at, channel, by, plan, version, "; ".join(names[tid])]


def export_xlsx(db: Db, out: str) -> None:
    """The Stakeholders and Touchpoints sheets (the bulk of the file) with openpyxl's write-only mode."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Stakeholders")
    sheet.append(HEADERS)
    for row in status_rows(db):
        sheet.append(
            [datetime.fromisoformat(v).replace(tzinfo=None) if i in (12, 13) and v else v for i, v in enumerate(row)]
        )
    sheet = book.create_sheet("Touchpoints")
    for row in touchpoint_rows(db):
        if isinstance(row[0], str):
            row[0] = datetime.fromisoformat(row[0])
        row[0] = row[0].replace(tzinfo=None)
        sheet.append(row)
    book.save(out)


REFERENCES: dict[str, Callable[[Db, str], None]] = {
    "surprises": surprises,
    "calls": calls,
    "event-list": event_list,
    "list": people_list,
    "show": show,
    "brief": brief,
    "export-csv": export_csv,
    "export-json": export_json,
    "export-xlsx": export_xlsx,
    "export-page": export_page,
    "dashboard": dashboard,
}


def main(argv: list[str]) -> int:
    name, target, *rest = argv
    db = Db(target)
    try:
        REFERENCES[name](db, rest[0] if rest else "")
    finally:
        db.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
