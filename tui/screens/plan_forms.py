"""`Add plan`, `Revise plan`, `Approve version`, `Compare versions` (§7): `plan add|revise|approve|diff` as forms."""

from sqlmodel import Session
from textual import getters, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, TextArea

from tui.app import StakeholdersApp
from tui.data import checks
from tui.data.plan_forms import (
    add_plan_from_form,
    approve_from_form,
    compare_versions,
    current_body,
    plan_names,
)
from tui.data.writing import Outcome, attempt_file
from tui.screens.change_form import ChangeForm, Prepared, TextScreen
from tui.screens.form import Field


class BodyForm(ChangeForm):
    """A plan form with a markdown body: several lines, so a text area (Enter is a new line there)."""

    HINT = "ctrl+s saves (Enter in a one-line field too) · Esc cancels · Tab next field · → accepts a suggestion"
    DEFAULT_CSS = """
    BodyForm #f-body-area { height: 6; border: none; background: $boost; }
    BodyForm #f-body-area:focus { background: $primary 35%; }
    """

    def compose_extra(self) -> ComposeResult:
        with Horizontal(classes="form-row", id="body-row"):
            yield Label("Body", classes="form-label")
        yield TextArea("", id="f-body-area", language=None, soft_wrap=True, tab_behavior="focus")

    def values(self) -> dict[str, str]:
        return super().values() | {"body": self.query_one("#f-body-area", TextArea).text}


class AddPlanScreen(BodyForm):
    HEADING = "Add a plan (it starts at version 1)"

    def fields(self) -> list[Field]:
        return [
            Field("name", "Name", placeholder="the change being socialised, e.g. Onboarding revamp"),
            Field("summary", "Summary", placeholder="one line: what the plan is"),
        ]

    def field_checks(self) -> dict[str, checks.Check]:
        return {
            "name": checks.required("a plan needs a name"),
            "summary": checks.required("one line: what the plan is"),
        }

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: add_plan_from_form(session, values), values)


class RevisePlanScreen(BodyForm):
    HEADING = "Revise a plan: its next version"

    def __init__(self, plan: str = "") -> None:
        super().__init__()
        self.plan = plan

    def fields(self) -> list[Field]:
        return [
            Field("plan", "Plan", self.plan, placeholder="which plan"),
            Field("summary", "Summary", placeholder="one line: the plan as it now stands"),
            Field("changes", "Changes", placeholder="what changed since the previous version"),
        ]

    def first_field(self) -> Input:
        return self.field("summary") if self.plan else super().first_field()

    def prepare(self, session: Session) -> Prepared:
        summary, body = current_body(session, self.plan) if self.plan else ("", "")
        if body:
            self.app.call_from_thread(self.query_one("#f-body-area", TextArea).load_text, body)
        return {"summary": summary}, {"plan": (plan_names(session), False)}

    def save(self, values: dict[str, str]) -> None:
        from tui.data.plan_forms import revise_plan_from_form

        self.save_with(lambda session: revise_plan_from_form(session, values), values)

    def field_checks(self) -> dict[str, checks.Check]:
        return {"plan": checks.plan(), "summary": checks.required("one line: the plan as it now stands")}


class ApproveScreen(ChangeForm):
    app = getters.app(StakeholdersApp)

    HEADING = "Approve a version: record its sign-off"

    def __init__(self, plan: str = "", version: int | None = None) -> None:
        super().__init__()
        self.plan, self.version = plan, version

    def fields(self) -> list[Field]:
        return [
            Field("plan", "Plan", self.plan, placeholder="which plan"),
            Field("version", "Version", str(self.version or ""), placeholder="blank: the current one"),
            Field("by", "By", placeholder="who signed it off, e.g. Chris (CMO)"),
            Field("when", "When", "now", placeholder="now, yesterday 15:00…"),
        ]

    def first_field(self) -> Input:
        return self.field("by") if self.plan else super().first_field()

    def prepare(self, session: Session) -> Prepared:
        return {}, {"plan": (plan_names(session), False)}

    def field_checks(self) -> dict[str, checks.Check]:
        return {
            "plan": checks.plan(),
            "version": checks.version,
            "by": checks.required("who signed it off?"),
            "when": checks.date("log", self.app.now(), dayfirst=self.app.settings.dayfirst),
        }

    def save(self, values: dict[str, str]) -> None:
        now = self.app.now()
        self.save_with(
            lambda session: approve_from_form(session, values, now, dayfirst=self.app.settings.dayfirst), values
        )


class CompareScreen(ChangeForm):
    app = getters.app(StakeholdersApp)

    """Not a change: reads two versions and shows their diff (`plan diff`)."""

    HEADING = "Compare two versions of a plan"
    HINT = "Enter shows the differences · Esc cancels · → accepts a suggestion"

    def __init__(self, plan: str = "", a: int | None = None, b: int | None = None) -> None:
        super().__init__()
        self.plan, self.a, self.b = plan, a, b

    def fields(self) -> list[Field]:
        return [
            Field("plan", "Plan", self.plan, placeholder="which plan"),
            Field("a", "From version", str(self.a or ""), placeholder="blank: the one before"),
            Field("b", "To version", str(self.b or ""), placeholder="blank: the current one"),
        ]

    def prepare(self, session: Session) -> Prepared:
        return {}, {"plan": (plan_names(session), False)}

    def save(self, values: dict[str, str]) -> None:
        self._compare(values)

    @work(thread=True, group="compare", exit_on_error=False)
    def _compare(self, values: dict[str, str]) -> None:
        outcome = attempt_file(self.app.store, lambda session: compare_versions(session, values))
        self.app.call_from_thread(self._compared, outcome)

    def _compared(self, outcome: Outcome[tuple[str, str]]) -> None:
        self.saving = False
        if outcome.error is not None or outcome.value is None:
            self.show_error(outcome.error or "nothing to compare")
            return
        from tui.screens.plans import diff_text

        heading, text = outcome.value
        self.dismiss(None)
        self.app.push_screen(TextScreen(heading, diff_text(text)))
