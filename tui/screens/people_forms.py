"""The stakeholder forms of §7: archive, unarchive, set stance, influence links, merge, forget.

Each opens pre-filled with the person in focus, completes names, and saves through the use cases
(tui/data/people_forms.py); the change goes on the undo stack (C's ChangeForm, tui/screens/change_form.py).
A form is itself the confirmation: the key opens it, Enter (or ctrl+s) does it, Esc does nothing.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlmodel import Session
from textual import getters, work
from textual.widgets import Static

from db.enums import StanceLevel
from tui.app import StakeholdersApp
from tui.data.people_forms import (
    archive_from_form,
    confirmed_for_forgetting,
    find_person,
    focused_label,
    link_from_form,
    merge_from_form,
    merge_question,
    person_choices,
    plan_of,
    stance_from_form,
)
from tui.data.plan_forms import plan_names
from tui.data.writing import Outcome, attempt_file
from tui.screens.change_form import ChangeForm, ConfirmScreen, Prepared
from tui.screens.form import Field

if TYPE_CHECKING:
    from db.store import Store

Found = TypeVar("Found")
STAKEHOLDER = Field("person", "Stakeholder", placeholder="name or e-mail")
"""The person a form is about, pre-filled with the one in focus."""


class PersonActionForm(ChangeForm):
    """A form about one person, the one in focus unless the user types another."""

    app = getters.app(StakeholdersApp)

    PERSON_FIELD = "person"
    ARCHIVED_TOO = False
    """Whether archived people are offered as completions (unarchive, merge, forget, history)."""

    FOCUS = ""
    """The field to type in once the person in focus is filled in (the next thing to say)."""

    def __init__(self, person_id: int | None = None) -> None:
        super().__init__()
        self.person_id = person_id

    def fields(self) -> list[Field]:
        return [STAKEHOLDER]

    def prepare(self, session: Session) -> Prepared:
        names = person_choices(session, archived_too=self.ARCHIVED_TOO)
        return {self.PERSON_FIELD: focused_label(session, self.person_id)}, {self.PERSON_FIELD: names}

    def _prepared(self, prepared: Prepared) -> None:
        if not self.is_attached:
            return  # closed before the names came
        untouched = not self.field(self.PERSON_FIELD).value  # the user has not started typing a name
        super()._prepared(prepared)
        if (
            self.FOCUS
            and untouched
            and prepared[0].get(self.PERSON_FIELD)
            and self.focused is self.field(self.PERSON_FIELD)
        ):
            self.field(self.FOCUS).focus()

    def resolved(self, outcome: Outcome[Found]) -> Found | None:
        """What a lookup off the UI thread found; None once its refusal is shown, or the form is closed
        (Esc while the names were looked up: the user changed their mind)."""
        if not self.is_current:
            return None
        if outcome.error is not None or outcome.value is None:
            self.finish(Outcome(error=outcome.error or "no such stakeholder"))
            return None
        self.saving = False
        return outcome.value


class PersonPairForm(PersonActionForm):
    """Two people completed from the same names (who sways whom, which record goes): the person in focus
    fills the first field; the cursor waits in the second."""

    PAIR: tuple[Field, Field]

    def fields(self) -> list[Field]:
        return list(self.PAIR)

    def prepare(self, session: Session) -> Prepared:
        values, suggestions = super().prepare(session)
        suggestions[self.FOCUS] = suggestions[self.PERSON_FIELD]
        return values, suggestions


class PersonPickForm(PersonActionForm):
    """Whom an action is about, when nobody is in focus: `then(person_id)` runs once the name resolves."""

    HINT = "Enter goes on · Esc cancels · → accepts a suggestion"

    def __init__(self, heading: str, then: Callable[[int], object], *, archived_too: bool = False) -> None:
        super().__init__(None)
        self.HEADING = heading
        self.then = then
        self.ARCHIVED_TOO = archived_too

    def save(self, values: dict[str, str]) -> None:
        self._pick(values)

    @work(thread=True, group="person-pick", exit_on_error=False)
    def _pick(self, values: dict[str, str]) -> None:
        outcome = attempt_file(self.app.store, lambda s: find_person(s, values.get("person", "")).id)
        self.app.call_from_thread(self._picked, outcome)

    def _picked(self, outcome: Outcome[int | None]) -> None:
        person_id = self.resolved(outcome)
        if person_id is not None:
            self.dismiss(None)
            self.then(person_id)


class ArchiveForm(PersonActionForm):
    """Archive: off the lists and the rules, history kept; undoable."""

    HEADING = "Archive stakeholder — off the lists and the rules; their history is kept"
    HINT = "Enter archives · ctrl+z undoes afterwards · Esc cancels"

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: archive_from_form(session, values, archived=True))


class UnarchiveForm(PersonActionForm):
    HEADING = "Unarchive stakeholder — back on the lists and in the rules"
    HINT = "Enter unarchives · ctrl+z undoes afterwards · Esc cancels"
    ARCHIVED_TOO = True

    def fields(self) -> list[Field]:
        return [Field("person", "Stakeholder", placeholder="name or e-mail of an archived stakeholder")]

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: archive_from_form(session, values, archived=False))


class StanceForm(PersonActionForm):
    """`stance PERSON LEVEL --plan PLAN`: a stance observed now, without a touchpoint."""

    HEADING = "Set stance — where they stand on a plan now"

    def fields(self) -> list[Field]:
        levels = tuple(level.value for level in StanceLevel)
        return [
            STAKEHOLDER,
            Field("plan", "Plan", placeholder="the plan the stance is about"),
            Field("level", "Stance", placeholder=" · ".join(levels), suggestions=levels),
        ]

    def __init__(self, person_id: int | None = None, plan_id: int | None = None) -> None:
        super().__init__(person_id)
        self.plan_id = plan_id

    def prepare(self, session: Session) -> Prepared:
        values, suggestions = super().prepare(session)
        values["plan"] = plan_of(session, self.person_id, self.plan_id)
        suggestions["plan"] = (plan_names(session), False)
        return values, suggestions

    FOCUS = "level"

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: stance_from_form(session, values))


class InfluenceForm(PersonPairForm):
    """`influence A B` / `influence remove A B`."""

    PAIR = (
        Field("influencer", "Influencer", placeholder="the one whose word counts"),
        Field("influenced", "Influences", placeholder="the one they sway"),
    )
    PERSON_FIELD, FOCUS = PAIR[0].key, PAIR[1].key

    def __init__(self, person_id: int | None = None, *, linked: bool = True) -> None:
        super().__init__(person_id)
        self.linked = linked
        self.HEADING = (
            "Add influence link — who sways whom" if linked else "Remove influence link — they no longer sway them"
        )

    def save(self, values: dict[str, str]) -> None:
        self.save_with(lambda session: link_from_form(session, values, self.linked))


class MergeForm(PersonPairForm):
    """`merge DUPLICATE --into PERSON`. A merge moves many records and cannot be undone: the form says so."""

    HEADING = "Merge stakeholders — the duplicate's records move to the one kept; this cannot be undone"
    HINT = "Enter asks before it merges · Esc cancels · Tab next field · → accepts a suggestion"
    PAIR = (
        Field("duplicate", "Duplicate", placeholder="the record that goes"),
        Field("survivor", "Keep", placeholder="the record that stays (its fields win)"),
    )
    PERSON_FIELD, FOCUS = PAIR[0].key, PAIR[1].key
    ARCHIVED_TOO = True

    def save(self, values: dict[str, str]) -> None:
        self._check(values)

    @work(thread=True, group="merge-check", exit_on_error=False)
    def _check(self, values: dict[str, str]) -> None:
        """Both names resolved first, so the question names the two records the merge would touch."""
        outcome = attempt_file(self.app.store, lambda session: merge_question(session, values))
        self.app.call_from_thread(self._ask, values, outcome)

    def _ask(self, values: dict[str, str], outcome: Outcome[str]) -> None:
        question = self.resolved(outcome)
        if question is None:
            return
        self.query_one("#form-error", Static).update("")

        def answered(yes: bool | None) -> None:
            if yes:
                self.saving = True
                self.save_with(lambda session: merge_from_form(session, values))

        self.app.push_screen(ConfirmScreen(question, "y merges them", "n or Esc changes nothing"), answered)


class ForgetForm(PersonActionForm):
    """`forget PERSON --yes` (§8): erase a person; confirmed by typing their name, as it cannot be undone."""

    HEADING = "Forget stakeholder — erase them and every record that names them. This cannot be undone."
    HINT = "Type their full name to confirm, then Enter · Esc cancels"
    ARCHIVED_TOO = True

    def fields(self) -> list[Field]:
        return [
            STAKEHOLDER,
            Field("confirm", "Type name", placeholder="their full name, to confirm"),
        ]

    FOCUS = "confirm"

    def save(self, values: dict[str, str]) -> None:
        self._forget(values)

    @work(thread=True, group="forget", exit_on_error=False)
    def _forget(self, values: dict[str, str]) -> None:
        outcome = forget_in_store(self.app.store, values)
        self.app.call_from_thread(self._forgotten, outcome)

    def _forgotten(self, outcome: Outcome[str]) -> None:
        self.ended(outcome, self.app.wrote)


def forget_in_store(store: "Store", values: dict[str, str]) -> Outcome[str]:
    """The CLI's `forget` (stakeholders.forget.forget: the file checked first, the person erased with
    secure delete, the freed space purged), once the form's typed confirmation matches."""
    from db.engine import StoreError
    from stakeholders.errors import StakeholdersError
    from stakeholders.forget import ErasedButLogHeld, forget

    try:
        with store.session() as session:
            person_id = confirmed_for_forgetting(session, values)
        done = forget(store, str(person_id))
    except ErasedButLogHeld as exc:
        held = f"; {len(exc.older_backups)} earlier backup(s) still hold them" if exc.older_backups else ""
        return Outcome(
            value=f"Erased, but the database file may still hold traces until it is closed ({exc.cause}){held}"
        )
    except StoreError as exc:
        return Outcome(error=f"the database needs attention first, nothing was erased: {exc}")
    except StakeholdersError as exc:
        return Outcome(error=str(exc))
    message = f"Forgot {done.name}: every record about them is erased"
    if done.older_backups:
        paths = ", ".join(str(p) for p in done.older_backups)
        message += f"; {len(done.older_backups)} earlier backup(s) still hold them: {paths}"
    elif done.on_server:
        message += "; PostgreSQL may still hold them in its WAL, replicas and base backups"
    return Outcome(value=message)
