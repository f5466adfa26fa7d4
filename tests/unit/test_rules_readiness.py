"""§3.3 readiness of a plan, on a hand-checked programme (now = Sun 22 Nov 2026 10:00 UTC, TZ London)."""

from datetime import datetime, timedelta

from db.enums import EventKind, EventStatus, StanceLevel
from db.models import Plan
from db.store import Store
from stakeholders.rules.readiness import plan_readiness, plan_verdict, readiness_json
from stakeholders.stances import set_desired
from tests.unit.test_rules_builders import Programme


def _readiness(store: Store, plan_id: int, now: datetime):  # type: ignore[no-untyped-def]
    """The plan's readiness; its verdict alone (`plan_verdict`, the dashboard's line) says the same."""
    with store.session() as s:
        readiness = plan_readiness(s, s.get(Plan, plan_id), now=now)  # type: ignore[arg-type]
        verdict = plan_verdict(s, plan_id, now=now)
    assert (verdict.headline, verdict.ready, verdict.surprised, verdict.key_at_risk) == (
        readiness.headline,
        readiness.ready,
        readiness.next_event_surprised,
        readiness.next_event_key_at_risk,
    )
    return readiness


def test_counts_scope_and_next_event(store: Store, now: datetime) -> None:
    """Scope: Ana, Ben, Cy (audience tag), Di (stance only), Gus (touchpoint only), Hal (held event).
    Out: Ed (only in a cancelled event's audience), Fay (archived)."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        ana = p.person("Ana", 5, 5, tags=("cx-team",))
        ben = p.person("Ben", 4, 3, tags=("cx-team",))
        cy = p.person("Cy", tags=("cx-team",))
        di, ed, gus, hal = p.person("Di", 3, 2), p.person("Ed"), p.person("Gus"), p.person("Hal")
        fay = p.person("Fay", 4, 4, tags=("cx-team",), archived=True)
        p.held([ana], plan, 2, p.days(-3), stances=[(None, StanceLevel.SUPPORTIVE)])
        p.held([ben], plan, 1, p.days(-10), stances=[(None, StanceLevel.RESISTANT)])
        p.stance(di, plan, StanceLevel.NEUTRAL, p.days(-4))
        set_desired(s, di, plan, StanceLevel.NEUTRAL)  # at their desired level: not below it
        p.held([gus], plan, 2, p.days(-2), concerns=[(None, "Who pays?")])
        p.concern(ben, plan, "answered already", resolved=True)
        p.concern(fay, plan, "archived people count nowhere")
        p.follow_up([ana, ben], p.days(-1))  # overdue, owed to two people in scope: counted once
        p.follow_up([cy], p.days(-2), done=True)
        p.follow_up([gus], p.days(1))  # not due yet
        p.follow_up([ed], p.days(-5))  # overdue, but Ed is out of scope
        p.event("Note", plan, datetime(2026, 11, 24, 9, 0, tzinfo=now.tzinfo), ["cx-team"])
        p.event("Steering", plan, p.days(5), [ana, ben], kind=EventKind.MEETING)
        p.event("Town hall", plan, p.days(1), [ed], status=EventStatus.CANCELLED)
        p.event("Kick-off", plan, p.days(-7), [hal], version=1, status=EventStatus.HELD)
        plan_id = plan.id
    r = _readiness(store, plan_id, now)  # type: ignore[arg-type]
    assert (r.plan, r.version, r.scope) == ("CX programme", 2, 6)
    assert (r.briefed_on_current, r.briefed_older_only, r.never_briefed) == (2, 1, 3)
    assert r.stance_distribution == {"unaware": 3, "resistant": 1, "neutral": 1, "supportive": 1, "leading": 0}
    assert (r.below_desired, r.open_concerns, r.overdue_follow_ups) == (4, 1, 1)
    assert r.next_event is not None and r.next_event.title == "Note"
    assert [e.name for e in r.next_event.surprised] == ["Ben", "Cy"]
    assert (r.next_event_surprised, r.next_event_key_at_risk, r.ready) == (2, 0, False)
    assert r.headline == "Ready for Tuesday's announcement: no — 2 people would be surprised"
    data = readiness_json(r)
    assert data["next_event"] == {
        "id": r.next_event.id,
        "title": "Note",
        "kind": "announcement",
        "starts_at": "2026-11-24T09:00:00+00:00",
        "version": 2,
        "surprised": 2,
        "key_at_risk": 0,
    }
    assert (data["ready"], data["never_briefed"], data["headline"]) == (False, 3, r.headline)


def test_ready_key_at_risk_and_no_event(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan, quiet, far = p.plan(), p.plan("Quiet plan"), p.plan("Far plan")
        key, minor = p.person("Key Person", 4, 2), p.person("Minor", 2, 2)
        p.held([key, minor], plan, 1, p.days(-2))
        p.concern(minor, plan, "a non-key concern does not block")
        p.event("Steering", plan, p.days(1), [key, minor], kind=EventKind.MEETING)
        p.held([key], far, 1, p.days(-2))
        p.event("Go/no-go", far, datetime(2026, 12, 3, 9, 0, tzinfo=now.tzinfo), [key], kind=EventKind.DECISION)
        ids = plan.id, quiet.id, far.id
    r = _readiness(store, ids[0], now)  # type: ignore[arg-type]
    assert (r.ready, r.next_event_surprised, r.next_event_key_at_risk) == (True, 0, 0)
    assert r.headline == "Ready for tomorrow's meeting: yes"
    with store.write() as s:
        Programme(s, now).concern(key, s.get(Plan, ids[0]), "who owns renewals?")  # type: ignore[arg-type]
    r = _readiness(store, ids[0], now)  # type: ignore[arg-type]
    assert (r.ready, r.next_event_key_at_risk) == (False, 1)
    assert r.headline == "Ready for tomorrow's meeting: no — 1 key stakeholder is at risk"
    quiet_r = _readiness(store, ids[1], now)  # type: ignore[arg-type]
    assert (quiet_r.ready, quiet_r.next_event, quiet_r.headline, quiet_r.scope) == (None, None, "No upcoming event", 0)
    assert readiness_json(quiet_r)["next_event"] is None
    assert _readiness(store, ids[2], now).headline == "Ready for the decision on 3 Dec: yes"  # type: ignore[arg-type]
    # Five days on, the same event is under a week away and named by its weekday.
    assert _readiness(store, ids[2], now + timedelta(days=5)).headline == "Ready for Thursday's decision: yes"  # type: ignore[arg-type]
