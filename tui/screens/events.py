"""Events: each with its audience, who would be surprised or is at risk and why; from a flagged
person, log a call now or plan one, in one step."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Static

from stakeholders.dates import to_local
from stakeholders.rules.words import day
from tui.data.events import EventDetail, EventRow, load_events, load_flags
from tui.screens.base import DataScreen, LogDefaults
from tui.widgets.lazy_table import Column, LazyTable
from tui.widgets.styles import count_text, look, styled, when

SETTLED = ("held", "cancelled")
FLAGGED_TITLE = "Flagged (★ key)  l log a call · c plan a call · Enter open"
MAX_PREFILLED = 30  # a bigger audience is not typed into the log form's With field


def call_time(now: datetime, deadline: datetime) -> str:
    """When to plan a call: tomorrow 10:00 local, or in an hour when the event comes sooner."""
    local = to_local(now)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(10, 0), local.tzinfo)
    # In the TUI's one date style (the form reads it back): `Fri 4 Dec 10:00`, the year when not this one.
    if tomorrow < deadline:
        return when(tomorrow, now)
    return when(now + timedelta(hours=1), now)


class EventsScreen(DataScreen):
    CSS_PATH = "events.tcss"
    NAV = "events"
    BINDINGS = [
        Binding(
            "c",
            "plan_call",
            "Plan a call",
            id="events.plan_call",
            tooltip="Plan a call with the flagged person: the log form, dated tomorrow 10:00 (or sooner)",
        ),
        Binding(
            "b", "brief", "Brief", id="events.brief", tooltip="Write the pre-meeting brief of this event to a file"
        ),
        Binding(
            "H",
            "held",
            "Held",
            id="events.held",
            tooltip="Mark the event held (Shift+h), then log the meeting: holding it briefs nobody by itself",
        ),
    ]

    @dataclass
    class Listed(Message):
        events: list[EventRow]

    @dataclass
    class Detailed(Message):
        detail: EventDetail

    def __init__(self) -> None:
        super().__init__()
        self.events: list[EventRow] = []
        self.detail: EventDetail | None = None
        self.wanted: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        table = LazyTable(
            [
                Column("when", "When", 16),
                Column("event", "Event", 10, flex=3),
                Column("kind", "Kind", 8, flex=1),
                Column("plan", "Plan", 8, flex=2),
                Column("status", "Status", 9),
                Column("surprised", "Surprised", 9),
                Column("risk", "At risk", 7),
            ],
            empty_text="no events yet: ctrl+p, Add event",
            id="events-list",
        )
        table.add_class("panel")
        table.border_title = "Events (all, soonest first)"
        yield table
        yield Static(id="event-audience")
        flagged = LazyTable(
            [
                Column("who", "Who", 14, flex=1),
                Column("flag", "Flag", 9),
                Column("why", "Why", 16, flex=3),
                Column("briefed", "Last briefed", 14),
                Column("planned", "Call planned", 16),
            ],
            empty_text="nobody: no surprises, nobody at risk",
            id="event-flagged",
        )
        flagged.add_class("panel")
        flagged.border_title = FLAGGED_TITLE
        yield flagged
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#events-list").focus()

    def load(self) -> None:
        self.load_events()

    @work(thread=True, exclusive=True, group="events", exit_on_error=False)
    def load_events(self) -> None:
        app: Any = self.app
        with app.store.session() as session:
            self.post_message(self.Listed(load_events(session, app.now(), app.stale_days)))

    def on_events_screen_listed(self, message: Listed) -> None:
        table = self.query_one("#events-list", LazyTable)
        current = self.wanted or (self.current.id if self.current else None)
        now = self.app.now()  # type: ignore[attr-defined]
        self.events = message.events
        rows: list[tuple[Any, ...]] = []
        for e in message.events:
            if e.status in SETTLED:  # nobody can be surprised by it any more: no counts, not a "—" either
                surprised, at_risk = Text(""), Text("")
            else:
                surprised, at_risk = count_text(e.surprised, "warn"), count_text(e.at_risk, "caution")
            rows.append(
                (when(e.starts_at, now), e.title, e.kind, f"{e.plan} v{e.version}", e.status, surprised, at_risk)
            )
        table.show_rows(rows)
        ids = [e.id for e in message.events]
        if current in ids:
            table.cursor = ids.index(current)
        else:  # the soonest event still ahead, else the first
            upcoming = [i for i, e in enumerate(message.events) if e.surprised is not None]
            table.cursor = upcoming[0] if upcoming else 0
        self.wanted = None
        self.detail = None
        self._load_current()

    @property
    def current(self) -> EventRow | None:
        row = self.query_one("#events-list", LazyTable).cursor_id
        return self.events[row] if row is not None and row < len(self.events) else None

    @on(LazyTable.Highlighted, "#events-list")
    def event_highlighted(self) -> None:
        self._load_current()

    def _load_current(self) -> None:
        if self.current is not None and (self.detail is None or self.detail.event is not self.current):
            self.load_detail(self.current)

    @work(thread=True, exclusive=True, group="event-detail", exit_on_error=False)
    def load_detail(self, row: EventRow) -> None:
        app: Any = self.app
        with app.store.session() as session:
            self.post_message(self.Detailed(load_flags(session, row, app.now(), app.stale_days)))

    def on_events_screen_detailed(self, message: Detailed) -> None:
        if self.current is None or message.detail.event.id != self.current.id:
            return  # the cursor moved on while this was loading
        self.detail = d = message.detail
        e, now = d.event, self.app.now()  # type: ignore[attr-defined]
        audience = Text()
        audience.append(e.title, style="bold")
        audience.append(f" · {e.kind} · {when(e.starts_at, now)} · presents {e.plan} v{e.version} · {e.status}")
        audience.append(f"\naudience: {', '.join(e.audience) or '—'}")
        if e.surprised is None and e.status == "planned":
            audience.append("  (in the past: evaluated as of its start)", style=look("quiet"))
        self.query_one("#event-audience", Static).update(audience)
        rows: list[tuple[Any, ...]] = []
        for f in d.flagged:
            name = Text(f.name + (" ★" if f.key else ""), style="bold" if f.key else "")
            flag = styled(f.flag, "warn" if f.flag == "surprised" else "caution")
            briefed = f"v{f.last_briefed_version} {day(f.last_briefed_at, now)}" if f.last_briefed_version else "never"
            rows.append((name, flag, f.why, briefed, when(f.planned_at, now) or "—"))
        table = self.query_one("#event-flagged", LazyTable)
        if d.settled:
            table.border_title = (
                f"Audience when it was held: {len(rows)}  Enter open"
                if e.status == "held"
                else f"Audience (cancelled: it was never presented): {len(rows)}  Enter open"
            )
            table.empty_text = "nobody was in its audience"
        else:
            table.border_title = FLAGGED_TITLE
            table.empty_text = "nobody: no surprises, nobody at risk"
        table.show_rows(rows)

    def show_event(self, event_id: int) -> None:
        """Put the cursor on this event (the palette jumps here)."""
        ids = [e.id for e in self.events]
        if event_id in ids:
            self.query_one("#events-list", LazyTable).cursor = ids.index(event_id)
        else:
            self.wanted = event_id

    # -- acting on a flagged person -------------------------------------------------------------

    def _flagged(self) -> Any:
        table = self.query_one("#event-flagged", LazyTable)
        if self.detail is None or self.focused is not table or table.cursor_id is None:
            return None
        return self.detail.flagged[table.cursor_id] if table.cursor_id < len(self.detail.flagged) else None

    def log_defaults(self) -> LogDefaults:
        e = self.current
        if e is None:
            return LogDefaults()
        person = self._flagged()
        return LogDefaults(person_ids=[person.person_id] if person else [], plan_id=e.plan_id, version=e.version)

    def action_plan_call(self) -> None:
        e = self.current
        if e is None:
            return
        defaults = self.log_defaults()
        defaults.when = call_time(self.app.now(), e.starts_at)  # type: ignore[attr-defined]
        self.app.action_log(defaults)  # type: ignore[attr-defined]

    def action_brief(self) -> None:
        from tui.screens.save_file import BriefScreen

        if self.current is not None:
            self.app.push_screen(BriefScreen(self.current.id, self.current.title), self.app._after_form)  # type: ignore[attr-defined]

    def action_held(self) -> None:
        # Asked first and undoable: the palette's `Mark event held` (it then offers to log the meeting).
        from tui.actions.work import mark_event_held

        if self.current is not None:
            mark_event_held(self.app)  # type: ignore[arg-type]

    @on(LazyTable.Selected, "#event-flagged")
    async def open_person(self) -> None:
        person = self._flagged()
        if person is not None:
            await self.app.open_person(person.person_id)  # type: ignore[attr-defined]

    @on(LazyTable.Selected, "#events-list")
    def to_flagged(self) -> None:
        self.query_one("#event-flagged").focus()
