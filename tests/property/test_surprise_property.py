"""`evaluate_event` against a naive model of §3.1–3.2 written here in plain Python loops.

Hypothesis draws small programmes (a few people, 1–2 plans of 1–3 versions,
held and planned touchpoints at times clustered on the edges that matter —
the event's start, 30 days before it, one second either side — stances,
concerns, archived people, tags, events with tag and person audiences in
any status). The facts go into a fresh SQLite store through the use cases
and, in parallel, into plain lists; the two evaluations must agree exactly.
"""

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import surprise_statement
from db.enums import EventKind, EventStatus, StanceLevel
from db.models import Event
from db.store import open_store
from stakeholders.concerns import raise_concern, resolve_concern
from stakeholders.events import AudienceTarget, add_event, resolved_audience_ids, set_status
from stakeholders.people import add_person, set_archived
from stakeholders.plans import add_plan, revise_plan
from stakeholders.resolve import tag_named
from stakeholders.rules.briefing import latest_briefings
from stakeholders.rules.surprise import classify, evaluate_event
from stakeholders.stances import record_stance
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
NAMES = ["ann", "Ann", "bob", "Cy", "cy", "Dee"]
TAGS = ["t1", "t2"]
DAY_OFFSETS = [-45, -31, -30, -29, -5, -1, 0, 1]  # days from the event's start
SECOND_OFFSETS = [-1, 0, 1]


@dataclass
class Person:
    id: int
    name: str
    influence: int
    interest: int
    archived: bool
    tags: set[str]


@dataclass
class Touchpoint:
    at: datetime
    held: bool
    plan: int | None
    version: int | None
    attendees: list[int]


@dataclass
class Facts:
    people: list[Person] = field(default_factory=list)
    touchpoints: list[Touchpoint] = field(default_factory=list)
    stances: list[tuple[int, int, StanceLevel, datetime]] = field(default_factory=list)  # in recording order
    concerns: list[tuple[int, int, bool]] = field(default_factory=list)  # person, plan, resolved


def naive(
    facts: Facts, plan: int, version: int, start: datetime, explicit: set[int], tags: set[str], stale_days: int
) -> tuple[list[tuple], list[tuple]]:
    """(surprised, at_risk) as (id, reasons, version, briefed at, planned at, key) tuples, in entry order."""
    audience = [p for p in facts.people if not p.archived and (p.id in explicit or p.tags & tags)]
    audience.sort(key=lambda p: (-p.influence, -p.interest, p.name.lower(), p.id))
    surprised, at_risk = [], []
    for p in audience:
        latest = None
        for tp in facts.touchpoints:
            if tp.held and tp.plan == plan and p.id in tp.attendees and tp.at < start:
                if latest is None or (tp.at, tp.version) > latest:
                    latest = (tp.at, tp.version)
        planned_at = None
        for tp in facts.touchpoints:
            if (
                not tp.held
                and tp.plan == plan
                and p.id in tp.attendees
                and tp.version >= version  # type: ignore[operator]
                and tp.at < start
                and (planned_at is None or tp.at < planned_at)
            ):
                planned_at = tp.at
        stance = StanceLevel.UNAWARE
        seen = None
        for order, (who, on, level, at) in enumerate(facts.stances):
            if who == p.id and on == plan and (seen is None or (at, order) > seen):
                seen, stance = (at, order), level
        if latest is None:
            reasons, target = ["never-briefed"], surprised
        elif latest[1] < version:
            reasons, target = ["outdated-version"], surprised
        else:
            reasons, target = [], at_risk
            if stance == StanceLevel.RESISTANT:
                reasons.append("resistant")
            if any(who == p.id and on == plan and not resolved for who, on, resolved in facts.concerns):
                reasons.append("open-concerns")
            if start - latest[0] > timedelta(days=stale_days):
                reasons.append("stale-briefing")
        if reasons:
            target.append(
                (
                    p.id,
                    reasons,
                    latest[1] if latest else None,
                    latest[0] if latest else None,
                    planned_at,
                    p.influence >= 4,
                )
            )
    return surprised, at_risk


def moment(data: st.DataObject, start: datetime) -> datetime:
    return (
        start
        + timedelta(days=data.draw(st.sampled_from(DAY_OFFSETS)))
        + data.draw(st.sampled_from(SECOND_OFFSETS)) * SECOND
    )


def build(session, data: st.DataObject, facts: Facts) -> tuple[Event, set[int], set[str], datetime]:  # type: ignore[no-untyped-def]
    people = []
    for name in data.draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5), label="names"):
        tags = set(data.draw(st.sets(st.sampled_from(TAGS))))
        row = add_person(
            session,
            {"name": name, "influence": data.draw(st.integers(1, 5)), "interest": data.draw(st.integers(1, 5))},
            sorted(tags),
        )
        archived = data.draw(st.booleans().map(lambda b: b and data.draw(st.booleans())), label="archived")
        if archived:
            set_archived(session, row, True)
        people.append(row)
        facts.people.append(Person(row.id, name, row.influence, row.interest, archived, tags))
    plans, versions = [], {}
    for n in range(data.draw(st.integers(1, 2), label="plans")):
        plan = add_plan(session, f"Plan {n}", "v1")
        versions[plan.id] = data.draw(st.integers(1, 3), label="versions")
        for _ in range(versions[plan.id] - 1):
            revise_plan(session, plan, "next")
        plans.append(plan)
    plan = data.draw(st.sampled_from(plans), label="event plan")
    start = NOW + timedelta(days=data.draw(st.sampled_from([-3, 0, 2, 10]), label="event day"))
    for _ in range(data.draw(st.integers(0, 8), label="touchpoints")):
        attendees = data.draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique_by=lambda p: p.id))
        about = data.draw(st.sampled_from([*plans, None]))
        version = data.draw(st.integers(1, versions[about.id])) if about else None
        at, held = moment(data, start), data.draw(st.booleans(), label="held")
        stance = data.draw(st.sampled_from(list(StanceLevel))) if held and about and data.draw(st.booleans()) else None
        log_touchpoint(
            session,
            TouchpointDraft(
                attendees=attendees,
                occurred_at=at,
                plan=about,
                version=version,
                stances=[(None, stance)] if stance else [],
            ),
            now=max(at, NOW) if held else at - SECOND,
        )
        facts.touchpoints.append(Touchpoint(at, held, about.id if about else None, version, [p.id for p in attendees]))
        if stance:
            facts.stances += [(p.id, about.id, stance, at) for p in attendees]  # type: ignore[union-attr]
    for _ in range(data.draw(st.integers(0, 4), label="manual stances")):
        who, on, level, at = (
            data.draw(st.sampled_from(people)),
            data.draw(st.sampled_from(plans)),
            data.draw(st.sampled_from(list(StanceLevel))),
            moment(data, start),
        )
        record_stance(session, who, on, level, observed_at=at)
        facts.stances.append((who.id, on.id, level, at))
    for _ in range(data.draw(st.integers(0, 3), label="concerns")):
        who, on = data.draw(st.sampled_from(people)), data.draw(st.sampled_from(plans))
        resolved = data.draw(st.booleans())
        concern = raise_concern(session, who, on, "a concern")
        if resolved:
            resolve_concern(session, concern.id, None, "answered")
        facts.concerns.append((who.id, on.id, resolved))
    explicit = {p.id for p in data.draw(st.lists(st.sampled_from(people), max_size=3), label="audience")}
    tags = set(data.draw(st.sets(st.sampled_from(TAGS), min_size=0 if explicit else 1), label="audience tags"))
    targets = [AudienceTarget(person=p) for p in people if p.id in explicit]
    targets += [AudienceTarget(tag=tag_named(session, t, create=True)) for t in sorted(tags)]
    event = add_event(
        session,
        "Event",
        plan,
        data.draw(st.integers(1, versions[plan.id]), label="event version"),
        start,
        EventKind.ANNOUNCEMENT,
        targets,
    )
    status = data.draw(st.sampled_from(list(EventStatus)), label="status")
    if status != EventStatus.PLANNED:
        set_status(session, event, status)
    return event, explicit, tags, start


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_evaluate_event_matches_the_naive_model(sqlite_template: Path, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stakeholders.db"
        shutil.copyfile(sqlite_template, path)
        store = open_store(path)
        try:
            facts = Facts()
            with store.write() as session:
                event, explicit, tags, start = build(session, data, facts)
                event_id, plan_id, version = event.id, event.plan_id, event.version
            stale_days = data.draw(st.sampled_from([1, 30]), label="stale days")
            with store.session() as session:
                result = evaluate_event(session, session.get(Event, event_id), now=NOW, stale_days=stale_days)  # type: ignore[arg-type]
                # The same people classified from their ids: planned calls read per person (a few
                # people) or from the plan's side (many), and with their briefings known (the call list).
                ids = resolved_audience_ids(session, session.get(Event, event_id))  # type: ignore[arg-type]
                by_ids = [classify(session, plan_id, version, start, ids, stale_days=stale_days)]
                threshold = surprise_statement.PLANNED_FROM_PLAN_FROM
                surprise_statement.PLANNED_FROM_PLAN_FROM = 0
                try:
                    by_ids.append(classify(session, plan_id, version, start, ids, stale_days=stale_days))
                finally:
                    surprise_statement.PLANNED_FROM_PLAN_FROM = threshold
                by_ids.append(
                    classify(
                        session,
                        plan_id,
                        version,
                        start,
                        ids,
                        stale_days=stale_days,
                        briefings=latest_briefings(session, plan_id, ids, start),
                    )
                )
        finally:
            store.close()
    expected = naive(facts, plan_id, version, start, explicit, tags, stale_days)
    assert result.audience_size == len(ids)
    for surprised, at_risk in [(result.surprised, result.at_risk), *by_ids]:
        got = [
            [(e.id, e.reasons, e.last_briefed_version, e.last_briefed_at, e.planned_at, e.key) for e in entries]
            for entries in (surprised, at_risk)
        ]
        assert tuple(got) == expected
