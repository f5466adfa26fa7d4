"""The actions on stakeholders (issue 14): add, edit, archive, merge, forget, stances, influence links,
history, back up, and undo. Imports stay inside the runners: the app reads this list at start-up,
before the first frame, and must not load SQLAlchemy or the forms for it (§9).

The person in focus (the row under the cursor, the page open) pre-fills every form; with nobody in
focus the form asks for a name, with completion.
"""

from typing import TYPE_CHECKING

from tui.actions import Action, focused_person
from tui.undo import UNDO_KEY

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.app import StakeholdersApp

PEOPLE = ("PeopleScreen", "PersonScreen")
"""Where the stakeholder keys work: the table of everyone and a person's page."""


def _add(app: "StakeholdersApp") -> None:
    from tui.screens.person_form import PersonFormScreen

    app.push_screen(PersonFormScreen(None))


def _for_person(
    app: "StakeholdersApp", whom: str, then: "Callable[[int], object]", *, archived_too: bool = False
) -> None:
    """`then(person_id)` for the person in focus; with nobody in focus, once the user names them
    (`whom` is the question's heading)."""
    from tui.screens.people_forms import PersonPickForm

    person = focused_person(app)
    if person is not None:
        then(person)
    else:
        app.push_screen(PersonPickForm(whom, then, archived_too=archived_too))


def _edit(app: "StakeholdersApp") -> None:
    from tui.screens.person_form import PersonFormScreen

    _for_person(app, "Edit stakeholder — whom to edit", lambda chosen: app.push_screen(PersonFormScreen(chosen)))


def _form(name: str) -> "type":
    from tui.screens import people_forms

    return getattr(people_forms, name)


def _archive(app: "StakeholdersApp") -> None:
    app.push_screen(_form("ArchiveForm")(focused_person(app)))


def _unarchive(app: "StakeholdersApp") -> None:
    app.push_screen(_form("UnarchiveForm")(focused_person(app)))


def _merge(app: "StakeholdersApp") -> None:
    app.push_screen(_form("MergeForm")(focused_person(app)))


def _forget(app: "StakeholdersApp") -> None:
    app.push_screen(_form("ForgetForm")(focused_person(app)))


def _stance(app: "StakeholdersApp") -> None:
    from tui.screens.base import DataScreen

    plan = app.screen.log_defaults().plan_id if isinstance(app.screen, DataScreen) else None
    app.push_screen(_form("StanceForm")(focused_person(app), plan))


def _link(app: "StakeholdersApp") -> None:
    app.push_screen(_form("InfluenceForm")(focused_person(app), linked=True))


def _unlink(app: "StakeholdersApp") -> None:
    app.push_screen(_form("InfluenceForm")(focused_person(app), linked=False))


def _history(app: "StakeholdersApp") -> None:
    from tui.screens.history import HistoryScreen

    _for_person(
        app, "History — whose changes to list", lambda chosen: app.push_screen(HistoryScreen(chosen)), archived_too=True
    )


def _backup(app: "StakeholdersApp") -> None:
    from tui.screens.history import BackupForm

    app.push_screen(BackupForm())


def _undo(app: "StakeholdersApp") -> None:
    app.action_undo()


ACTIONS: list[Action] = [
    Action(
        "Add stakeholder",
        "A new person: name, e-mail, organization, influence, interest…",
        _add,
        key="n",
        screens=PEOPLE,
        show=False,
    ),
    Action(
        "Edit stakeholder",
        "Every field, tags, division, owner, cadence, desired stance per plan",
        _edit,
        key="E",
        screens=PEOPLE,
        show=False,
    ),
    Action(
        "Archive stakeholder",
        "Off the lists and the rules, history kept (asks first; undoable)",
        _archive,
        key="A",
        screens=("PeopleScreen",),
        footer="Archive",
    ),
    Action(
        "Unarchive stakeholder", "Back on the lists and in the rules", _unarchive, key="U", screens=PEOPLE, show=False
    ),
    Action(
        "Merge stakeholders",
        "Fold a duplicate into the record that stays (asks first; no undo)",
        _merge,
        key="M",
        screens=PEOPLE,
        show=False,
    ),
    Action("Forget stakeholder", "Erase a person and every record naming them (type the name; no undo)", _forget),
    Action(
        "Set stance",
        "Where they stand on a plan now, without logging a touchpoint",
        _stance,
        key="t",
        screens=PEOPLE,
        footer="Stance",
    ),
    Action(
        "Add influence link",
        "Who sways whom: their word counts with the other",
        _link,
        key="i",
        screens=PEOPLE,
        show=False,
    ),
    Action("Remove influence link", "They no longer sway the other", _unlink, key="I", screens=PEOPLE, show=False),
    Action("History", "Every change about a stakeholder: when, who, what", _history, key="h", screens=PEOPLE),
    Action("Back up", "A consistent copy of the database file (asks before replacing a file)", _backup),
    Action(
        "Undo",
        "Take back the last change made here (refused if someone changed it since)",
        _undo,
        key=UNDO_KEY,
        footer="Undo",
    ),
]
