"""Every action of PRODUCT.md §7, by its exact name there: one registry for the palette, keys and help.

An `Action(name, help, run, key=None, screens=None)`:
- `name` is §7's name, shown as is in the command palette (ctrl+p);
- `help` is the palette's second line and the help screen's text;
- `run(app)` starts it (opens a form, asks, or does it); it may be a coroutine function;
- `key` binds it (a real binding of the app: shown in the footer where it is live, listed in the
  help screen); `screens` names the screen classes where the key works (None: everywhere;
  e.g. `("PeopleScreen", "PersonScreen")`); `show=False` keeps a key out of a crowded footer.
  In the palette every action is always offered.

Areas keep their actions in their own module (`people.py`: stakeholders, stances, links, history,
backup, undo; `work.py`: plans, events, touchpoints, concerns, follow-ups, brief, export, imports)
and this module collects them in `ACTIONS`. The person in focus (for pre-filling) is
`focused_person(app)`.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.app import StakeholdersApp

Runner = Callable[["StakeholdersApp"], Awaitable[Any] | Any]


@dataclass(frozen=True)
class Action:
    name: str
    help: str
    run: Runner
    key: str | None = None
    screens: tuple[str, ...] | None = None
    show: bool = True
    """Whether the key is shown in the footer where it is live (always in the help screen)."""
    footer: str = ""
    """A short word for the footer ("Archive"); the name otherwise."""

    @property
    def binding_id(self) -> str:
        return "action." + self.name.lower().replace(" ", "-")

    def live_on(self, screen: object) -> bool:
        """Whether the key works on `screen` (the palette offers the action everywhere)."""
        return self.screens is None or type(screen).__name__ in self.screens


def focused_person(app: "StakeholdersApp") -> int | None:
    """The person the screen in view is about (the row under the cursor, the page open), if any."""
    from tui.screens.base import DataScreen

    screen = app.screen
    if isinstance(screen, DataScreen):
        ids = screen.log_defaults().person_ids
        return ids[0] if ids else None
    return None


def all_actions() -> list[Action]:
    from tui.actions import people, work

    return [*people.ACTIONS, *work.ACTIONS]


def by_name(name: str) -> Action:
    for action in all_actions():
        if action.name == name:
            return action
    raise KeyError(name)
