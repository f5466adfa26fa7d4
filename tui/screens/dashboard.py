"""Dashboard (home): next events and their surprises, the call list, what is overdue, readiness,
and "did this happen?" for planned calls whose time has passed."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from stakeholders.rules.words import day
from tui.data.dashboard_lines import Dashboard, FirstLines
from tui.opening import ReadAhead
from tui.screens.base import DataScreen, LogDefaults
from tui.widgets.lazy_table import Column, LazyTable
from tui.widgets.styles import count_text, look, overdue_text, when

# (key, title, columns, side). The flexible column takes what the panel has left over.
PANELS = [
    (
        "events",
        "Next events",
        [
            Column("when", "When", 16),
            Column("event", "Event", 12, flex=1),
            Column("surprised", "Surprised", 9),
            Column("risk", "At risk", 7),
        ],
        "left",
    ),
    (
        "calls",
        "Call list: brief them before the event",
        [Column("who", "Who", 14), Column("why", "Why", 16, flex=1), Column("deadline", "Deadline", 10)],
        "left",
    ),
    (
        "pending",
        "Did this happen?  h held · D drop",
        [Column("when", "When", 16), Column("with", "With", 12, flex=1), Column("about", "About", 16)],
        "left",
    ),
    (
        "follow_ups",
        "Overdue follow-ups  k kept",
        [Column("due", "Due", 10), Column("promise", "Promise", 12, flex=2), Column("to", "To", 8, flex=1)],
        "right",
    ),
    (
        "cadence",
        "Past cadence",
        [
            Column("who", "Who", 12, flex=1),
            Column("heard", "Heard", 8),
            Column("every", "Every", 5),
            Column("level", "Level", 8),
        ],
        "right",
    ),
]

EMPTY = {
    "events": "no upcoming events",
    "calls": "nobody to call: nobody would be surprised",
    "pending": "no planned call is past its time",
    "follow_ups": "no follow-up is overdue",
    "cadence": "nobody is past their cadence",
}
"""What an empty panel says: its meaning, in a line short enough for the narrowest panel."""

LAST_PART = "cadence"
FIRST_CELLS = 60
"""Rows of a panel given cells at once (more than a panel shows); the rest as they scroll into view:
the call list of a team database is thousands of people, each with their reasons put in words."""


class DashboardScreen(DataScreen):
    CSS_PATH = "dashboard.tcss"
    NAV = "dashboard"
    BINDINGS = [
        Binding(
            "h",
            "held",
            "Held",
            id="dashboard.held",
            tooltip="Did this happen? Yes: mark the planned touchpoint held, with the stance heard",
        ),
        Binding(
            "D",
            "drop",
            "Drop",
            id="dashboard.drop",
            tooltip="Did this happen? No: drop the planned touchpoint (asks first; kept in the audit log)",
        ),
        Binding(
            "k",
            "kept",
            "Kept",
            id="dashboard.kept",
            tooltip="On an overdue follow-up: the promise was kept (mark it done)",
        ),
        Binding(
            "b",
            "brief",
            "Brief",
            id="dashboard.brief",
            tooltip="Write the pre-meeting brief of the event under the cursor (else the next one) to a file",
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            show=False,
            id="dashboard.refresh",
            tooltip="Read everything again now (it also refreshes by itself on any change)",
        ),
    ]

    @dataclass
    class Part(Message):
        """One part of the dashboard, read; `name` is a field of `Dashboard`."""

        name: str
        value: Any
        load: int
        """Which load read it: parts of a load overtaken by a newer one are dropped."""
        last: bool = False

    def __init__(self) -> None:
        super().__init__()
        self.board = Dashboard()
        """What is on screen, replaced part by part as a load brings them in."""
        self.complete = False
        """True once the last part of the latest load is in."""
        self.load_count = 0
        self.seen: set[str] = set()
        """Parts read at least once (a part never read shows as "…" in the summary)."""
        self.rows: dict[str, Sequence[Any]] = {key: [] for key, *_ in PANELS}
        """Each panel's lines by row (the board's own lists: the call list's head read ahead is made
        into lines as rows are looked at)."""
        self._figures_ahead: ReadAhead[FirstLines] | None = None

    def compose(self) -> ComposeResult:
        ahead = getattr(self.app, "first_figures", None)
        if ahead is not None:  # being read before the store opens (db/first_figures.py)
            self.app.first_figures = None  # type: ignore[attr-defined]  # once: later loads read the store
            if ahead.ready():  # in by now: in the first frame
                self._take_figures(ahead.wait())
            else:
                self._figures_ahead = ahead
        yield from self.compose_nav()
        now = self.app.now()  # type: ignore[attr-defined]
        summary = self._summary(self.board, self.seen, now) if "events" in self.seen else "Loading…"
        yield Static(summary, id="dash-summary")
        with VerticalScroll(id="dash"):
            with Vertical(id="dash-left"):
                yield from self._panels("left")
            with Vertical(id="dash-right"):
                readiness = Static("reading…", id="dash-readiness", classes="panel")
                readiness.border_title = "Readiness"
                yield readiness
                yield from self._panels("right")

    def on_mount(self) -> None:
        self.query_one("#dash-events").focus()
        self.footer_after_first_frame()
        if self._figures_ahead is not None:
            self._wait_for_figures(self._figures_ahead)
            self._figures_ahead = None

    def _take_figures(self, lines: FirstLines | None) -> bool:
        """The figures read ahead, unless the store's own answer is already in (it is the newer)."""
        self.call_after_refresh(self.app.figures_shown)  # type: ignore[attr-defined]
        if lines is None or "events" in self.seen:
            return False
        self.board.events, self.board.calls = lines
        self.seen.update(("events", "calls"))
        return True

    @work(thread=True, group="figures ahead", exit_on_error=False)
    def _wait_for_figures(self, ahead: ReadAhead[FirstLines]) -> None:
        self.post_message(self.FiguresAhead(ahead.wait()))

    @dataclass
    class FiguresAhead(Message):
        lines: FirstLines | None

    def on_dashboard_screen_figures_ahead(self, message: FiguresAhead) -> None:
        if self._take_figures(message.lines):
            self._show("events")
            self._show("calls")

    def _panels(self, side: str) -> ComposeResult:
        for key, title, columns, where in PANELS:
            if where == side:
                table = LazyTable(columns, empty_text="reading…", id=f"dash-{key}")
                table.add_class("panel")
                table.border_title = title
                if key in self.seen:  # figures read ahead: in the table before it is mounted
                    items = self.rows[key] = getattr(self.board, key)
                    table.empty_text = EMPTY[key]
                    table.preload(list(range(len(items))), dict(enumerate(self._cells(key, items[:FIRST_CELLS]))))
                yield table

    def load(self) -> None:
        self.complete = False
        self.load_count += 1
        self.load_board(self.load_count)

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def load_board(self, load: int) -> None:
        from tui.data.dashboard import dashboard_stages  # the rules and the store: after the first frame

        app, worker = self.app, get_current_worker()
        with app.store.session() as session:  # type: ignore[attr-defined]
            for name, value in dashboard_stages(session, app.now(), app.stale_days):  # type: ignore[attr-defined]
                if worker.is_cancelled:  # a newer load has started: stop reading for nothing
                    return
                self.post_message(self.Part(name, value, load, last=name == LAST_PART))

    def on_dashboard_screen_part(self, message: Part) -> None:
        if message.load != self.load_count:
            return
        # Part by part: what a reload has not read yet stays up as it was, so nothing flickers.
        setattr(self.board, message.name, message.value)
        self.complete = message.last
        self.seen.add(message.name)
        self._show(message.name)

    def _show(self, part: str) -> None:
        b, now = self.board, self.app.now()  # type: ignore[attr-defined]
        if part in self.rows:
            items = self.rows[part] = getattr(b, part)
            table = self.query_one(f"#dash-{part}", LazyTable)
            table.empty_text = EMPTY[part]
            table.show_rows(self._cells(part, items[:FIRST_CELLS]), count=len(items))
        if part == "readiness":
            self.query_one("#dash-readiness", Static).update(self._readiness(b))
        if part in ("events", "follow_ups", "pending", "cadence"):
            self.query_one("#dash-summary", Static).update(self._summary(b, self.seen, now))

    @on(LazyTable.RowsNeeded)
    def cells_wanted(self, message: LazyTable.RowsNeeded) -> None:
        """A panel scrolled to rows past the first FIRST_CELLS: their cells, from the lines it holds."""
        key = (message.table.id or "").removeprefix("dash-")
        items = self.rows.get(key)
        if items is None:
            return
        wanted = [i for i in message.ids if i < len(items)]
        message.table.set_rows(dict(zip(wanted, self._cells(key, [items[i] for i in wanted]), strict=True)))

    def _cells(self, part: str, items: Sequence[Any]) -> list[tuple[Any, ...]]:
        """What a panel's rows show."""
        now = self.app.now()  # type: ignore[attr-defined]
        if part == "events":
            return [
                (when(e.starts_at, now), e.title, count_text(e.surprised, "warn"), count_text(e.at_risk, "caution"))
                for e in items
            ]
        if part == "calls":
            return [(c.name, c.reasons, day(c.deadline, now)) for c in items]
        if part == "pending":
            return [
                (when(t.occurred_at, now), ", ".join(t.names), f"{t.plan} v{t.version}" if t.plan else "upkeep")
                for t in items
            ]
        if part == "follow_ups":
            return [(day(f.due_at, now), f.text, ", ".join(f.names)) for f in items]
        return [(c.name, f"{c.days}d ago", f"{c.cadence}d", overdue_text(c.level)) for c in items]  # cadence

    @staticmethod
    def _readiness(b: Dashboard) -> Text:
        text = Text()
        for r in b.readiness:
            mark, role = ("✓", "good") if r.ready else ("✗", "warn") if r.ready is False else ("·", "")
            text.append(mark, style=look(role))
            text.append(" ")
            text.append(r.plan, style="bold")
            text.append(f": {r.headline}\n")
        return text if b.readiness else Text("no plans yet: ctrl+p, Add plan")

    @staticmethod
    def _summary(b: Dashboard, seen: set[str], now: datetime) -> Text:
        text = Text()
        if "events" not in seen:
            text.append("Reading the next events…", style="bold")
        elif b.events:
            e = b.events[0]
            text.append(f"Next: {e.title} {when(e.starts_at, now)} — ", style="bold")
            text.append(f"{e.surprised} would be surprised", style=look("warn" if e.surprised else "good"))
            text.append(", ")
            text.append(f"{e.at_risk} at risk", style=look("caution") if e.at_risk else "")
        else:
            text.append("No upcoming events.", style="bold")
        # A part not read yet shows "…", never a 0 that is not true yet.
        overdue = len(b.follow_ups)
        if "follow_ups" in seen:
            text.append(
                f" · {overdue} follow-up{'s' if overdue != 1 else ''} overdue", style=look("warn") if overdue else ""
            )
        else:
            text.append(" · … follow-ups overdue")
        cadence = f"{len(b.cadence)}" if "cadence" in seen else "…"
        pending = f"{len(b.pending)}" if "pending" in seen else "…"
        text.append(f" · {cadence} past cadence · {pending} to confirm")
        return text

    # -- what the cursor points at ---------------------------------------------------------

    def _focused(self) -> tuple[str, Any] | None:
        focused = self.focused
        if not isinstance(focused, LazyTable) or not focused.id or focused.cursor_id is None:
            return None
        key = focused.id.removeprefix("dash-")
        items = self.rows.get(key, [])
        return (key, items[focused.cursor_id]) if focused.cursor_id < len(items) else None

    def log_defaults(self) -> LogDefaults:
        hit = self._focused()
        if hit is None:
            return LogDefaults()
        key, item = hit
        if key == "calls":
            event = next((e for e in self.board.events if e.id == item.event_id), None)
            return LogDefaults(
                person_ids=[item.person_id],
                plan_id=event.plan_id if event else None,
                version=event.version if event else None,
            )
        if key == "events":
            return LogDefaults(plan_id=item.plan_id, version=item.version)
        if key in ("cadence",):
            return LogDefaults(person_ids=[item.person_id])
        if key in ("follow_ups", "pending"):
            return LogDefaults(person_ids=list(item.person_ids))
        return LogDefaults()

    @on(LazyTable.Selected)
    async def open_row(self, event: LazyTable.Selected) -> None:
        hit = self._focused()
        if hit is None:
            return
        key, item = hit
        app: Any = self.app
        if key == "events":
            await app.open_event(item.id)
        elif key in ("calls", "cadence"):
            await app.open_person(item.person_id)
        elif item.person_ids:
            await app.open_person(item.person_ids[0])

    # -- actions -----------------------------------------------------------------------------

    def _pending(self) -> Any:
        hit = self._focused()
        if hit is None or hit[0] != "pending":
            self.notify("Move to a row of 'Did this happen?' first (Tab)", severity="warning")
            return None
        return hit[1]

    # h, D and k run the palette's actions on the row under the cursor: each asks where it must and can be undone.
    def action_held(self) -> None:
        from tui.actions.work import mark_held

        if self._pending() is not None:
            mark_held(self.app)  # type: ignore[arg-type]

    def action_drop(self) -> None:
        from tui.actions.work import drop_touchpoint

        if self._pending() is not None:
            drop_touchpoint(self.app)  # type: ignore[arg-type]

    def action_kept(self) -> None:
        from tui.actions.work import mark_follow_up_kept

        hit = self._focused()
        if hit is None or hit[0] != "follow_ups":
            self.notify("Move to a row of 'Overdue follow-ups' first (Tab)", severity="warning")
            return
        mark_follow_up_kept(self.app)  # type: ignore[arg-type]

    def keep_promise(self, follow_up_id: int, text: str) -> None:
        from stakeholders.followups import mark_done
        from tui.data.writing import attempt_write

        outcome = attempt_write(self.app.store, lambda session: mark_done(session, follow_up_id))  # type: ignore[attr-defined]
        self.app.call_from_thread(self.app.wrote, outcome.error or f"kept: {text}")  # type: ignore[attr-defined]

    def action_brief(self) -> None:
        from tui.screens.save_file import BriefScreen

        hit = self._focused()
        event = hit[1] if hit and hit[0] == "events" else (self.board.events[0] if self.board.events else None)
        if event is None:
            self.notify("No upcoming event to brief for", severity="warning")
            return
        self.app.push_screen(BriefScreen(event.id, event.title), self.app._after_form)  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        self.reload()
