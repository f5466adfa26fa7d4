"""The actions on stakeholders (issue 14): add, edit, archive, merge, forget, stances, influence links,
history, back up, and undo. Imports stay inside the runners: the app reads this list at start-up,
before the first frame, and must not load SQLAlchemy or the forms for it (§9).
"""

from typing import TYPE_CHECKING

from tui.actions import Action
from tui.undo import UNDO_KEY

if TYPE_CHECKING:
    from tui.app import StakeholdersApp


def _undo(app: "StakeholdersApp") -> None:
    app.action_undo()


ACTIONS: list[Action] = [
    Action("Undo", "Take back the last change made here (refused if someone changed it since)", _undo, key=UNDO_KEY),
]
