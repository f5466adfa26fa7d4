"""One working week of the demo story, through the TUI only (issue 14's "must show").

A new database; the app's clock starts six days ago and moves on a day at a time. Everything is done as
a program lead would do it — the command palette (ctrl+p, the action's §7 name, Enter), keys and forms —
with no CLI call and no database write by the test: import an address book, add a plan, log calls with
stances and concerns, revise to v2, approve it, add the announcement with its audience, work the call
list until nobody would be surprised, resolve the concern, keep the follow-up, save a brief, export the
status. Then, as a separate process, `stakeholders --db FILE surprises --json` says nobody would be
surprised (and nobody is at risk) at the announcement.
"""

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from db.store import Store
from stakeholders.local_time import to_local
from tests.tui.conftest import SIZE, MovingClock, assert_no_worker_errors, pilot_test, settle, type_text
from tui.app import make_app
from tui.screens.concerns import ConcernsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.event_forms import AddEventScreen
from tui.screens.followups import FollowUpsScreen
from tui.screens.import_contacts import ImportContactsScreen
from tui.screens.log_form import LogScreen
from tui.screens.plan_forms import AddPlanScreen, ApproveScreen, RevisePlanScreen
from tui.screens.promise_forms import ResolveConcernScreen
from tui.screens.save_file import BriefScreen, ExportScreen

CONTACTS = """Name,Email,Title,Company,Team
Tom Becker,tom.becker@northwind.example,VP Sales,Northwind,cx
Elena Rossi,elena.rossi@northwind.example,Head of Key Accounts,Northwind,cx
Ben Ward,ben.ward@northwind.example,IT Director,Northwind,cx
Chris Morgan,chris.morgan@northwind.example,Chief Marketing Officer,Northwind,steering
"""
AUDIENCE = ["Tom Becker", "Elena Rossi", "Ben Ward", "Chris Morgan"]


def error_of(pilot: Pilot) -> str:
    found = pilot.app.screen.query("#form-error")
    return str(found.first().render()) if found else ""


async def palette(pilot: Pilot, name: str) -> None:
    """ctrl+p, type the action's name, choose exactly that command, Enter: as a person runs an action."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert CommandPalette.is_open(pilot.app)
    await type_text(pilot, name)
    commands = pilot.app.screen.query_one(CommandList)
    for _ in range(40):  # the palette searches as you type
        await pilot.pause(0.1)
        prompts = [str(commands.get_option_at_index(i).prompt).split("\n")[0] for i in range(commands.option_count)]
        if name in prompts:
            break
    assert name in prompts, f"{name!r} is not in the palette: {prompts}"
    commands.highlighted = prompts.index(name)
    await pilot.press("enter")
    await settle(pilot)


async def fill(pilot: Pilot, **values: str) -> None:
    """Type each field (by its key) as a person would: focus, clear, type; then ctrl+s."""
    for key, value in values.items():
        field = pilot.app.screen.query_one(f"#f-{key}", Input)
        field.focus()
        await pilot.pause()
        field.value = ""
        await type_text(pilot, value)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def saved(pilot: Pilot, form: type) -> None:
    assert not isinstance(pilot.app.screen, form), f"{form.__name__} refused: {error_of(pilot)}"


async def log_call(pilot: Pilot, **values: str) -> None:
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, LogScreen)
    await fill(pilot, **values)
    await saved(pilot, LogScreen)


@pilot_test
async def test_a_working_week_in_the_tui_only(sqlite_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "contacts.csv"
    source.write_text(CONTACTS)
    real_now = datetime.now(UTC)
    monday = to_local(real_now - timedelta(days=6)).replace(hour=9, minute=0, second=0, microsecond=0)
    clock = MovingClock(monday.astimezone(UTC))
    announcement = (monday + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")  # after today: still ahead for the CLI
    app = make_app(sqlite_store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        # Monday: the address book, the plan, the first calls.
        await palette(pilot, "Import contacts")
        assert isinstance(app.screen, ImportContactsScreen)
        await fill(pilot, path=str(source), map="Team=tags")  # Enter previews (nothing written)…
        assert "would create 4" in str(app.screen.query_one("#import-preview").render())
        await pilot.press("ctrl+s")  # …and the same values again import
        await settle(pilot)
        await saved(pilot, ImportContactsScreen)

        await pilot.press("p")
        await settle(pilot)
        await palette(pilot, "Add plan")
        assert isinstance(app.screen, AddPlanScreen)
        app.screen.query_one("#f-body-area", TextArea).text = "## Why\n\n- one team owns every account"
        await fill(pilot, name="CX programme", summary="One customer team for every account")
        await saved(pilot, AddPlanScreen)

        await pilot.press("s")
        await settle(pilot)
        await log_call(
            pilot,
            who="Tom Becker",
            plan="CX programme",
            stance="resistant",
            concerns="Who owns my accounts?",
            follow_up="Send Tom the ownership model",
            due="friday",
        )

        # Tuesday: Elena hears v1.
        clock.advance(timedelta(days=1))
        await log_call(pilot, who="Elena Rossi", plan="CX programme", stance="neutral", notes="wants the FAQ")

        # Wednesday: v2, signed off, and the announcement with its audience.
        clock.advance(timedelta(days=1))
        await pilot.press("p")
        await settle(pilot)
        await palette(pilot, "Revise plan")
        assert isinstance(app.screen, RevisePlanScreen)
        await fill(
            pilot,
            plan="CX programme",
            summary="One customer view shared across divisions",
            changes="Divisions keep account ownership; the CX team owns the journey",
        )
        await saved(pilot, RevisePlanScreen)
        await palette(pilot, "Approve version")
        assert isinstance(app.screen, ApproveScreen)
        await fill(pilot, plan="CX programme", version="2", by="Chris Morgan (CMO)")
        await saved(pilot, ApproveScreen)
        await palette(pilot, "Add event")
        assert isinstance(app.screen, AddEventScreen)
        await fill(
            pilot,
            title="Note to the wider CX team",
            plan="CX programme",
            when=announcement,
            kind="announcement",
            audience=", ".join(AUDIENCE),
        )
        await saved(pilot, AddEventScreen)

        # Thursday: work the call list until nobody would be surprised.
        clock.advance(timedelta(days=1))
        await pilot.press("d")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, DashboardScreen)
        assert {c.name for c in board.board.calls} == set(AUDIENCE)
        assert board.board.events[0].surprised == 4
        for _ in range(len(AUDIENCE)):
            if not board.board.calls:
                break
            board.query_one("#dash-calls").focus()
            await pilot.press("home", "l")  # the log form, pre-filled with the person and the event's plan
            await settle(pilot)
            form = app.screen
            assert isinstance(form, LogScreen)
            assert form.field("plan").value == "CX programme"
            await fill(pilot, stance="supportive")
            await saved(pilot, LogScreen)
            await settle(pilot)
        assert board.board.calls == [], [c.name for c in board.board.calls]
        assert board.board.events[0].surprised == 0

        # Friday: the concern answered by v2, the promise kept, the brief and the status saved.
        clock.advance(timedelta(days=1))
        await palette(pilot, "Open concerns")
        assert isinstance(app.screen, ConcernsScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResolveConcernScreen)
        await fill(pilot, version="2")
        await saved(pilot, ResolveConcernScreen)
        await pilot.press("escape")
        await settle(pilot)

        await palette(pilot, "Follow-ups")
        assert isinstance(app.screen, FollowUpsScreen)
        await pilot.press("k")
        await settle(pilot)
        assert "Send Tom the ownership model" not in [r.text for r in app.screen.rows]
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("e")
        await settle(pilot)
        await palette(pilot, "Brief")
        assert isinstance(app.screen, BriefScreen)
        await fill(pilot, path=str(tmp_path / "brief.md"))
        await saved(pilot, BriefScreen)
        await palette(pilot, "Export status")
        assert isinstance(app.screen, ExportScreen)
        await fill(pilot, format="md", path=str(tmp_path / "status.md"))
        await saved(pilot, ExportScreen)
    assert_no_worker_errors(app)

    assert "Note to the wider CX team" in (tmp_path / "brief.md").read_text()
    assert "CX programme" in (tmp_path / "status.md").read_text()
    command = shutil.which("stakeholders")
    assert command is not None, "the stakeholders command is not installed"
    shown = subprocess.run(
        [command, "--db", str(sqlite_store.path), "surprises", "--json"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    events = json.loads(shown.stdout)["events"]
    assert [(e["title"], e["surprised"], e["at_risk"]) for e in events] == [("Note to the wider CX team", [], [])]
