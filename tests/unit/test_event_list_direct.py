"""`event list` read with the driver alone (stakeholders/event_list.py) is the store's listing.

`stakeholders event list` on a database at the current schema skips SQLAlchemy's import (§9); the
store's `event_items` runs the same SQL and assembly through its connection. If the two drifted apart,
the command would list other events than the TUI: this fails first, on both backends.
"""

from datetime import datetime
from pathlib import Path

from db.enums import EventKind, EventStatus
from db.store import Store
from stakeholders.event_list import read_event_list
from stakeholders.events import AudienceTarget, add_event
from stakeholders.views import event_items
from tests.unit.test_rules_builders import Programme


def _target(store: Store) -> str:
    return str(store.path) if store.path else store.url.render_as_string(hide_password=False)


def test_the_driver_reads_what_the_store_lists(store: Store, now: datetime) -> None:
    with store.write() as s:
        p = Programme(s, now)
        plan, other = p.plan(versions=2), p.plan("Ideas platform")
        lee = p.person("Lee Park", 4, 3, tags=("cx",), division="Sales EMEA")
        ann = p.person("ann Lo", tags=("cx",))
        p.event("Steering", plan, p.days(3), [lee, "cx"], kind=EventKind.MEETING)
        p.event("Note", other, p.days(1), [ann], status=EventStatus.HELD)  # its frozen rows are no labels
        p.event("Another at one", plan, p.days(1), [lee], status=EventStatus.CANCELLED)
        p.event("Kick-off", plan, p.days(-2), [ann], version=1)
        division = AudienceTarget(division="Sales EMEA")
        add_event(s, "Sales call", plan, 1, p.days(5), EventKind.DECISION, [division, AudienceTarget(person=ann)])
    with store.session() as s:
        expected = event_items(s)
    assert [(e["title"], e["status"], e["audience"]) for e in expected] == [
        ("Kick-off", "planned", ["ann Lo"]),
        ("Another at one", "cancelled", ["Lee Park"]),
        ("Note", "held", ["ann Lo"]),
        ("Steering", "planned", ["Lee Park", "tag:cx"]),
        ("Sales call", "planned", ["division:Sales EMEA", "ann Lo"]),
    ]
    assert expected[0]["starts_at"] == p.days(-2).isoformat()
    assert read_event_list(_target(store)) == expected


def test_anything_but_a_database_of_ours_goes_the_normal_way(tmp_path: Path) -> None:
    assert read_event_list(tmp_path / "missing.db") is None
    (tmp_path / "notes.txt").write_text("not a database")
    assert read_event_list(tmp_path / "notes.txt") is None
    assert read_event_list("postgresql+psycopg://nobody@127.0.0.1:1/none") is None
