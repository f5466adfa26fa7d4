"""The hand-written reference for `export --format md|html` (§9: "within 2× of a script that computes
the page's figures with sqlite3"): every figure the one-page status shows, per plan in the default
scope, with sqlite3 (psycopg on PostgreSQL) and the standard library, written out as bare HTML.

Per plan: the current version (summary, changes, sign-off); readiness over the scope (briefed on
the current version, on an older one only, never; below their desired stance; open concerns; overdue
follow-ups owed to someone in it); the stance distribution; the next event's audience size,
surprised and at-risk people (the first five named) and whether a key stakeholder is at risk (the
headline), and the next two events' counts; key risks (key people resistant or with open concerns,
with their owner: the first four); buy-in by division (people in scope and on side, the surprised
at the next event; the furthest behind first: the first six); what moved in the last 7 days (changes
of mind, key people first: the first four; first sightings counted).

Left out, as in `day_reference`'s other references: the frozen audiences of held events and
`division:` audience entries (the generated data has neither), and the layout (words, dates in the
reader's zone, the chart). A flagged event is benchmarks.reference's one query.

    python -m benchmarks.day_reference export-page TARGET   # the page's figures as HTML, on stdout
"""

import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape
from typing import Any

LEVELS = ["unaware", "resistant", "neutral", "supportive", "leading"]
SURPRISED = ("never-briefed", "outdated-version")
KEY = 4
SHOWN = {"events": 3, "people": 5, "risks": 4, "moves": 4, "divisions": 6}

AUDIENCE_SIZE = (
    "SELECT count(*) FROM stakeholder WHERE archived_at IS NULL AND id IN ("
    "SELECT stakeholder_id FROM event_audience WHERE event_id = ? AND frozen = false AND stakeholder_id IS NOT NULL "
    "UNION SELECT st.stakeholder_id FROM stakeholder_tag st JOIN event_audience ea ON ea.tag_id = st.tag_id "
    "WHERE ea.event_id = ? AND ea.frozen = false)"
)
BRIEFED = (
    "SELECT stakeholder_id, version FROM (SELECT stakeholder_id, version, row_number() OVER (PARTITION BY "
    "stakeholder_id ORDER BY occurred_at DESC, version DESC, touchpoint_id DESC) AS r FROM touchpoint_attendee "
    "WHERE plan_id = ? AND status = 'held' AND occurred_at < ? AND version IS NOT NULL) AS x WHERE r = 1"
)
STANCES = (  # every stance on the plan, newest first (ties: recorded last), with the level before it
    "SELECT stakeholder_id, level, observed_at, previous FROM (SELECT stakeholder_id, level, observed_at, id, "
    "lag(level) OVER (PARTITION BY stakeholder_id ORDER BY observed_at, id) AS previous FROM stance "
    "WHERE plan_id = ?) AS x ORDER BY observed_at DESC, id DESC"
)


@dataclass
class PlanFigures:
    """What one plan's page shows, as plain values (names and counts; the words are the layout's)."""

    plan_id: int
    name: str
    version: tuple[int, str, str | None, str | None, Any]  # number, summary, changes, approved by, at
    readiness: tuple[int, int, int, int, int, int, int]  # scope, on current, older, never, below, concerns, overdue
    distribution: dict[str, int]
    events: list[tuple[int, int, int]] = field(default_factory=list)  # (id, surprised, at risk), the first three
    more_events: int = 0
    next_event: tuple[int, int, list[int]] = (0, 0, [])  # audience size, key people at risk, the people named
    risks: tuple[list[int], int] = ([], 0)  # key risks shown, how many more
    divisions: tuple[list[tuple[str, int, int, list[str]]], int] = ([], 0)  # (name, people, on side, surprised)
    moves: tuple[list[int], int, int] = ([], 0, 0)  # changes of mind shown, how many more, first sightings


def active_plans(db: Any) -> set[int]:
    """Plans with an upcoming planned event, or a touchpoint, stance, version or sign-off in the last
    30 days (§6's default scope)."""
    since, now = db.t(db.now - timedelta(days=30)), db.t(db.now)
    return {
        r[0]
        for r in db.q(
            "SELECT plan_id FROM event WHERE status = 'planned' AND starts_at >= ? UNION "
            "SELECT plan_id FROM touchpoint WHERE plan_id IS NOT NULL AND occurred_at >= ? AND occurred_at <= ? "
            "UNION SELECT plan_id FROM stance WHERE observed_at >= ? AND observed_at <= ? "
            "UNION SELECT plan_id FROM plan_version WHERE created_at >= ? OR approved_at >= ?",
            (now, since, now, since, now, since, since),
        )
    }


def page_figures(db: Any) -> Iterator[PlanFigures]:
    """Each plan's figures in the default scope, by name, as of `db.now` (a `day_reference.Db`)."""
    from benchmarks.dashboard_reference import utc
    from benchmarks.day_reference import SCOPE, flagged, upcoming_events

    active = active_plans(db)
    events = upcoming_events(db)
    overdue: dict[int, set[int]] = defaultdict(set)  # person: the overdue follow-ups owed to them
    for fid, pid in db.q(
        "SELECT f.id, fs.stakeholder_id FROM follow_up f JOIN follow_up_stakeholder fs ON fs.follow_up_id = f.id "
        "WHERE f.done_at IS NULL AND f.due_at < ?",
        (db.t(db.now),),
    ):
        overdue[pid].add(fid)
    for plan_id, plan, *version in db.q(
        "SELECT p.id, p.name, v.number, v.summary, v.changes, v.approved_by, v.approved_at FROM plan p "
        "JOIN plan_version v ON v.plan_id = p.id WHERE v.number = (SELECT max(number) FROM plan_version "
        "WHERE plan_id = p.id) ORDER BY p.name_key"
    ):
        if plan_id not in active:
            continue
        number = version[0]
        scope = {r[0] for r in db.q(SCOPE, (plan_id,) * 4)}
        briefed = {pid: v for pid, v in db.q(BRIEFED, (plan_id, db.t(db.now))) if pid in scope}
        on_current = sum(1 for v in briefed.values() if v >= number)
        current: dict[int, str] = {}
        moves = []
        since = db.now - timedelta(days=7)
        for pid, level, observed, previous in db.q(STANCES, (plan_id,)):
            current.setdefault(pid, level)  # newest first: the first row is the current stance
            if since < utc(observed) <= db.now and (previous or "unaware") != level:
                moves.append((pid, previous or "unaware", level))
        current = {pid: level for pid, level in current.items() if pid in scope}
        distribution = {level: 0 for level in LEVELS}
        desired = dict(db.q("SELECT stakeholder_id, level FROM desired_stance WHERE plan_id = ?", (plan_id,)))
        below = 0
        for pid in scope:
            level = current.get(pid, "unaware")
            distribution[level] += 1
            below += LEVELS.index(level) < LEVELS.index(desired.get(pid, "supportive"))
        concerns: dict[int, list[str]] = defaultdict(list)
        for pid, text in db.q(
            "SELECT stakeholder_id, text FROM concern WHERE plan_id = ? AND status = 'open' ORDER BY created_at, id",
            (plan_id,),
        ):
            if pid in scope:
                concerns[pid].append(text)
        follow_ups = len(set().union(*(overdue.get(pid, set()) for pid in scope)))
        plan_events = [e for e in events if e[6] == plan_id]
        flags = [flagged(db, e[0]) for e in plan_events[: SHOWN["events"]]]
        people = _people(db, scope, moves)
        figures = PlanFigures(
            plan_id,
            plan,
            tuple(version),
            (
                len(scope),
                on_current,
                len(briefed) - on_current,
                len(scope) - len(briefed),
                below,
                sum(map(len, concerns.values())),
                follow_ups,
            ),
            distribution,
            more_events=max(0, len(plan_events) - SHOWN["events"]),
            risks=_risks(people, current, concerns),
            divisions=_divisions(people, current, flags[0] if flags else None),
            moves=_moves(people, moves),
        )
        for i, (event, rows) in enumerate(zip(plan_events, flags, strict=False)):
            surprised = [r for r in rows if r[1] in SURPRISED]
            at_risk = [r for r in rows if r[1] not in SURPRISED]
            figures.events.append((event[0], len(surprised), len(at_risk)))
            if i == 0:
                (size,) = db.q(AUDIENCE_SIZE, (event[0], event[0]))[0]
                key = sum(1 for r in at_risk if r[8] >= KEY)
                # Surprised before at risk, key people first within each (each part is in entry order).
                named = sorted(surprised, key=lambda r: r[8] < KEY) + sorted(at_risk, key=lambda r: r[8] < KEY)
                figures.next_event = (size, key, [r[0] for r in named[: SHOWN["people"]]])
        yield figures


def _people(db: Any, scope: set[int], moves: list[Any]) -> dict[int, Any]:
    """(name, name_key, influence, interest, owner, division, archived_at) of everyone in scope (the
    divisions count them all) and of whoever moved."""
    where, params = db.ids(sorted(scope | {m[0] for m in moves}))
    rows = db.q(
        f"SELECT id, name, name_key, influence, interest, owner, division, archived_at FROM stakeholder WHERE id {where}",
        params,
    )
    return {r[0]: r[1:] for r in rows}


def _risks(people: dict[int, Any], current: dict[int, str], concerns: dict[int, list[str]]) -> tuple[list[int], int]:
    candidates = {pid for pid, level in current.items() if level == "resistant"} | set(concerns)
    risks = sorted(
        (-people[pid][2], -people[pid][3], people[pid][0].lower(), pid) for pid in candidates if people[pid][2] >= KEY
    )
    return [pid for *_, pid in risks[: SHOWN["risks"]]], max(0, len(risks) - SHOWN["risks"])


def _divisions(
    people: dict[int, Any], current: dict[int, str], nxt: list[Any] | None
) -> tuple[list[tuple[str, int, int, list[str]]], int]:
    count: dict[str, list[Any]] = {}
    key: dict[int, str] = {}
    for pid, (_, _, _, _, _, division, archived) in people.items():
        if archived is not None:
            continue  # named in a move only
        name = division.strip() if division and division.strip() else "(no division)"
        entry = count.setdefault(key.setdefault(pid, name.casefold()), [name, 0, 0, []])
        entry[1] += 1
        entry[2] += current.get(pid) in ("supportive", "leading")
    for row in nxt or []:
        if row[1] in SURPRISED and row[0] in key:
            count[key[row[0]]][3].append(row[5])
    order = sorted(count.values(), key=lambda d: (d[0] == "(no division)", d[2] / d[1], -len(d[3]), d[0].casefold()))
    return [tuple(d) for d in order[: SHOWN["divisions"]]], max(0, len(order) - SHOWN["divisions"])


def _moves(people: dict[int, Any], moves: list[Any]) -> tuple[list[int], int, int]:
    moves = [m for m in moves if people[m[0]][6] is None]  # archived people's moves are not shown
    changes = sorted((m for m in moves if m[1] != "unaware"), key=lambda m: people[m[0]][2] < KEY)
    return [m[0] for m in changes[: SHOWN["moves"]]], max(0, len(changes) - SHOWN["moves"]), len(moves) - len(changes)


def export_page(db: Any, _: str) -> None:
    """The figures written as bare HTML, a section a plan."""
    out = ["<!DOCTYPE html><html><body>"]
    for f in page_figures(db):
        number, summary, changes, by, at = f.version
        out.append(f"<section><h2>{escape(f.name)} v{number}</h2><p>{escape(summary)} {escape(changes or '')} ")
        out.append(f"{escape(by or 'not approved')} {db.iso(at)}</p><p>{f.readiness}; {f.distribution}</p>")
        out.append(f"<p>{f.events}, {f.more_events} more; next: {f.next_event}</p><p>risks {f.risks}</p>")
        rows = "".join(
            f"<tr><td>{escape(name)}</td><td>{on_side} of {n}</td><td>{escape(', '.join(who[:3]))}</td></tr>"
            for name, n, on_side, who in f.divisions[0]
        )
        out.append(f"<table>{rows}</table><p>{f.divisions[1]} more divisions; moves {f.moves}</p></section>")
    sys.stdout.write("".join(out) + "</body></html>\n")
