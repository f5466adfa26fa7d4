"""The brief read with the driver alone (stakeholders/rules/brief_direct.py) is the store's brief.

`stakeholders brief EVENT-ID` on a database at the current schema skips SQLAlchemy's import (§9); its
SQL is generated from the store's statements (db/brief_sql.py, db/brief_pg_sql.py). If a statement
changed and the checked-in text did not, or the two readers drifted apart, the command would print
another brief than the TUI's: these tests fail first.
"""

import ast
import json
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from db import brief_pg_sql, brief_sql
from db.backend import POSTGRESQL, SQLITE
from db.brief_queries import PEOPLE_COLUMNS
from db.enums import Channel, EventKind, EventStatus, StanceLevel
from db.models import Event
from db.schema import SCHEMA_HEAD
from db.store import Store
from stakeholders.rules.brief import Attendee, brief_json, brief_markdown, build_brief
from stakeholders.rules.brief_direct import read_brief
from stakeholders.rules.generate_brief_sql import TARGETS, module_text
from tests.unit.test_rules_builders import Programme

ROOT = Path(__file__).resolve().parents[2]


def test_the_checked_in_sql_is_what_the_statements_compile_to() -> None:
    assert (TARGETS[SQLITE], TARGETS[POSTGRESQL]) == (
        Path(brief_sql.__file__).resolve(),
        Path(brief_pg_sql.__file__).resolve(),
    )
    for backend, target in TARGETS.items():
        assert target.read_text() == module_text(backend), (
            f"{target.name} is out of date with the statements: run `python -m stakeholders.rules.generate_brief_sql`"
        )
        tree = ast.parse(target.read_text())  # importable before SQLAlchemy: no imports at all
        assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert Attendee._fields == PEOPLE_COLUMNS


def _target(store: Store) -> str:
    return str(store.path) if store.path else store.url.render_as_string(hide_password=False)


def _programme(store: Store, now: datetime) -> dict[str, int]:
    """Every fact the brief shows, for people flagged each way, in events of each kind of audience."""
    with store.write() as s:
        p = Programme(s, now)
        plan = p.plan(versions=2)
        other = p.plan("Ideas platform")
        chris = p.person("Chris Ode", 5, 5, title="CMO", organization="Exec", notes="Prefers mornings", tags=("cx",))
        lee = p.person("Lee Park", 4, 3, organization="Service", tags=("cx",), division="Sales EMEA")
        ann = p.person("ann Lo", tags=("cx",), email="ann@example.com")
        dana = p.person("Dana Reyes", 3, 4, division="Sales EMEA")
        gone = p.person("Old Boss", archived=True, tags=("cx",))
        p.stance(chris, plan, StanceLevel.NEUTRAL, p.days(-20))
        p.held(
            [chris, dana],
            plan,
            2,
            p.days(-40),
            by="sam",
            channel=Channel.ONE_ON_ONE,
            summary="Thumbs up on v2 “quoted” <b>",
            stances=[(None, StanceLevel.SUPPORTIVE)],
        )
        p.held([chris], other, 1, p.days(-2), by="kim", summary="Ideas")
        p.follow_up([chris, lee], p.days(-1), "Send the deck")
        p.follow_up([chris], p.days(3), "Book the room")
        p.follow_up([chris], p.days(-3), "Already sent", done=True)
        p.influences(dana, chris)
        p.influences(ann, chris)
        p.influences(gone, chris)
        p.held([lee], plan, 1, p.days(-12), concerns=[(None, "Who owns renewals?")])
        p.held([dana], plan, 2, p.days(-1), concerns=[(None, "Budget")], stances=[(None, StanceLevel.RESISTANT)])
        p.held([lee], None, None, p.days(-1), channel=Channel.EMAIL, by="kim", summary="Lunch next week")
        p.stance(lee, plan, StanceLevel.RESISTANT, p.days(-2))
        p.planned([ann], plan, 2, p.days(1))
        meeting = p.event("Steering", plan, p.days(2), [chris, lee, ann, dana], kind=EventKind.MEETING)
        by_tag = p.event("Note", plan, p.days(3), ["cx", dana])
        empty = p.event("Nobody yet", plan, p.days(4), ["nobody"])
        held = p.event("Kick-off", plan, p.days(-5), [chris, lee], status=EventStatus.HELD)
        return {"meeting": meeting.id, "by_tag": by_tag.id, "empty": empty.id, "held": held.id}  # type: ignore[dict-item]


def test_the_direct_reader_gives_the_store_brief(store: Store, now: datetime) -> None:
    ids = _programme(store, now)
    for name in ("meeting", "by_tag", "empty"):
        for stale_days in (30, 3):
            with store.session() as s:
                expected = build_brief(s, now=now, event=s.get(Event, ids[name]), stale_days=stale_days)
            got = read_brief(_target(store), str(ids[name]), now=now, stale_days=stale_days)
            assert got is not None
            assert got == expected, name
            assert json.dumps(brief_json(got)) == json.dumps(brief_json(expected))
            assert brief_markdown(got) == brief_markdown(expected)
    with store.session() as s:
        meeting = build_brief(s, now=now, event=s.get(Event, ids["meeting"]))
    assert [a.name for a in meeting.attendees] == ["Chris Ode", "Lee Park", "Dana Reyes", "ann Lo"]
    assert meeting.attendees[0].influenced_by == ["ann Lo", "Dana Reyes"]


def test_the_direct_reader_leaves_the_rest_to_the_store(store: Store, now: datetime) -> None:
    """A title, a held event (its audience may be frozen), an unknown id, an unreachable server, another
    schema: None, the normal path (which resolves the title, upgrades, or says what is wrong)."""
    ids = _programme(store, now)
    target = _target(store)
    assert read_brief(target, "Steering", now=now, stale_days=30) is None
    assert read_brief(target, str(ids["held"]), now=now, stale_days=30) is None
    assert read_brief(target, "999999", now=now, stale_days=30) is None
    assert read_brief(target, "99999999999999999999", now=now, stale_days=30) is None
    assert read_brief(target, "³", now=now, stale_days=30) is None
    assert read_brief("postgresql+psycopg://nobody@127.0.0.1:1/none", "1", now=now, stale_days=30) is None
    assert read_brief(target, f" {ids['meeting']} ", now=now, stale_days=30) is not None
    # A database at another schema: the store upgrades it (or says why it cannot) before reading.
    with store.write() as s:
        s.execute(sa.text("UPDATE alembic_version SET version_num = '0005'"))
    assert read_brief(target, str(ids["meeting"]), now=now, stale_days=30) is None
    with store.write() as s:
        s.execute(sa.text("UPDATE alembic_version SET version_num = :head"), {"head": SCHEMA_HEAD})


def test_the_brief_of_an_event_id_imports_no_sqlalchemy(store: Store, now: datetime) -> None:
    ids = _programme(store, now)
    script = textwrap.dedent("""
        import sys
        from stakeholders.cli import main
        try:
            main.main(["--db", sys.argv[1], "brief", sys.argv[2], "--format", "json"], standalone_mode=False)
        except SystemExit:
            pass
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel")), file=sys.stderr)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script, _target(store), str(ids["meeting"])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["event"]["title"] == "Steering"
    assert done.stderr.strip().splitlines()[-1] == "[]"
