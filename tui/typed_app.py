"""Typed access to the app from screens and widgets: `self.app.store` without `type: ignore`.

Put `AppTyped` first among a screen's bases. At run time it adds nothing (Textual's own `app`
property answers); for the type checker, `app` is the StakeholdersApp with its store, clock
and undo stack.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app import StakeholdersApp


class AppTyped:
    if TYPE_CHECKING:

        @property
        def app(self) -> "StakeholdersApp": ...
