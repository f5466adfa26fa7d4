"""`Add event`, `Edit event`, `Cancel event`, `Mark event held` (§7) as forms.

The audience completes people, `tag:` and `division:` items, each after a comma.
Cancelling and holding are asked first: the form names the event and what
happens, Enter does it, Esc does nothing. Once held, the meeting itself is
offered for logging (§2: holding an event briefs nobody by itself).
"""

from sqlmodel import Session, select
from textual import on, work
from textual.widgets import Input, Static

from db.enums import EventStatus
from db.models import Event
from tui.data import checks
from tui.data.event_forms import (
    add_event_from_form,
    audience_suggestions,
    edit_event_from_form,
    event_fields,
    event_titles,
    set_event_status,
)
from tui.data.plan_forms import Done, plan_names
from tui.screens.base import LogDefaults
from tui.screens.change_form import ChangeForm, Prepared
from tui.screens.form import Field
from tui.widgets.styles import when

MAX_PREFILLED = 30  # a bigger audience is not typed into the log form's With field
KINDS = ("announcement", "meeting", "decision")


class AddEventScreen(ChangeForm):
    HEADING = "Add an event: a plan version meets an audience"

    def __init__(self, plan: str = "") -> None:
        super().__init__()
        self.plan = plan

    def fields(self) -> list[Field]:
        return [
            Field("title", "Title", placeholder="Note to the wider team"),
            Field("plan", "Plan", self.plan, placeholder="which plan it presents"),
            Field("version", "Version", placeholder="blank: the plan's current version"),
            Field("when", "When", placeholder="tuesday 9am, in 5 days 10:00 (a past date records one held)"),
            Field("kind", "Kind", "announcement", placeholder=" | ".join(KINDS), suggestions=KINDS),
            Field("audience", "Audience", placeholder="people, tag:TAG, division:NAME — comma-separated", multi=True),
        ]

    def prepare(self, session: Session) -> Prepared:
        return {}, {"plan": (plan_names(session), False), "audience": (audience_suggestions(session), True)}

    def save(self, values: dict[str, str]) -> None:
        now = self.app.now()
        self.save_with(
            lambda session: add_event_from_form(session, values, now, dayfirst=self.app.settings.dayfirst), values
        )

    def field_checks(self) -> dict[str, checks.Check]:
        return {
            "title": checks.required("an event needs a title"),
            "plan": checks.plan(),
            "version": checks.version,
            "when": checks.date("event", self.app.now(), dayfirst=self.app.settings.dayfirst),
            "kind": checks.kind,
            "audience": checks.audience,
        }


class EditEventScreen(ChangeForm):
    """Every field shown as it is; what is changed is saved (the audience: items added or removed)."""

    HEADING = "Edit an event"

    def __init__(self, event_id: int | None = None) -> None:
        super().__init__()
        self.event_id = event_id

    def fields(self) -> list[Field]:
        pick = [] if self.event_id else [Field("event", "Event", placeholder="its title (→ completes)")]
        return pick + [
            Field("title", "Title"),
            Field("when", "When"),
            Field("version", "Version"),
            Field("kind", "Kind", suggestions=KINDS),
            Field("audience", "Audience", placeholder="people, tag:TAG, division:NAME — comma-separated", multi=True),
        ]

    def prepare(self, session: Session) -> Prepared:
        shown = event_fields(session, self.event_id, self.app.now()) if self.event_id else {}
        if shown:
            heading = self.query_one(".form-heading", Static)
            self.app.call_from_thread(heading.update, f"Edit {shown['title']}")
        return shown, {"event": (event_titles(session), False), "audience": (audience_suggestions(session), True)}

    @on(Input.Changed, "#f-event")
    def event_named(self, event: Input.Changed) -> None:
        # The event named in the form (from the palette): once a whole title is there, show its fields.
        self._read_event(event.value)

    @work(thread=True, group="edit-event-fill", exclusive=True, exit_on_error=False)
    def _read_event(self, title: str) -> None:
        with self.app.store.session() as session:
            found = session.exec(select(Event.id).where(Event.title == title.strip())).all()
            event_id = found[0] if len(found) == 1 else None  # a title that names one event
            shown = event_fields(session, event_id, self.app.now()) if event_id is not None else {}
        if shown:
            self.app.call_from_thread(self._show_event, shown)

    def _show_event(self, shown: dict[str, str]) -> None:
        for key, value in shown.items():
            if key != "event":
                self.field(key).value = value

    def save(self, values: dict[str, str]) -> None:
        now = self.app.now()
        self.save_with(
            lambda session: edit_event_from_form(
                session, self.event_id, values, now, dayfirst=self.app.settings.dayfirst
            ),
            values,
        )

    def field_checks(self) -> dict[str, checks.Check]:
        return {
            "event": checks.event,
            "title": checks.required("an event needs a title"),
            "version": checks.version,
            "when": checks.date("event", self.app.now(), dayfirst=self.app.settings.dayfirst),
            "kind": checks.kind,
            "audience": checks.audience,
        }


class EventStatusScreen(ChangeForm):
    """`event cancel` or `event held`, asked first: the event named, Enter does it, Esc keeps it as it is."""

    def __init__(self, status: EventStatus, event_id: int | None = None, title: str = "") -> None:
        super().__init__()
        self.status, self.event_id, self.title_text = status, event_id, title
        self.audience: list[int] = []
        if status == EventStatus.CANCELLED:
            self.HEADING = (
                f"Cancel {title}?" if title else "Cancel an event?"
            ) + " It will no longer be evaluated or offered."
            self.HINT = "Enter cancels it · Esc keeps it · ctrl+z afterwards undoes"
        else:
            self.HEADING = (
                f"Mark {title} held?" if title else "Mark an event held?"
            ) + " Its audience is frozen as it is now; then you can log the meeting."
            self.HINT = "Enter marks it held · Esc leaves it planned · ctrl+z afterwards undoes"

    def fields(self) -> list[Field]:
        return [Field("event", "Event", self.title_text, placeholder="its title (→ completes)")]

    def prepare(self, session: Session) -> Prepared:
        return {}, {"event": (event_titles(session), False)}

    def save(self, values: dict[str, str]) -> None:
        event_id = self.event_id if values.get("event", "").strip() == self.title_text else None

        def write(session: Session) -> Done:
            done, self.audience = set_event_status(session, event_id, values, self.status)
            event = session.get(Event, event_id) if event_id else None
            self.held = event or self._named(session, values)
            self.offer = (self.held.id, self.held.plan_id, self.held.version, self.held.starts_at, self.held.kind.value)
            return done

        self.save_with(write)

    @staticmethod
    def _named(session: Session, values: dict[str, str]) -> Event:
        from stakeholders.resolve import resolve_event

        return resolve_event(session, values["event"])

    def after_save(self, done: Done) -> None:
        if self.status != EventStatus.HELD:
            return
        _, plan_id, version, starts_at, kind = self.offer
        channel = "meeting" if kind in ("meeting", "decision") else "email"
        from tui.screens.touchpoint_forms import UndoableLogScreen

        self.app.push_screen(
            UndoableLogScreen(
                LogDefaults(
                    person_ids=self.audience if len(self.audience) <= MAX_PREFILLED else [],
                    plan_id=plan_id,
                    version=version,
                    when=when(starts_at, self.app.now()),
                    channel=channel,
                ),
                heading="Log the meeting? (Esc: not now) — it is what briefs its audience",
            )
        )
