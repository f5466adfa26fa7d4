"""Add or edit a stakeholder: every §2 field of `stakeholders add/edit`, validated by the same checks,
plus the desired stance on each plan; the change goes on the undo stack (stakeholders/undo.py)."""

from dataclasses import dataclass

from sqlmodel import Session, select
from textual import getters, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from db.enums import StanceLevel
from db.models import DesiredStance, Plan, Stakeholder
from stakeholders import undo
from stakeholders.errors import Conflict, InputError, NotFound
from stakeholders.people import tags_of
from stakeholders.stances import LEVELS, parse_level
from stakeholders.untrusted import whole_number
from tui.app import StakeholdersApp
from tui.data.log_form import complete
from tui.data.plan_forms import Done
from tui.screens.change_form import ChangeForm, Prepared
from tui.screens.form import Field, ItemSuggester

TEXT_FIELDS = ["name", "email", "title", "organization", "division", "phone", "owner", "notes"]
DESIRED = "desired-"
"""Field keys of the desired stance per plan: `desired-<plan id>`."""


def _tags(text: str) -> list[str]:
    return [t.strip().lower() for t in text.replace(";", ",").split(",") if t.strip()]


class PersonFormScreen(ChangeForm):
    """`person_id` None adds a stakeholder; otherwise edits that one (fields load first)."""

    app = getters.app(StakeholdersApp)

    DEFAULT_CSS = """
    PersonFormScreen .form { overflow-y: auto; }
    PersonFormScreen #desired-rows { height: auto; }
    PersonFormScreen .form-subheading { color: $text-muted; text-style: bold; }
    """

    @dataclass
    class Loaded(Message):
        values: dict[str, str]
        plans: list[tuple[int, str]]

    def __init__(self, person_id: int | None) -> None:
        super().__init__()
        self.person_id = person_id
        self.HEADING = "Add stakeholder" if person_id is None else "Edit stakeholder"
        self.original_tags: list[str] = []
        self.original_desired: dict[int, str] = {}

    def fields(self) -> list[Field]:
        default_scale = "2" if self.person_id is None else ""  # §2: a new person lands in "monitor"
        return [
            Field("name", "Name", placeholder="required"),
            Field("email", "E-mail"),
            Field("title", "Title"),
            Field("organization", "Organization", placeholder="company"),
            Field("phone", "Phone"),
            Field("influence", "Influence", default_scale, placeholder="1 minimal … 5 decisive"),
            Field("interest", "Interest", default_scale, placeholder="1 minimal … 5 decisive"),
            Field("division", "Division", placeholder="department, business unit or region"),
            Field("owner", "Owner", placeholder="team member who owns the relationship"),
            Field("tags", "Tags", placeholder="comma-separated, e.g. cx-team, steering"),
            Field("cadence_days", "Cadence", placeholder="days between contacts (blank: from the quadrant)"),
            Field("notes", "Notes", placeholder="private to the team"),
        ]

    def compose_extra(self) -> ComposeResult:
        yield Vertical(id="desired-rows")  # one row per plan, once the plans are read

    def on_mount(self) -> None:  # ChangeForm's runs too (Textual calls both): it focuses the name
        self.load_person()

    def prepare(self, session: Session) -> Prepared:
        return {}, {}  # the person's own values come with `Loaded`, which also builds the plan rows

    @work(thread=True, exclusive=True, group="person-form-load", exit_on_error=False)
    def load_person(self) -> None:
        values: dict[str, str] = {}
        with self.app.store.session() as session:
            rows = session.exec(select(Plan.id, Plan.name).order_by(Plan.name_key))
            plans = [(int(pid or 0), name) for pid, name in rows]
            if self.person_id is not None:
                person = session.get(Stakeholder, self.person_id)
                if person is None:
                    return
                values = {key: str(getattr(person, key) or "") for key in TEXT_FIELDS}
                values |= {
                    "influence": str(person.influence),
                    "interest": str(person.interest),
                    "cadence_days": str(person.cadence_days or ""),
                    "tags": ", ".join(tags_of(session, self.person_id)),
                }
                for row in session.exec(select(DesiredStance).where(DesiredStance.stakeholder_id == self.person_id)):
                    values[f"{DESIRED}{row.plan_id}"] = row.level.value
        self.post_message(self.Loaded(values, plans))

    def on_person_form_screen_loaded(self, message: Loaded) -> None:
        rows = self.query_one("#desired-rows", Vertical)
        levels = tuple(LEVELS)
        if message.plans:
            rows.mount(Static("Desired stance — where we need them to be, per plan", classes="form-subheading"))
        for plan_id, name in message.plans:
            key = f"{DESIRED}{plan_id}"
            label = name if len(name) <= 13 else name[:12] + "…"
            rows.mount(
                Horizontal(
                    Label(label, classes="form-label"),
                    Input(
                        placeholder=f"on {name}: blank {'keeps the level' if self.person_id else 'means supportive'}",
                        id=f"f-{key}",
                        suggester=ItemSuggester(levels, multi=False),
                        select_on_focus=False,
                    ),
                    classes="form-row",
                )
            )
        for key, value in message.values.items():
            if key.startswith(DESIRED):
                self.original_desired[int(key[len(DESIRED) :])] = value
        self.call_after_refresh(self._fill, message.values)

    def _fill(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            found = self.query(f"#f-{key}")
            if found:
                found.first(Input).value = value
        self.original_tags = _tags(values.get("tags", ""))

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: self._change(session, values))

    def _change(self, session: Session, values: dict[str, str]) -> Done:
        if not values["name"].strip():
            raise InputError("a stakeholder needs a name")
        fields: dict[str, object] = {key: values.get(key, "").strip() or None for key in TEXT_FIELDS}
        for key in ("influence", "interest"):
            fields[key] = values[key].strip() or None
        cadence = values["cadence_days"].strip()
        if cadence and whole_number(cadence) is None:  # ASCII digits only (int() refuses "³")
            raise InputError(f"cadence '{cadence}' is not a number of days")
        fields["cadence_days"] = whole_number(cadence) if cadence else None
        tags = _tags(values["tags"])
        desired = self._desired(values)
        try:
            if self.person_id is None:
                _, change = undo.add(session, fields, tags, desired)
                return Done(change.label, change)
            person = session.get(Stakeholder, self.person_id)
            if person is None:
                raise NotFound("this stakeholder no longer exists (merged or forgotten)")
            # A blank scale keeps the value; every other blank clears the field, as the form shows it.
            changes = {k: v for k, v in fields.items() if v is not None or k not in ("influence", "interest", "name")}
            untag = [t for t in self.original_tags if t not in tags]
            change = undo.edit(session, person, changes, tags, untag, desired)
            return Done(change.label, change)
        except Conflict as exc:
            raise Conflict(_in_tui_words(str(exc))) from None

    def _desired(self, values: dict[str, str]) -> dict[int, StanceLevel]:
        """The levels typed or changed; a blank keeps what there is."""
        desired: dict[int, StanceLevel] = {}
        for key, text in values.items():
            if key.startswith(DESIRED) and text.strip():
                plan_id = int(key[len(DESIRED) :])
                level = parse_level(complete(text, LEVELS))
                if self.original_desired.get(plan_id) != level.value:
                    desired[plan_id] = level
        return desired


def _in_tui_words(message: str) -> str:
    """The use case's refusals name ids and CLI commands; the TUI says it with names and its own actions."""
    if "already belongs to" in message:
        head = message.split(" (id ")[0]
        return f"{head}: use another e-mail, or Merge stakeholders if they are the same person"
    return message
