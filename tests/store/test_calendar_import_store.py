"""The calendar import's core on both backends: the TUI's preview and progress, and rules the CLI tests leave out."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from db.enums import StanceLevel, TouchpointStatus
from db.models import Stance, Touchpoint
from db.store import Store
from stakeholders.calendar_import import apply_sources, import_calendar_files
from stakeholders.formats.calendar import Entry, Person, Source
from stakeholders.people import add_person
from stakeholders.plans import add_plan
from stakeholders.touchpoints import mark_held

DATA = Path(__file__).parent.parent / "data" / "calendar"
SINCE, UNTIL = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)


def _team(store: Store) -> None:
    with store.write() as session:
        for name, email in (
            ("Dana Reyes", "dana@example.com"),
            ("Lee Park", "lee.park@example.com"),
            ("Priya Natarajan", "priya@example.com"),
        ):
            add_person(session, {"name": name, "email": email})
        add_plan(session, "CX programme", "One customer view")


def test_the_preview_reports_and_calls_progress_and_writes_nothing(store: Store) -> None:
    _team(store)
    calls: list[tuple[int, int]] = []
    report = import_calendar_files(
        store,
        [DATA / "outlook.ics"],
        since=SINCE,
        until=UNTIL,
        me=["sam@example.com"],
        dry_run=True,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert (report.created, len(report.skipped), [p.email for p in report.unknown]) == (
        6,
        2,
        ["jordan.blake@partner.example"],
    )
    assert calls[-1] == (8, 8)  # every entry of the window, skipped ones included
    with store.session() as session:
        assert session.exec(select(Touchpoint)).all() == []
    done = import_calendar_files(store, [DATA / "outlook.ics"], since=SINCE, until=UNTIL, me=["sam@example.com"])
    assert done.created == 6


def _meeting(identity: str, start: datetime, title: str = "CX programme sync") -> Source:
    entry = Entry(identity=identity, start=start, title=title, people=[Person("dana@example.com", "Dana")])
    return Source(kind="ics", name="x.ics", entries=[entry])


def test_a_held_touchpoint_is_not_moved_into_the_future_and_keeps_its_stance(store: Store) -> None:
    _team(store)
    now = datetime(2026, 11, 22, 10, tzinfo=UTC)
    past = now - timedelta(days=2)
    with store.write() as session:
        apply_sources(session, [(_meeting("ics:m1", past), "k")], since=SINCE, until=UNTIL, me=set(), now=now)
        tp = session.exec(select(Touchpoint)).one()
        mark_held(session, tp.id, StanceLevel.SUPPORTIVE, None, now=now)  # type: ignore[arg-type]
    with store.write() as session:
        report = apply_sources(
            session,
            [(_meeting("ics:m1", now + timedelta(days=3), "CX programme sync (moved)"), "k")],
            since=SINCE,
            until=UNTIL,
            me=set(),
            now=now,
        )
        assert report.updated == 1  # the title
        tp = session.exec(select(Touchpoint)).one()
        assert (tp.status, tp.occurred_at, tp.summary) == (TouchpointStatus.HELD, past, "CX programme sync (moved)")
        stance = session.exec(select(Stance)).one()
        assert (stance.level, stance.observed_at, stance.plan_id) == (StanceLevel.SUPPORTIVE, past, tp.plan_id)


def test_a_held_touchpoint_is_not_dropped_when_cancelled_or_removed(store: Store) -> None:
    _team(store)
    now = datetime(2026, 11, 22, 10, tzinfo=UTC)
    with store.write() as session:
        apply_sources(
            session, [(_meeting("ics:m2", now - timedelta(days=1)), "k")], since=SINCE, until=UNTIL, me=set(), now=now
        )
        mark_held(session, session.exec(select(Touchpoint.id)).one(), None, None, now=now)
    cancelled = _meeting("ics:m2", now - timedelta(days=1))
    cancelled.entries[0].cancelled = True
    with store.write() as session:
        assert apply_sources(session, [(cancelled, "k")], since=SINCE, until=UNTIL, me=set(), now=now).dropped == 0
        empty = Source(kind="ics", name="x.ics")
        assert apply_sources(session, [(empty, "k")], since=SINCE, until=UNTIL, me=set(), now=now).dropped == 0
        assert session.exec(select(Touchpoint.status)).one() == TouchpointStatus.HELD


def test_one_message_in_two_mailboxes_is_one_touchpoint(store: Store) -> None:
    _team(store)
    when = datetime(2026, 11, 20, 9, tzinfo=UTC)

    def mailbox(name: str) -> Source:
        return Source(
            kind="mbox",
            name=name,
            entries=[
                Entry(identity="mail:<same@example.com>", start=when, title="Deck", people=[Person("dana@example.com")])
            ],
        )

    with store.write() as session:
        report = apply_sources(
            session,
            [(mailbox("Sent"), "file:a:Sent"), (mailbox("Archive"), "file:a:Archive")],
            since=SINCE,
            until=UNTIL,
            me=set(),
        )
        assert (report.created, report.unchanged) == (1, 1)
        assert session.exec(select(Touchpoint.status)).all() == [TouchpointStatus.HELD]
