"""§3.3 Readiness of a plan: how far its scope has come, and whether its next event can go ahead."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from db import queries, rule_queries
from db.enums import StanceLevel
from db.models import Plan
from db.rows import stored_id
from stakeholders.dates import to_local
from stakeholders.plans import current_version
from stakeholders.rules.briefing import latest_briefings
from stakeholders.rules.surprise import (
    EventSurprises,
    evaluate_event,
    events_to_evaluate,
    iso,
)
from stakeholders.settings import DEFAULT_STALE_DAYS


@dataclass
class Readiness:
    plan: str
    plan_id: int
    version: int  # the plan's current version, which the counts are about
    scope: int  # people in scope (archived excluded)
    briefed_on_current: int  # latest briefing (as of now) is on the current version
    briefed_older_only: int  # latest briefing is on an older version
    never_briefed: int
    stance_distribution: dict[str, int] = field(default_factory=dict)  # every level, in scale order
    below_desired: int = 0
    open_concerns: int = 0  # open concerns on the plan raised by people in scope
    overdue_follow_ups: int = 0  # open follow-ups past due owed to someone in scope
    next_event: EventSurprises | None = None  # soonest upcoming planned event of the plan
    next_event_surprised: int = 0
    next_event_key_at_risk: int = 0
    ready: bool | None = None  # None: no upcoming event to be ready for
    headline: str = ""
    # What the counts were made from, for a caller that shows more about the same people (the
    # one-page status's key risks and buy-in by division) without reading them again: the scope's
    # ids (sorted), their current stances (the unaware left out), their open concerns
    # ({id: [(concern id, text, raised at)…]}, oldest first). Not part of the JSON.
    scope_ids: list[int] = field(default_factory=list, repr=False, compare=False)
    stances: dict[int, StanceLevel] = field(default_factory=dict, repr=False, compare=False)
    concerns: dict[int, list[tuple[int, str, datetime]]] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Verdict:
    """§3.3's last sentence alone: whether the plan is ready for its next event (the soonest upcoming
    planned one): nobody in its audience surprised, no key stakeholder in it at risk."""

    next_event: EventSurprises | None = None
    surprised: int = 0
    key_at_risk: int = 0
    ready: bool | None = None  # None: no upcoming event to be ready for
    headline: str = ""


def plan_verdict(
    session: Session,
    plan_id: int,
    *,
    now: datetime,
    stale_days: int = DEFAULT_STALE_DAYS,
    evaluated: Mapping[int, EventSurprises] | None = None,
) -> Verdict:
    """The plan's verdict as of `now`, without the counts over its whole scope: what a one-line
    readiness (the dashboard's) shows. `evaluated`: as for `plan_readiness`."""
    upcoming = events_to_evaluate(session, now, plan_id=plan_id)
    verdict = Verdict()
    if upcoming:
        nxt = (evaluated or {}).get(stored_id(upcoming[0])) or evaluate_event(
            session,
            upcoming[0],
            now=now,
            stale_days=stale_days,
        )
        surprised, key_at_risk = len(nxt.surprised), sum(1 for e in nxt.at_risk if e.key)
        verdict = Verdict(nxt, surprised, key_at_risk, surprised == 0 and key_at_risk == 0)
    verdict.headline = headline(verdict, now)
    return verdict


def plan_readiness(
    session: Session,
    plan: Plan,
    *,
    now: datetime,
    stale_days: int = DEFAULT_STALE_DAYS,
    evaluated: Mapping[int, EventSurprises] | None = None,
) -> Readiness:
    """The plan's readiness as of `now` (§3.3). `evaluated` holds events the caller has already
    evaluated with the same `now` and `stale_days` (the dashboard's), so they are not read twice."""
    assert plan.id is not None
    version = current_version(session, plan)
    scope = rule_queries.plan_scope_ids(session, plan.id)
    in_scope = set(scope)
    # The scope's briefings, one index descent per person (db/rule_queries.py): for the benchmark's
    # largest plan (a 41,700-person scope) 0.39 s, against 1.2 s reading the plan's briefings whole
    # and keeping the scope's (0.9 s and 1.4 s on PostgreSQL). The stances are still read whole:
    # everyone with a stance on the plan is in its scope (but for the archived).
    briefings = latest_briefings(session, plan.id, scope, now)
    on_current = sum(1 for b in briefings.values() if b.version >= version)
    stances = {
        pid: StanceLevel(level) for pid, _, level, _ in queries.current_stance_rows(session, plan.id) if pid in in_scope
    }
    desired = queries.desired_levels(session, plan.id)
    distribution = {level.value: 0 for level in StanceLevel}
    # The scale's order (StanceLevel.rank) looked up once: `rank` finds the level's place in the scale
    # at each call, and a team plan's scope is 40,000 people (1.1 s of a 5,000-person page's 10 s).
    rank = {level: level.rank for level in StanceLevel}
    below = 0
    for pid in scope:
        level = stances.get(pid, StanceLevel.UNAWARE)
        distribution[level.value] += 1
        if rank[level] < rank[desired.get(pid, StanceLevel.SUPPORTIVE)]:
            below += 1
    concerns = rule_queries.open_concerns(session, plan.id, scope)
    verdict = plan_verdict(session, plan.id, now=now, stale_days=stale_days, evaluated=evaluated)
    return Readiness(
        plan=plan.name,
        plan_id=plan.id,
        version=version,
        scope=len(scope),
        briefed_on_current=on_current,
        briefed_older_only=len(briefings) - on_current,
        never_briefed=len(scope) - len(briefings),
        stance_distribution=distribution,
        below_desired=below,
        open_concerns=sum(len(items) for items in concerns.values()),
        overdue_follow_ups=rule_queries.overdue_follow_up_count(session, scope, now),
        scope_ids=scope,
        stances=stances,
        concerns=concerns,
        next_event=verdict.next_event,
        next_event_surprised=verdict.surprised,
        next_event_key_at_risk=verdict.key_at_risk,
        ready=verdict.ready,
        headline=verdict.headline,
    )


def _people(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def event_label(event: EventSurprises, now: datetime) -> str:
    """`Tuesday's announcement`; `today's`/`tomorrow's`; a week or more away, `the meeting on 3 Dec`."""
    day = to_local(event.starts_at).date()
    days = (day - to_local(now).date()).days
    if days == 0:
        return f"today's {event.kind}"
    if days == 1:
        return f"tomorrow's {event.kind}"
    if 1 < days < 7:
        return f"{day:%A}'s {event.kind}"
    return f"the {event.kind} on {day.day} {day:%b}" + (f" {day.year}" if day.year != to_local(now).year else "")


def headline(v: Verdict, now: datetime) -> str:
    """`Ready for Tuesday's announcement: no — 3 people would be surprised`."""
    if v.next_event is None:
        return "No upcoming event"
    label = event_label(v.next_event, now)
    if v.ready:
        return f"Ready for {label}: yes"
    why = []
    if v.surprised:
        why.append(_people(v.surprised, "person would", "people would") + " be surprised")
    if v.key_at_risk:
        why.append(_people(v.key_at_risk, "key stakeholder is", "key stakeholders are") + " at risk")
    return f"Ready for {label}: no — " + ", ".join(why)


def readiness_json(r: Readiness) -> dict[str, Any]:
    nxt = r.next_event
    return {
        "plan": r.plan,
        "version": r.version,
        "scope": r.scope,
        "briefed_on_current": r.briefed_on_current,
        "briefed_older_only": r.briefed_older_only,
        "never_briefed": r.never_briefed,
        "stance_distribution": dict(r.stance_distribution),
        "below_desired": r.below_desired,
        "open_concerns": r.open_concerns,
        "overdue_follow_ups": r.overdue_follow_ups,
        "next_event": None
        if nxt is None
        else {
            "id": nxt.id,
            "title": nxt.title,
            "kind": nxt.kind,
            "starts_at": iso(nxt.starts_at),
            "version": nxt.version,
            "surprised": r.next_event_surprised,
            "key_at_risk": r.next_event_key_at_risk,
        },
        "ready": r.ready,
        "headline": r.headline,
    }
