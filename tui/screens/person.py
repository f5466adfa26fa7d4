"""One stakeholder: profile, stance history, timeline, concerns, follow-ups, influence links."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from tui.data.person import PersonView, load_person
from tui.screens.base import DataScreen, LogDefaults
from tui.widgets.styles import look, on_day, stance_text, when


def _parsed(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


class PersonScreen(DataScreen):
    """Pushed over the stakeholders table (or any screen); Escape goes back."""

    CSS_PATH = "person.tcss"

    NAV = "people"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="person.back", tooltip="Back to where you came from"),
        Binding("E", "edit", "Edit", id="person.edit", tooltip="Edit this stakeholder (Shift+e)"),
        Binding(
            "A",
            "archive",
            "Archive/unarchive",
            id="person.archive",
            tooltip="Archive (hide without losing history) or unarchive (Shift+a)",
        ),
    ]

    @dataclass
    class Loaded(Message):
        view: PersonView | None

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.view: PersonView | None = None
        self.now = datetime.now(UTC)
        """The app's clock when the page was drawn: dates say the year only when it is not this one."""

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with VerticalScroll(id="person-body"):
            for section in ("profile", "stances", "timeline", "concerns", "follow-ups", "influence"):
                yield Static(id=f"person-{section}", classes="section")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-body").focus()

    def load(self) -> None:
        self.load_person()

    @work(thread=True, exclusive=True, group="person", exit_on_error=False)
    def load_person(self) -> None:
        with self.app.store.session() as session:  # type: ignore[attr-defined]
            self.post_message(self.Loaded(load_person(session, self.person_id)))

    def on_person_screen_loaded(self, message: Loaded) -> None:
        self.view = message.view
        if message.view is None:
            self.query_one("#person-profile", Static).update("This stakeholder no longer exists (merged or forgotten).")
            return
        d = message.view.detail
        self.now = self.app.now()  # type: ignore[attr-defined]
        self.query_one("#person-profile", Static).update(self._profile(message.view))
        self.query_one("#person-stances", Static).update(self._stances(message.view))
        self.query_one("#person-timeline", Static).update(self._timeline(d["touchpoints"], d["name"]))
        self.query_one("#person-concerns", Static).update(self._concerns(d["concerns"]))
        self.query_one("#person-follow-ups", Static).update(self._follow_ups(d["follow_ups"]))
        influence = Text()
        influence.append("Influence\n", style="bold")
        influence.append(f"  influences: {', '.join(d['influences']) or '—'}\n")
        influence.append(f"  influenced by: {', '.join(d['influenced_by']) or '—'}")
        self.query_one("#person-influence", Static).update(influence)

    def _profile(self, view: PersonView) -> Text:
        d = view.detail
        text = Text()
        text.append(d["name"], style="bold")
        if d["archived"]:
            text.append("  (archived)", style="reverse")
        facts = [d["title"], d["organization"], d.get("division"), d["email"], d["phone"]]
        text.append("\n" + " · ".join(f for f in facts if f))
        text.append(f"\ninfluence {d['influence']} · interest {d['interest']} · {view.quadrant}")
        text.append(f" · owner {d['owner'] or '—'}")
        if d["cadence_days"]:
            text.append(f" · every {d['cadence_days']} days")
        contact = when(_parsed(d["last_contact"]), self.now) or "never"
        text.append(f"\ntags: {', '.join(d['tags']) or '—'} · last contact: {contact}")
        if d["notes"]:
            text.append("\nnotes (private): ", style="bold")
            text.append(d["notes"])
        return text

    def _stances(self, view: PersonView) -> Table | Text:
        d = view.detail
        if not view.desired:
            return Text.assemble(("Stance\n", "bold"), "  no stance recorded on any plan (unaware)")
        table = Table(title="Stance", title_justify="left", title_style="bold", box=None, pad_edge=False)
        for header in ("plan", "now", "desired", "history (oldest first)"):
            table.add_column(header, no_wrap=header != "history (oldest first)")
        for plan, desired in view.desired.items():
            history = Text()
            for s in (s for s in d["stances"] if s["plan"] == plan):
                history.append(f"{on_day(_parsed(s['observed_at']), self.now)} ")
                history.append_text(stance_text(s["level"]))
                history.append(f" ({s['source']})  ")
            table.add_row(plan, stance_text(d["stance"].get(plan)), stance_text(desired), history)
        return table

    def _timeline(self, touchpoints: list[dict[str, Any]], name: str) -> Table | Text:
        if not touchpoints:
            return Text.assemble(("Timeline\n", "bold"), "  no touchpoints yet")
        table = Table(
            title="Timeline (newest first)", title_justify="left", title_style="bold", box=None, pad_edge=False
        )
        for header in ("when", "channel", "about", "status", "notes"):
            table.add_column(header, no_wrap=header != "notes")
        for t in reversed(touchpoints):
            about = f"{t['plan']} v{t['version']}" if t["plan"] else "upkeep"
            status = Text(t["status"], style=look("caution") if t["status"] == "planned" else "")
            others = [a for a in t["attendees"] if a != name]
            note = (t["summary"] or "") + (f" (with {', '.join(others)})" if others else "")
            table.add_row(when(_parsed(t["occurred_at"]), self.now), t["channel"], about, status, note)
        return table

    def _concerns(self, concerns: list[dict[str, Any]]) -> Text:
        text = Text()
        text.append("Concerns\n", style="bold")
        if not concerns:
            text.append("  none", style="")
        for c in concerns:
            mark = "open" if c["status"] == "open" else "resolved"
            text.append(f"  [{mark}] ", style=look("warn" if mark == "open" else "good"))
            text.append(f"{c['plan']}: {c['text']}", style="")
            if c["status"] != "open":
                how = f"v{c['resolved_version']}" if c["resolved_version"] else ""
                text.append(f" — {' '.join(x for x in (how, c['resolution'] or '') if x)}", style=look("quiet"))
            text.append("\n")
        return text

    def _follow_ups(self, follow_ups: list[dict[str, Any]]) -> Text:
        text = Text()
        text.append("Follow-ups\n", style="bold")
        if not follow_ups:
            text.append("  none", style="")
        for f in follow_ups:
            if f["done_at"]:
                text.append("  [done] ", style=look("good"))
            elif f["overdue"]:
                text.append("  [OVERDUE] ", style=look("warn"))
            else:
                text.append("  [open] ", style="")
            text.append(f"{f['text']} — due {on_day(_parsed(f['due_at']), self.now)}, {f['owner'] or ''}\n", style="")
        return text

    # -- actions ----------------------------------------------------------------------------

    def action_back(self) -> None:
        # Once: a second Esc typed ahead, before Textual has popped this page, would pop the screen beneath.
        if self in self.app.screen_stack and self.app.screen is self and not getattr(self, "leaving", False):
            self.leaving = True
            self.dismiss()

    def action_edit(self) -> None:
        from tui.screens.person_form import PersonFormScreen

        if self.view is not None:
            self.app.push_screen(PersonFormScreen(self.person_id), self.app._after_form)  # type: ignore[attr-defined]

    def action_archive(self) -> None:
        # Asks first and is undoable (helper B, issue 14: nothing destructive on one unconfirmed key).
        from tui.screens.people_forms import ArchiveForm, UnarchiveForm

        if self.view is not None:
            form = UnarchiveForm if self.view.detail["archived"] else ArchiveForm
            self.app.push_screen(form(self.person_id))

    def log_defaults(self) -> LogDefaults:
        plan_id = self.view.last_briefed_plan_id if self.view is not None else None
        return LogDefaults(person_ids=[self.person_id], plan_id=plan_id)
