"""§3.6 cadence: the Mendelow quadrant, its default cadence, amber and red edges."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from db.models import Stakeholder
from db.store import Store
from stakeholders.rules.cadence import cadence_days, overdue_relationships
from stakeholders.rules.mendelow import quadrant, suggested_approach
from tests.unit.test_rules_builders import SECOND, Programme


@pytest.mark.parametrize(
    ("influence", "interest", "expected", "days"),
    [
        (3, 3, "manage closely", 14),
        (5, 5, "manage closely", 14),
        (3, 2, "keep satisfied", 30),
        (5, 1, "keep satisfied", 30),
        (2, 3, "keep informed", 30),
        (1, 5, "keep informed", 30),
        (2, 2, "monitor", 90),
        (1, 1, "monitor", 90),
    ],
)
def test_quadrant_and_default_cadence(influence: int, interest: int, expected: str, days: int) -> None:
    assert quadrant(influence, interest) == expected
    assert suggested_approach(expected).startswith(expected + ": ")
    assert cadence_days(SimpleNamespace(influence=influence, interest=interest, cadence_days=None)) == days
    assert cadence_days(SimpleNamespace(influence=influence, interest=interest, cadence_days=7)) == 7


def _added(s, person: Stakeholder, at: datetime) -> None:  # type: ignore[no-untyped-def]
    person.created_at = at
    s.add(person)


def test_overdue_relationships_edges_and_order(store: Store, now: datetime) -> None:
    """Manage-closely people (cadence 14): amber past 14 days, red past 28."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan()
        on_time = p.person("On Time", 3, 3)
        _added(s, on_time, now - timedelta(days=14))  # exactly the cadence: not yet overdue
        amber = p.person("Amber", 3, 3)
        _added(s, amber, now - timedelta(days=14) - SECOND)
        edge = p.person("Red Edge", 3, 3)
        _added(s, edge, now - timedelta(days=28))  # exactly twice the cadence: still amber
        red = p.person("Red", 3, 3)
        _added(s, red, now - timedelta(days=60))
        p.held([red], None, None, now - timedelta(days=28) - SECOND)  # any held touchpoint resets the clock
        reset = p.person("Reset", 3, 3)
        _added(s, reset, now - timedelta(days=100))
        p.held([reset], plan, 1, now - timedelta(days=2))
        p.planned([reset], plan, 1, now - timedelta(days=1))  # a planned call resets nothing
        slow = p.person("Monitor", 1, 1)  # cadence 90
        _added(s, slow, now - timedelta(days=100))
        own = p.person("Own Cadence", 1, 1, cadence_days=7)
        _added(s, own, now - timedelta(days=10))
        gone = p.person("Gone", 5, 5, archived=True)
        _added(s, gone, now - timedelta(days=365))
    with store.session() as s:
        items = overdue_relationships(s, now)
    # Most overdue relative to the cadence: 28 days on 14 (2.0) before 10 on 7 before 100 on 90.
    assert [(i.name, i.level, i.cadence_days, i.days_since) for i in items] == [
        ("Red", "red", 14, 28),
        ("Red Edge", "amber", 14, 28),
        ("Own Cadence", "amber", 7, 10),
        ("Monitor", "amber", 90, 100),
        ("Amber", "amber", 14, 14),
    ]
    assert items[0].last_contact == now - timedelta(days=28) - SECOND and items[0].since == items[0].last_contact
    assert items[1].last_contact is None and items[1].since == now - timedelta(days=28)
