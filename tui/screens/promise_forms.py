"""`Resolve concern` and `Add follow-up` (§7): `concern resolve` and `followup add` as forms."""

from sqlmodel import Session
from textual import getters
from textual.widgets import Input

from tui.app import StakeholdersApp
from tui.data import checks
from tui.data.plan_forms import person_names, promise_from_form, resolve_from_form, versions_of_concern
from tui.screens.change_form import ChangeForm, Prepared
from tui.screens.form import Field


class ResolveConcernScreen(ChangeForm):
    """How it was resolved: the plan version that addressed it, or a note (or both)."""

    def __init__(self, concern_id: int, who: str, text: str) -> None:
        super().__init__()
        self.concern_id = concern_id
        self.HEADING = f"Resolve {who}'s concern: “{text}”"

    def fields(self) -> list[Field]:
        return [
            Field("version", "By version", placeholder="the plan version that addressed it, e.g. 2"),
            Field("note", "Or a note", placeholder="how it was settled, e.g. agreed on the call"),
        ]

    def prepare(self, session: Session) -> Prepared:
        return {}, {"version": (versions_of_concern(session, self.concern_id), False)}

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: resolve_from_form(session, self.concern_id, values))


class AddFollowUpScreen(ChangeForm):
    app = getters.app(StakeholdersApp)

    HEADING = "Add a follow-up: a promise we made"

    def __init__(self, who: str = "", person_ids: list[int] | None = None) -> None:
        super().__init__()
        self.who, self.person_ids = who, person_ids or []

    def fields(self) -> list[Field]:
        return [
            Field("who", "Owed to", self.who, placeholder="names or e-mails, comma-separated", multi=True),
            Field("text", "Promise", placeholder="send the revised deck"),
            Field("due", "Due", placeholder="friday, in 3 days, 2026-12-10…"),
            Field("by", "Owner", placeholder="blank: you"),
        ]

    def first_field(self) -> Input:
        return self.field("text") if self.who or self.person_ids else super().first_field()

    def prepare(self, session: Session) -> Prepared:
        from db.models import Stakeholder
        from tui.data.log_form import person_label

        people = [p for p in (session.get(Stakeholder, i) for i in self.person_ids) if p is not None]
        who = {"who": ", ".join(person_label(session, p) for p in people)} if people else {}
        return who, {"who": (person_names(session), True)}

    def save(self, values: dict[str, str]) -> None:
        now = self.app.now()
        self.save_with(
            lambda session: promise_from_form(session, values, now, dayfirst=self.app.settings.dayfirst), values
        )

    def field_checks(self) -> dict[str, checks.Check]:
        return {
            "who": checks.people,
            "text": checks.required("what was promised?"),
            "due": checks.date("due", self.app.now(), dayfirst=self.app.settings.dayfirst),
        }
