"""§3.1 briefing and §3.2 surprise, edge by edge, on SQLite and PostgreSQL.

Clock: now = Sun 22 Nov 2026 10:00 UTC; most events start T = now + 2 days.
"""

from datetime import datetime, timedelta

import pytest

from db.enums import EventStatus, StanceLevel
from db.models import Event
from db.store import Store
from stakeholders.errors import InputError
from stakeholders.rules.briefing import Briefing, latest_briefings
from stakeholders.rules.surprise import (
    EventSurprises,
    evaluate_event,
    events_to_evaluate,
    surprises,
    surprises_json,
)
from stakeholders.settings import Settings
from tests.unit.test_rules_builders import SECOND, Programme


def _evaluate(store: Store, event_id: int, now: datetime, stale_days: int = 30) -> EventSurprises:
    with store.session() as s:
        return evaluate_event(s, s.get(Event, event_id), now=now, stale_days=stale_days)  # type: ignore[arg-type]


def _flags(result: EventSurprises) -> dict[str, list[str]]:
    return {e.name: e.reasons for e in result.surprised + result.at_risk}


def test_latest_briefing_wins_and_ties_go_to_the_higher_version(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=3)
        later_old, tie, planned_only, other_plan = (p.person(n) for n in ("Later Old", "Tie", "Planned", "Other"))
        p.held([later_old], plan, 2, p.days(-10))
        p.held([later_old], plan, 1, p.days(-5))  # an old deck shown again, later: latest wins
        p.held([tie], plan, 1, p.days(-4))
        p.held([tie], plan, 3, p.days(-4))
        p.held([tie], plan, 2, p.days(-4))
        p.planned([planned_only], plan, 3, p.days(-1))  # planned: briefs nobody, even once its time passed
        p.held([other_plan], p.plan("Other plan"), 1, p.days(-3))
        p.held([other_plan], None, None, p.days(-2))  # plain upkeep: about no plan
        ids = [later_old.id, tie.id, planned_only.id, other_plan.id]
        plan_id = plan.id
    with store.session() as s:
        found = latest_briefings(s, plan_id, ids, now)  # type: ignore[arg-type]
        assert found == {later_old.id: Briefing(1, p.days(-5)), tie.id: Briefing(3, p.days(-4))}
        # Strictly before: a briefing at exactly `before` does not count yet.
        assert latest_briefings(s, plan_id, [tie.id], p.days(-4)) == {}  # type: ignore[arg-type]


def test_surprised_reasons_and_briefings_after_the_start(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        T = p.days(2)
        never, old, current, late, exactly = (p.person(n) for n in ("Never", "Old", "Current", "Late", "Exactly"))
        p.held([old], plan, 1, p.days(-3), stances=[(None, StanceLevel.RESISTANT)], concerns=[(None, "too fast")])
        p.held([current], plan, 2, p.days(-1))
        p.held([late], plan, 1, p.days(-6))
        p.held([late], plan, 2, T + timedelta(hours=1))  # after the event's start: does not count
        p.held([exactly], plan, 2, T)  # at the start itself: not before it
        event = p.event("Note", plan, T, [never, old, current, late, exactly])
    result = _evaluate(store, event.id, now)  # type: ignore[arg-type]
    # Surprised people carry exactly one reason, even when resistant with open concerns.
    assert [(e.name, e.reasons, e.last_briefed_version) for e in result.surprised] == [
        ("Exactly", ["never-briefed"], None),
        ("Late", ["outdated-version"], 1),
        ("Never", ["never-briefed"], None),
        ("Old", ["outdated-version"], 1),
    ]
    assert result.at_risk == []
    old_entry = result.surprised[3]
    assert old_entry.last_briefed_at == p.days(-3) and old_entry.planned_at is None
    assert (result.plan, result.version, result.kind, result.starts_at) == ("CX programme", 2, "announcement", T)


def test_planned_call_sets_planned_at_but_keeps_the_flag(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        T = p.days(2)
        soon, low, after, at_start, stale_risk = (p.person(n) for n in ("Soon", "Low", "After", "AtStart", "Risk"))
        p.planned([soon], plan, 2, p.days(1.5))
        p.planned([soon], plan, 2, p.days(1))  # the earliest one is reported
        p.planned([low], plan, 1, p.days(1))  # a lower version would not brief them on V
        p.planned([after], plan, 2, T + SECOND)  # after the start: too late
        p.planned([at_start], plan, 2, T)  # at the start: too late as well
        p.held([stale_risk], plan, 2, p.days(-40))
        p.planned([stale_risk], plan, 2, p.days(1))  # at-risk entries carry planned_at too
        event = p.event("Note", plan, T, [soon, low, after, at_start, stale_risk])
    result = _evaluate(store, event.id, now)  # type: ignore[arg-type]
    planned = {e.name: (e.reasons, e.planned_at) for e in result.surprised + result.at_risk}
    assert planned == {
        "Soon": (["never-briefed"], p.days(1)),
        "Low": (["never-briefed"], None),
        "After": (["never-briefed"], None),
        "AtStart": (["never-briefed"], None),
        "Risk": (["stale-briefing"], p.days(1)),
    }


def test_event_on_an_older_version(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=3)
        on_event, on_later, on_older = p.person("On v2"), p.person("On v3"), p.person("On v1")
        p.held([on_event], plan, 2, p.days(-1))
        p.held([on_later], plan, 3, p.days(-1))
        p.held([on_older], plan, 1, p.days(-1))
        event = p.event("Steering", plan, p.days(2), [on_event, on_later, on_older], version=2)
    result = _evaluate(store, event.id, now)  # type: ignore[arg-type]
    assert result.version == 2
    assert _flags(result) == {"On v1": ["outdated-version"]}


def test_audience_tags_overlap_and_archived_members(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        p.person("Both Tags", tags=("cx-team", "leads"))
        explicit = p.person("Explicit Too", tags=("cx-team",))
        gone = p.person("Gone", tags=("cx-team",), archived=True)
        gone_explicit = p.person("Gone Explicit", archived=True)
        event = p.event("Note", plan, p.days(2), ["cx-team", "leads", explicit, gone_explicit])
        later = p.person("Tagged Later")
    with store.write() as s:
        from stakeholders.people import add_tags

        add_tags(s, later, ["leads"])  # tagged after the event was scheduled: joins its audience
    result = _evaluate(store, event.id, now)  # type: ignore[arg-type]
    assert [e.name for e in result.surprised] == ["Both Tags", "Explicit Too", "Tagged Later"]
    assert result.audience_size == 3
    assert gone.id not in {e.id for e in result.surprised}


def test_stale_edge_and_stale_days(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        T = p.days(2)
        edge, past_edge, fresh = p.person("Edge"), p.person("Past Edge"), p.person("Fresh")
        p.held([edge], plan, 1, T - timedelta(days=30))  # exactly 30 x 24 h: not stale
        p.held([past_edge], plan, 1, T - timedelta(days=30) - SECOND)
        p.held([fresh], plan, 1, T - timedelta(days=10))
        event = p.event("Note", plan, T, [edge, past_edge, fresh])
    assert _flags(_evaluate(store, event.id, now)) == {"Past Edge": ["stale-briefing"]}  # type: ignore[arg-type]
    shorter = _evaluate(store, event.id, now, stale_days=10)  # type: ignore[arg-type]
    assert _flags(shorter) == {"Edge": ["stale-briefing"], "Past Edge": ["stale-briefing"]}
    assert shorter.at_risk[0].last_briefed_at == T - timedelta(days=30)


def test_at_risk_reasons_all_in_order_and_resolved_concerns(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        T = p.days(2)
        everything, resolved, calm = p.person("Everything"), p.person("Resolved"), p.person("Calm")
        p.held([everything], plan, 1, p.days(-40), stances=[(None, StanceLevel.RESISTANT)], concerns=[(None, "budget")])
        p.held([resolved, calm], plan, 1, p.days(-1))
        p.concern(resolved, plan, "timeline", resolved=True)
        p.concern(calm, p.plan("Other plan"), "not this plan")  # a concern on another plan
        event = p.event("Note", plan, T, [everything, resolved, calm])
    assert _flags(_evaluate(store, event.id, now)) == {  # type: ignore[arg-type]
        "Everything": ["resistant", "open-concerns", "stale-briefing"]
    }


def test_current_stance_latest_observed_wins(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        manual_later, backdated, manual_ok = p.person("Manual Later"), p.person("Backdated"), p.person("Manual Ok")
        everyone = [manual_later, backdated, manual_ok]
        p.held(everyone, plan, 1, p.days(-5), stances=[(None, StanceLevel.SUPPORTIVE)])
        p.stance(manual_later, plan, StanceLevel.RESISTANT, p.days(-2))  # manual, later: wins
        p.stance(backdated, plan, StanceLevel.RESISTANT, p.days(-2))
        p.stance(manual_ok, plan, StanceLevel.NEUTRAL, p.days(-2))
    with store.write() as s:
        p = Programme(s, now)
        # Logged afterwards but back-dated before the manual stances: observed earlier, so it loses.
        p.held([backdated], plan, 1, p.days(-3), stances=[(None, StanceLevel.SUPPORTIVE)])
        p.held([manual_ok], plan, 1, p.days(-3), stances=[(None, StanceLevel.RESISTANT)])
        event = p.event("Note", plan, p.days(2), everyone)
    assert _flags(_evaluate(store, event.id, now)) == {  # type: ignore[arg-type]
        "Manual Later": ["resistant"],
        "Backdated": ["resistant"],
    }


def test_entry_order_key_flag_and_json(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        people = [
            p.person("bob", 3, 3),
            p.person("Alice", 3, 3),
            p.person("Zed", 4, 1),
            p.person("Amy", 3, 4, email="amy@example.com", organization="Sales"),
            p.person("Carl", 5, 1),
        ]
        event = p.event("Note", plan, p.days(2), people)  # type: ignore[arg-type]
    result = _evaluate(store, event.id, now)  # type: ignore[arg-type]
    assert [(e.name, e.key) for e in result.surprised] == [
        ("Carl", True),
        ("Zed", True),
        ("Amy", False),
        ("Alice", False),
        ("bob", False),
    ]
    data = surprises_json([result], now)
    assert data["as_of"] == "2026-11-22T10:00:00+00:00"
    (event_json,) = data["events"]
    assert set(event_json) == {"id", "title", "kind", "starts_at", "plan", "version", "surprised", "at_risk"}
    assert event_json["starts_at"] == "2026-11-24T10:00:00+00:00"
    amy = event_json["surprised"][2]
    assert amy == {
        "id": people[3].id,
        "name": "Amy",
        "email": "amy@example.com",
        "organization": "Sales",
        "division": None,
        "influence": 3,
        "interest": 4,
        "key": False,
        "reasons": ["never-briefed"],
        "last_briefed_version": None,
        "last_briefed_at": None,
        "planned_at": None,
    }


def test_which_events_are_evaluated_and_in_what_order(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        who = [p.person("Dana")]
        ids = {
            title: p.event(title, plan, at, who, status=status).id
            for title, at, status in [  # type: ignore[arg-type]
                ("b tie", p.days(3), None),
                ("A tie", p.days(3), None),
                ("Soonest", p.days(1), None),
                ("Starts now", now, None),
                ("Past", p.days(-1), None),
                ("Held", p.days(2), EventStatus.HELD),
                ("Cancelled", p.days(2), EventStatus.CANCELLED),
                ("Later", p.days(9), None),
            ]
        }
        twin = p.event("A tie", plan, p.days(3), who).id  # type: ignore[arg-type]
    with store.session() as s:
        assert [e.title for e in events_to_evaluate(s, now)] == [
            "Starts now",
            "Soonest",
            "A tie",
            "A tie",
            "b tie",
            "Later",
        ]
        assert [e.id for e in events_to_evaluate(s, now) if e.title == "A tie"] == [ids["A tie"], twin]
        assert [r.title for r in surprises(s, now=now)][:2] == ["Starts now", "Soonest"]
        for name in ("Past", "Held", "Cancelled"):  # named: evaluated whatever its status or date
            (named,) = surprises(s, now=now, event=s.get(Event, ids[name]))
            assert (named.title, [e.name for e in named.surprised]) == (name, ["Dana"])


def test_held_event_keeps_its_frozen_audience(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        p.person("Early", tags=("cx-team",))
        event = p.event("Kick-off", plan, p.days(-7), ["cx-team"], status=EventStatus.HELD)
        p.person("Late Joiner", tags=("cx-team",))
    assert [e.name for e in _evaluate(store, event.id, now).surprised] == ["Early"]  # type: ignore[arg-type]


def test_stale_days_from_flag_env_or_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAKEHOLDERS_STALE_DAYS", raising=False)
    assert Settings.from_env().stale_days == 30
    monkeypatch.setenv("STAKEHOLDERS_STALE_DAYS", "12")
    assert Settings.from_env().stale_days == 12
    assert Settings.from_env(stale_days="5").stale_days == 5  # the flag wins over the environment
    for bad in ("ten", "0", "-3", "1.5", "\u0663", "\u00b3"):  # Arabic-Indic three, superscript three
        monkeypatch.setenv("STAKEHOLDERS_STALE_DAYS", bad)
        with pytest.raises(InputError, match="STAKEHOLDERS_STALE_DAYS"):
            Settings.from_env()
        with pytest.raises(InputError, match="--stale-days"):
            Settings.from_env(stale_days=bad)
