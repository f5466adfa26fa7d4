"""Add or edit a stakeholder: the fields of `stakeholders add/edit`, validated by the same checks."""

from dataclasses import dataclass

from textual import work
from textual.message import Message

from db.models import Stakeholder
from stakeholders.errors import InputError, NotFound
from stakeholders.people import add_person, edit_person, tags_of
from stakeholders.untrusted import whole_number
from tui.data.writing import attempt_write
from tui.screens.form import Field, FormScreen

TEXT_FIELDS = ["name", "email", "title", "organization", "phone", "owner", "notes"]


def _tags(text: str) -> list[str]:
    return [t.strip().lower() for t in text.replace(";", ",").split(",") if t.strip()]


class PersonFormScreen(FormScreen):
    """`person_id` None adds a stakeholder; otherwise edits that one (fields load first)."""

    @dataclass
    class Loaded(Message):
        values: dict[str, str]

    def __init__(self, person_id: int | None) -> None:
        super().__init__()
        self.person_id = person_id
        self.HEADING = "New stakeholder" if person_id is None else "Edit stakeholder"
        self.original_tags: list[str] = []

    def fields(self) -> list[Field]:
        default_scale = "2" if self.person_id is None else ""  # §2: a new person lands in "monitor"
        return [
            Field("name", "Name", placeholder="required"),
            Field("email", "E-mail"),
            Field("title", "Title"),
            Field("organization", "Organization", placeholder="company, division or department"),
            Field("phone", "Phone"),
            Field("influence", "Influence", default_scale, placeholder="1 minimal … 5 decisive"),
            Field("interest", "Interest", default_scale, placeholder="1 minimal … 5 decisive"),
            Field("owner", "Owner", placeholder="team member who owns the relationship"),
            Field("tags", "Tags", placeholder="comma-separated, e.g. cx-team, steering"),
            Field("cadence_days", "Cadence", placeholder="days between contacts (blank: from the quadrant)"),
            Field("notes", "Notes", placeholder="private to the team"),
        ]

    def on_mount(self) -> None:
        self.field("name").focus()
        if self.person_id is not None:
            self.load_person()

    @work(thread=True, exclusive=True, group="person-form-load", exit_on_error=False)
    def load_person(self) -> None:
        with self.app.store.session() as session:  # type: ignore[attr-defined]
            person = session.get(Stakeholder, self.person_id)
            if person is None:
                return
            values = {key: str(getattr(person, key) or "") for key in TEXT_FIELDS}
            values |= {"influence": str(person.influence), "interest": str(person.interest),
                       "cadence_days": str(person.cadence_days or ""),
                       "tags": ", ".join(tags_of(session, person.id))}  # type: ignore[arg-type]
        self.post_message(self.Loaded(values))

    def on_person_form_screen_loaded(self, message: Loaded) -> None:
        for key, value in message.values.items():
            self.field(key).value = value
        self.original_tags = _tags(message.values["tags"])

    @work(thread=True, group="person-form-save", exit_on_error=False)
    def save(self, values: dict[str, str]) -> None:
        outcome = attempt_write(self.app.store, lambda session: self._write(session, values))  # type: ignore[attr-defined]
        self.app.call_from_thread(self.finish, outcome)

    def _write(self, session, values: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
        if not values["name"].strip():
            raise InputError("a stakeholder needs a name")
        fields: dict[str, object] = {key: values[key].strip() or None for key in TEXT_FIELDS}
        for key in ("influence", "interest"):
            fields[key] = values[key].strip() or None
        cadence = values["cadence_days"].strip()
        if cadence and whole_number(cadence) is None:  # ASCII digits only (int() refuses "³")
            raise InputError(f"cadence '{cadence}' is not a number of days")
        fields["cadence_days"] = whole_number(cadence)
        tags = _tags(values["tags"])
        if self.person_id is None:
            person = add_person(session, fields, tags)
            return f"added {person.name}"
        person = session.get(Stakeholder, self.person_id)
        if person is None:
            raise NotFound("this stakeholder no longer exists (merged or forgotten)")
        # A blank scale keeps the value; every other blank clears the field, as the form shows it.
        changes = {k: v for k, v in fields.items() if v is not None or k not in ("influence", "interest", "name")}
        untag = [t for t in self.original_tags if t not in tags]
        edit_person(session, person, changes, tags, untag)
        return f"saved {person.name}"
