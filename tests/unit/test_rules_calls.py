"""§3.5 the call list: once per person under the soonest event, influencers first, cycles ignored."""

from datetime import datetime

import pytest

from db.enums import EventStatus
from db.store import Store
from stakeholders.rules.calls import call_list, calls_json, influence_order
from tests.unit.test_rules_builders import Programme


@pytest.mark.parametrize(
    ("ids", "links", "expected"),
    [
        ([1, 2, 3], set(), [1, 2, 3]),
        ([1, 2, 3], {(3, 1)}, [2, 3, 1]),  # 3 must precede 1; 2 was free first and keeps its place
        ([1, 2, 3], {(3, 2), (2, 1)}, [3, 2, 1]),  # a chain
        ([1, 2], {(1, 2), (2, 1)}, [1, 2]),  # a cycle: the base order stands
        ([1, 2, 3, 4], {(2, 3), (3, 2), (4, 2)}, [1, 4, 2, 3]),  # 4 before the cycle it feeds
        ([1, 2], {(9, 1), (1, 1)}, [1, 2]),  # an influencer not listed, and a self-link, change nothing
    ],
)
def test_influence_order(ids: list[int], links: set[tuple[int, int]], expected: list[int]) -> None:
    assert influence_order(ids, links) == expected


def test_call_list(store: Store, now: datetime) -> None:
    """Note (Mon) flags Bea, Cal, Dee, Eve; Steering (Wed) flags Bea again and Fin; Ali is only at risk.
    Dee influences Bea; Cal and Eve influence each other; Fin influences Dee (under another event)."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        ali = p.person("Ali", 5, 5)
        bea, cal, dee = p.person("Bea", 5, 4, email="bea@example.com"), p.person("Cal", 4, 2), p.person("Dee", 2, 2)
        eve, fin = p.person("eve", 2, 2), p.person("Fin", 3, 3)
        p.held([ali], plan, 2, p.days(-1), concerns=[(None, "budget")])
        p.held([cal], plan, 1, p.days(-3))
        p.planned([bea], plan, 2, p.days(0.5))
        p.influences(dee, bea)
        p.influences(cal, eve)
        p.influences(eve, cal)
        p.influences(fin, dee)
        note = p.event("Note", plan, p.days(1), [ali, bea, cal, dee, eve])
        p.event("Steering", plan, p.days(3), [bea, fin])
        p.event("Earlier but cancelled", plan, p.days(0.5), [fin], status=EventStatus.CANCELLED)
        ids = {"note": note.id, "bea": bea.id}
    with store.session() as s:
        items = call_list(s, now=now)
    assert [(i.name, i.event) for i in items] == [
        ("Dee", "Note"),
        ("Bea", "Note"),
        ("Cal", "Note"),
        ("eve", "Note"),
        ("Fin", "Steering"),
    ]
    bea_item = items[1]
    assert (bea_item.deadline, bea_item.reasons, bea_item.planned_at, bea_item.event_id) == (
        p.days(1),
        ["never-briefed"],
        p.days(0.5),
        ids["note"],
    )
    assert items[2].reasons == ["outdated-version"]
    data = calls_json(items)
    assert all(set(item) == {"id", "name", "email", "event", "deadline", "reasons", "planned_at"} for item in data)
    assert data[1] == {
        "id": ids["bea"],
        "name": "Bea",
        "email": "bea@example.com",
        "event": "Note",
        "deadline": "2026-11-23T10:00:00+00:00",
        "reasons": ["never-briefed"],
        "planned_at": "2026-11-22T22:00:00+00:00",
    }


def test_call_list_empty_when_nobody_is_surprised(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        ok = p.person("Ok")
        p.held([ok], plan, 1, p.days(-1))
        p.event("Note", plan, p.days(1), [ok])
        p.event("Past", plan, p.days(-1), [p.person("Missed")])
    with store.session() as s:
        assert call_list(s, now=now) == []
