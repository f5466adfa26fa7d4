"""The hand-written reference for the dashboard's complete data (§9: "the dashboard's complete data
(every panel, the whole call list), in-process, within 2× of the same kind of hand-written reference").

It computes what each panel of `tui.data.dashboard.load_dashboard` shows, with sqlite3 (psycopg on
PostgreSQL) and the standard library, the way someone who knows the schema would write it:

- events: the next EVENTS_SHOWN upcoming planned events with their surprised and at-risk counts
  (benchmarks.reference's one query per event);
- calls: the whole call list, the surprised of every upcoming event, each person once under the
  soonest event that flags them (the same query per event; the command also moves an influencer
  before the people they influence within an event: left out here, as in `day_reference calls`);
- follow-ups: open follow-ups past due, oldest first, with the people they are owed to;
- pending: planned touchpoints whose time has passed, with their attendees;
- readiness: per plan shown (every plan by name, or on a team database the plans of the events
  shown, first seen first, at most PLANS_SHOWN), whether it is ready for its next event: the next
  event's surprised count and key (influence >= 4) people at risk, which is what the panel's
  headline says;
- cadence: everyone not archived past their cadence (their own, else the quadrant's default), most
  overdue relative to it first, with its level.

    python -m benchmarks.day_reference dashboard TARGET [NOW_ISO]   # the sets as JSON, on stdout
"""

import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

EVENTS_SHOWN = 8  # tui/data/dashboard_lines.py
PLANS_SHOWN = 12  # tui/data/dashboard.py
SURPRISED = ("never-briefed", "outdated-version")
CADENCE = {
    (True, True): 14,
    (True, False): 30,
    (False, True): 30,
    (False, False): 90,
}  # §3.6, by (influence, interest) high


@dataclass
class DashboardSets:
    """The panels' data as plain values: ids, counts and levels (the words are the layout's)."""

    events: list[tuple[int, int, int]] = field(default_factory=list)  # (event id, surprised, at risk)
    calls: list[tuple[int, int]] = field(default_factory=list)  # (person id, event id)
    follow_ups: list[tuple[int, list[int]]] = field(default_factory=list)  # (follow-up id, owed to, by name)
    pending: list[tuple[int, list[int]]] = field(default_factory=list)  # (touchpoint id, attendees, by name)
    readiness: list[tuple[int, bool | None, int, int]] = field(
        default_factory=list
    )  # (plan, ready, surprised, key at risk)
    cadence: list[tuple[int, str]] = field(default_factory=list)  # (person id, "amber" | "red")


def utc(value: Any) -> datetime:
    """A stored time (naive UTC text on SQLite, aware on PostgreSQL) as an aware UTC datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _people_of(db: Any, link: str, key: str, ids: list[int]) -> dict[int, list[int]]:
    """{follow-up or touchpoint id: [person ids, by name]}."""
    out: dict[int, list[int]] = defaultdict(list)
    if ids:
        where, params = db.ids(ids)
        for owner, pid in db.q(
            f"SELECT l.{key}, s.id FROM {link} l JOIN stakeholder s ON s.id = l.stakeholder_id "
            f"WHERE l.{key} {where} ORDER BY s.name_key",
            params,
        ):
            out[owner].append(pid)
    return out


def dashboard_sets(db: Any) -> DashboardSets:
    """Every panel's data as of `db.now` (a `benchmarks.day_reference.Db`)."""
    from benchmarks.day_reference import flagged, upcoming_events

    now = db.t(db.now)
    out = DashboardSets()
    upcoming = upcoming_events(db)
    flags: dict[int, list[Any]] = {}  # event id: its flagged rows (id, reasons, …, influence at 8)
    for event in upcoming[:EVENTS_SHOWN]:
        rows = flags[event[0]] = flagged(db, event[0])
        surprised = sum(1 for r in rows if r[1] in SURPRISED)
        out.events.append((event[0], surprised, len(rows) - surprised))
    seen: set[int] = set()
    for event in upcoming:
        rows = flags[event[0]] if event[0] in flags else flagged(db, event[0])
        for row in rows:
            if row[1] in SURPRISED and row[0] not in seen:
                seen.add(row[0])
                out.calls.append((row[0], event[0]))
    overdue = db.q(
        "SELECT id FROM follow_up WHERE done_at IS NULL AND due_at < ? ORDER BY due_at, id",
        (now,),
    )
    owed = _people_of(db, "follow_up_stakeholder", "follow_up_id", [r[0] for r in overdue])
    out.follow_ups = [(r[0], owed.get(r[0], [])) for r in overdue]
    pending = db.q(
        "SELECT id FROM touchpoint WHERE status = 'planned' AND occurred_at <= ? ORDER BY occurred_at, id",
        (now,),
    )
    who = _people_of(db, "touchpoint_attendee", "touchpoint_id", [r[0] for r in pending])
    out.pending = [(r[0], who.get(r[0], [])) for r in pending]
    out.readiness = _readiness(db, upcoming, flags)
    out.cadence = _cadence(db)
    return out


def _readiness(db: Any, upcoming: list[Any], flags: dict[int, list[Any]]) -> list[tuple[int, bool | None, int, int]]:
    from benchmarks.day_reference import flagged

    plans = [r[0] for r in db.q("SELECT id FROM plan ORDER BY name_key")]
    if len(plans) > PLANS_SHOWN:
        plans = list(dict.fromkeys(event[6] for event in upcoming[:EVENTS_SHOWN]))[:PLANS_SHOWN]
    out: list[tuple[int, bool | None, int, int]] = []
    for plan_id in plans:
        nxt = next((event for event in upcoming if event[6] == plan_id), None)
        if nxt is None:
            out.append((plan_id, None, 0, 0))
            continue
        rows = flags[nxt[0]] if nxt[0] in flags else flagged(db, nxt[0])
        surprised = sum(1 for r in rows if r[1] in SURPRISED)
        key_at_risk = sum(1 for r in rows if r[1] not in SURPRISED and r[8] >= 4)
        out.append((plan_id, surprised == 0 and key_at_risk == 0, surprised, key_at_risk))
    return out


def _cadence(db: Any) -> list[tuple[int, str]]:
    contact = dict(
        db.q(
            "SELECT stakeholder_id, max(occurred_at) FROM touchpoint_attendee WHERE status = 'held' "
            "GROUP BY stakeholder_id"
        )
    )
    late = []
    for pid, name_key, influence, interest, own, created in db.q(
        "SELECT id, name_key, influence, interest, cadence_days, created_at FROM stakeholder WHERE archived_at IS NULL"
    ):
        days = own or CADENCE[(influence >= 3, interest >= 3)]
        last = contact.get(pid)
        elapsed = db.now - utc(last if last is not None else created)
        if elapsed > timedelta(days=days):
            level = "red" if elapsed > timedelta(days=2 * days) else "amber"
            late.append((-(elapsed / timedelta(days=days)), -influence, name_key, pid, level))
    late.sort()
    return [(pid, level) for *_, pid, level in late]


def dashboard(db: Any, now: str) -> None:
    """The sets as JSON on stdout; `now` (ISO 8601), if given, instead of the time of the run."""
    if now:
        db.now = datetime.fromisoformat(now).astimezone(UTC)
    json.dump(asdict(dashboard_sets(db)), sys.stdout)
