"""The work actions' inverses on both backends: each puts the data back, and refuses when the row was
changed since (the stamps compared must survive the round trip through SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from db.enums import ConcernStatus, EventStatus, StanceLevel
from db.models import Concern, Event, FollowUp, Plan, PlanVersion, Stance, Touchpoint
from db.store import Store
from stakeholders.demo import load_demo
from stakeholders.errors import Conflict
from stakeholders.events import set_status
from stakeholders.plans import approve_version
from stakeholders.resolve import resolve_event, resolve_plan
from tests.conftest import FROZEN_NOW
from tui.data.event_forms import edit_event_from_form
from tui.data.plan_forms import add_plan_from_form, approve_from_form, keep_promise, resolve_from_form
from tui.data.touchpoint_forms import log_with_undo, remove_touchpoint


@pytest.fixture
def demo(store: Store) -> Store:
    with store.write() as session:
        load_demo(session, FROZEN_NOW)
    return store


def undo(store: Store, change) -> str:  # type: ignore[no-untyped-def]
    with store.write() as session:
        return change.undo(session)  # type: ignore[no-any-return]


def test_add_plan_and_its_undo(demo: Store) -> None:
    with demo.write() as session:
        done = add_plan_from_form(session, {"name": "Onboarding", "summary": "A buddy for everyone", "body": ""})
    assert undo(demo, done.change) == "Plan Onboarding removed again"
    with demo.session() as session:
        assert session.exec(select(Plan).where(Plan.name == "Onboarding")).first() is None


def test_approval_undone_then_refused_once_a_colleague_approved_again(demo: Store) -> None:
    with demo.write() as session:
        done = approve_from_form(
            session, {"plan": "CX programme", "version": "1", "by": "Dana", "when": "now"}, FROZEN_NOW, dayfirst=False
        )
    undo(demo, done.change)
    with demo.write() as session:
        again = approve_from_form(
            session, {"plan": "CX programme", "version": "1", "by": "Dana", "when": "now"}, FROZEN_NOW, dayfirst=False
        )
    with demo.write() as session:  # a colleague, through the CLI's use case
        approve_version(session, resolve_plan(session, "CX programme"), 1, "Chris", FROZEN_NOW)
    with pytest.raises(Conflict, match="changed since"):
        undo(demo, again.change)
    with demo.session() as session:
        plan = resolve_plan(session, "CX programme")
        v1 = session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.number == 1)).one()
        assert v1.approved_by == "Chris"


def test_resolve_and_keep_undone(demo: Store) -> None:
    with demo.session() as session:
        concern_id = session.exec(select(Concern.id).where(Concern.status == ConcernStatus.OPEN)).first()
        follow_up_id = session.exec(select(FollowUp.id).where(FollowUp.done_at.is_(None))).first()  # type: ignore[union-attr]
    with demo.write() as session:
        resolved = resolve_from_form(session, concern_id, {"version": "", "note": "settled"})  # type: ignore[arg-type]
        kept = keep_promise(session, follow_up_id)  # type: ignore[arg-type]
    undo(demo, kept.change)
    undo(demo, resolved.change)
    with demo.session() as session:
        assert session.get(Concern, concern_id).status == ConcernStatus.OPEN  # type: ignore[union-attr]
        assert session.get(FollowUp, follow_up_id).done_at is None  # type: ignore[union-attr]


def test_event_edit_and_hold_undone(demo: Store) -> None:
    with demo.session() as session:
        steering = resolve_event(session, "Steering committee")
        before = (steering.starts_at, steering.status)
    with demo.write() as session:
        done = edit_event_from_form(
            session,
            steering.id,
            {
                "title": "Steering committee",
                "when": "friday 14:00",
                "version": "2",
                "kind": "meeting",
                "audience": "tag:steering, Ben Ward",
            },
            FROZEN_NOW,
            dayfirst=False,
        )
    undo(demo, done.change)
    with demo.session() as session:
        row = session.get(Event, steering.id)
        assert (row.starts_at, row.status) == before  # type: ignore[union-attr]
    fields = {
        "title": "Steering committee",
        "when": "friday 15:00",
        "version": "2",
        "kind": "meeting",
        "audience": "tag:steering",
    }
    with demo.write() as session:
        again = edit_event_from_form(session, steering.id, fields, FROZEN_NOW, dayfirst=False)
    with demo.write() as session:  # held by a colleague since: the edit's undo would not be safe
        set_status(session, session.get(Event, steering.id), EventStatus.HELD)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="changed since"):
        undo(demo, again.change)


def test_log_then_delete_then_both_undone(demo: Store) -> None:
    with demo.session() as session:
        touchpoints = len(session.exec(select(Touchpoint)).all())
    with demo.write() as session:
        logged = log_with_undo(
            session,
            {
                "who": "Tom Becker",
                "plan": "CX programme",
                "when": "now",
                "channel": "call",
                "stance": "supportive",
                "concerns": "Who pays?",
            },
            FROZEN_NOW,
            dayfirst=False,
        )
    with demo.session() as session:
        tp = session.exec(select(Touchpoint).order_by(Touchpoint.id.desc())).first()  # type: ignore[union-attr]
        assert session.exec(select(Stance.level).where(Stance.touchpoint_id == tp.id)).all() == [  # type: ignore[union-attr]
            StanceLevel.SUPPORTIVE
        ]
    with demo.write() as session:
        deleted = remove_touchpoint(session, tp.id, FROZEN_NOW + timedelta(minutes=1), planned_only=False)  # type: ignore[arg-type,union-attr]
    assert "Tom Becker" in undo(demo, deleted.change)
    # The log's undo knew the first row: gone (PostgreSQL), or its number reused by the restored one
    # (SQLite), whose stamp differs. Either way it refuses rather than delete the wrong row.
    with pytest.raises(Conflict, match="no longer exists|changed since"):
        undo(demo, logged.change)
    with demo.session() as session:
        assert len(session.exec(select(Touchpoint)).all()) == touchpoints + 1
