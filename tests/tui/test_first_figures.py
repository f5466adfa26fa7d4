"""The dashboard's figures read with sqlite3 alone (db/first_figures.py) equal the rules' answers.

The bare command shows these figures in the dashboard's first frames, before SQLAlchemy is loaded;
the store's own reads (tui/data/dashboard.py: §3.2 through the rules, §3.5's head) then replace
them. If the SQL ever drifted from the rules, the screen would show one answer and then another.
These tests compare the two on the demo story, on hand-made ties and edge cases (archived people,
tags, briefings after the event, versionless touchpoints, planned calls, stances, concerns,
staleness, influence links and their cycles, more events than are shown) and on generated data.
"""

import pickle
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from benchmarks.generate import generate
from db.enums import ConcernStatus, EventStatus, StanceLevel, TouchpointStatus
from db.first_figures import read_first_figures
from db.models import (
    Concern,
    Event,
    EventAudience,
    InfluenceLink,
    Plan,
    Stakeholder,
    StakeholderTag,
    Stance,
    Tag,
    Touchpoint,
    TouchpointAttendee,
)
from db.store import Store, open_store
from stakeholders.demo import load_demo
from tests.conftest import FROZEN_NOW
from tui.data.dashboard import dashboard_stages
from tui.data.dashboard_lines import EVENTS_SHOWN, first_lines, plain
from tui.opening import ReadAhead


def shown(lines):  # type: ignore[no-untyped-def]
    """What the two panels show of each line (a CallLine's entry differs in type between the paths)."""
    events, calls = lines
    return events, [(c.person_id, c.name, c.event_id, c.event, c.deadline, c.reasons, c.planned_at) for c in calls]


def assert_same_as_rules(store: Store, now: datetime, stale_days: int = 30) -> tuple[list, list]:  # type: ignore[type-arg]
    assert store.path is not None
    figures = read_first_figures(store.path, now, events=EVENTS_SHOWN, stale_days=stale_days)
    assert figures is not None
    with store.session() as session:
        stages = dashboard_stages(session, now, stale_days)
        parts = [next(stages), next(stages)]
    assert [name for name, _ in parts] == ["events", "calls"]
    expected = shown((parts[0][1], parts[1][1]))
    assert shown(first_lines(figures)) == expected
    assert shown(first_lines(pickle.loads(pickle.dumps(plain(figures))))) == expected  # as a child sends them
    return expected


@pytest.fixture
def demo_file(sqlite_store: Store) -> Store:
    with sqlite_store.write() as session:
        load_demo(session, FROZEN_NOW)
    return sqlite_store


@pytest.mark.parametrize("days", [-3, 0, 1, 2, 4, 6])
def test_the_demo_story_reads_the_same(demo_file: Store, days: int) -> None:
    events, calls = assert_same_as_rules(demo_file, FROZEN_NOW + timedelta(days=days))
    if days <= 0:
        assert events and calls  # the story's upcoming note and steering meeting surprise people


@pytest.mark.parametrize("stale_days", [1, 7, 30, 365])
def test_the_stale_briefing_threshold_counts_the_same(demo_file: Store, stale_days: int) -> None:
    assert_same_as_rules(demo_file, FROZEN_NOW, stale_days=stale_days)


def test_an_empty_database_has_no_figures(sqlite_store: Store) -> None:
    assert assert_same_as_rules(sqlite_store, FROZEN_NOW) == ([], [])


def person(session, name: str, influence: int = 3, interest: int = 3) -> int:  # type: ignore[no-untyped-def]
    p = Stakeholder(name=name, name_key=name.lower(), influence=influence, interest=interest)
    session.add(p)
    session.flush()
    return p.id  # type: ignore[return-value]


def touchpoint(
    session,
    people: list[int],
    plan_id: int | None,
    version: int | None,
    at: datetime,  # type: ignore[no-untyped-def]
    status: TouchpointStatus = TouchpointStatus.HELD,
) -> None:
    tp = Touchpoint(occurred_at=at, plan_id=plan_id, version=version, status=status)
    session.add(tp)
    session.flush()
    for pid in people:
        session.add(TouchpointAttendee(touchpoint_id=tp.id, stakeholder_id=pid))
    session.flush()


def test_edge_cases_read_the_same(demo_file: Store) -> None:
    now = FROZEN_NOW
    soon = now + timedelta(days=1)
    with demo_file.write() as session:
        plan = session.exec(select(Plan).order_by(Plan.name_key)).first()
        assert plan is not None and plan.id is not None
        p = plan.id
        ann, bea, cal, dot, eve, fay, gus = (
            person(session, name, influence, interest)
            for name, influence, interest in (
                ("Ann", 5, 2),
                ("bea", 5, 2),
                ("Cal", 4, 4),
                ("Dot", 2, 5),
                ("Eve", 3, 3),
                ("Fay", 3, 3),
                ("Gus", 1, 1),
            )
        )
        archived = person(session, "Archie")
        session.get(Stakeholder, archived).archived_at = now - timedelta(days=1)  # type: ignore[union-attr]
        tag = Tag(name="edge-crowd")
        session.add(tag)
        session.flush()
        for pid in (cal, dot, eve, archived):
            session.add(StakeholderTag(stakeholder_id=pid, tag_id=tag.id))  # type: ignore[arg-type]
        # Two events at the same minute whose titles differ only in case, and a third one later.
        events = [Event(title=title, starts_at=soon, plan_id=p, version=2) for title in ("edge b", "Edge A")]
        events.append(Event(title="Edge later", starts_at=soon + timedelta(hours=3), plan_id=p, version=1))
        session.add_all(events)
        session.flush()
        for event in events:
            session.add(EventAudience(event_id=event.id, tag_id=tag.id))  # type: ignore[arg-type]
            for pid in (ann, bea, fay, gus, ann):
                if not session.exec(
                    select(EventAudience).where(EventAudience.event_id == event.id, EventAudience.stakeholder_id == pid)
                ).first():
                    session.add(EventAudience(event_id=event.id, stakeholder_id=pid))  # type: ignore[arg-type]
        # Ann: a v2 briefing at the same instant as a v1 one (the higher wins), long ago: stale.
        touchpoint(session, [ann], p, 1, now - timedelta(days=40))
        touchpoint(session, [ann], p, 2, now - timedelta(days=40))
        # bea: briefed on v2 only after the events (held, dated in the future): outdated at v1 before.
        touchpoint(session, [bea], p, 1, now - timedelta(days=3))
        touchpoint(session, [bea], p, 2, soon + timedelta(hours=1))
        # Cal: briefed on v2, but resistant now (two stances at one instant: the last recorded counts).
        touchpoint(session, [cal], p, 2, now - timedelta(days=1))
        for level in (StanceLevel.SUPPORTIVE, StanceLevel.RESISTANT):
            session.add(Stance(stakeholder_id=cal, plan_id=p, level=level, observed_at=now - timedelta(hours=2)))
        # Dot: briefed on v2 with an open concern; Eve: a resolved one only.
        touchpoint(session, [dot, eve], p, 2, now - timedelta(days=2))
        session.add(Concern(stakeholder_id=dot, plan_id=p, text="budget"))
        session.add(Concern(stakeholder_id=eve, plan_id=p, text="old", status=ConcernStatus.RESOLVED))
        # Fay: a held touchpoint about the plan without a version (no briefing), a planned v2 call before
        # the events and a planned v1 call (too old a version to count).
        touchpoint(session, [fay], p, None, now - timedelta(days=1))
        touchpoint(session, [fay], p, 2, now + timedelta(hours=5), TouchpointStatus.PLANNED)
        touchpoint(session, [fay], p, 1, now + timedelta(hours=2), TouchpointStatus.PLANNED)
        # Gus: a planned call whose time has passed (did it happen?), never briefed.
        touchpoint(session, [gus], p, 2, now - timedelta(hours=3), TouchpointStatus.PLANNED)
        # Influence among the surprised: Gus influences Ann and bea influences Gus; Fay and Gus on a cycle.
        for a, b in ((gus, ann), (bea, gus), (fay, gus), (gus, fay)):
            session.add(InfluenceLink(influencer_id=a, influenced_id=b))
    events, calls = assert_same_as_rules(demo_file, now)
    assert {"edge b", "Edge A", "Edge later"} <= {e.title for e in events}
    names = [c[1] for c in calls]
    # Ann heard v2 (at risk: stale, not surprised); bea heard v2 only after the events; Archie is archived.
    assert "Archie" not in names and "Ann" not in names and {"bea", "Fay", "Gus"} <= set(names)
    edge = next(e for e in events if e.title == "Edge A")
    assert (edge.surprised, edge.at_risk) == (3, 3)  # bea, Fay, Gus; Ann (stale), Cal (resistant), Dot (concern)


def test_more_events_than_are_shown(demo_file: Store) -> None:
    with demo_file.write() as session:
        plan = session.exec(select(Plan).order_by(Plan.name_key)).first()
        people = [person(session, f"Crowd {i:02}") for i in range(12)]
        for i in range(EVENTS_SHOWN + 4):
            event = Event(
                title=f"Round {i}",
                starts_at=FROZEN_NOW + timedelta(hours=6 + i),
                plan_id=plan.id,  # type: ignore[union-attr]
                version=1,
                status=EventStatus.CANCELLED if i == 2 else EventStatus.PLANNED,
            )
            session.add(event)
            session.flush()
            for pid in people[i : i + 3]:
                session.add(EventAudience(event_id=event.id, stakeholder_id=pid))  # type: ignore[arg-type]
    events, _ = assert_same_as_rules(demo_file, FROZEN_NOW)
    assert len(events) == EVENTS_SHOWN and "Round 2" not in [e.title for e in events]


def test_generated_data_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    generate(str(path), people=200, seed=11, now=FROZEN_NOW, log=lambda *_: None)
    store = open_store(path)
    try:
        called = 0
        for days in (-30, -10, 0, 3):
            events, calls = assert_same_as_rules(store, FROZEN_NOW + timedelta(days=days))
            assert events
            called += len(calls)
        assert called  # generated events surprise someone
    finally:
        store.close()


def test_a_file_that_is_not_a_database_gives_none(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database")
    assert read_first_figures(tmp_path / "notes.db", FROZEN_NOW, events=8, stale_days=30) is None


# -- reading ahead ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("in_process", [True, False])
def test_a_read_ahead_hands_over_its_value(in_process: bool) -> None:
    ahead = ReadAhead(lambda: (1, "two", [3.0]), "test", then=lambda value: ("then", value), in_process=in_process)
    assert ahead.wait() == ("then", (1, "two", [3.0]))
    assert ahead.ready()


@pytest.mark.parametrize("in_process", [True, False])
def test_a_read_ahead_that_fails_gives_none(in_process: bool) -> None:
    def fail() -> None:
        raise RuntimeError("the file went away")

    assert ReadAhead(fail, "test", in_process=in_process).wait() is None


CHILD_PROCESS_CHECK = """
import os, sys
from tui.opening import ReadAhead

assert __import__("threading").active_count() == 1
parent = os.getpid()
child = ReadAhead(os.getpid, "test", then=lambda pid: ("then", pid), in_process=False).wait()
assert child[0] == "then" and child[1] not in (None, parent), child
assert ReadAhead(lambda: 1 / 0, "test", in_process=False).wait() is None
assert ReadAhead(lambda: lambda: 0, "test", in_process=False).wait() is None  # cannot be pickled
assert ReadAhead(os.getpid, "test", in_process=True).wait() == parent
print("ok")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the child process is used on Linux only")
def test_a_read_ahead_reads_in_a_child_process_from_a_process_without_threads() -> None:
    # In a fresh interpreter: pytest's workers run threads, and ReadAhead never forks a process that has any.
    done = subprocess.run(
        [sys.executable, "-c", CHILD_PROCESS_CHECK],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
