"""The TUI's undo stack: the changes made in this session, newest last (PRODUCT.md §7).

A form or step that changes data runs a use-case wrapper returning a `Change`
(stakeholders/undo.py) and hands it to `app.changed(change)`: the change is pushed here
and a toast names it with the key that undoes it. ctrl+z (and `Undo` in the palette) pops
the newest and runs its inverse in a write transaction off the UI thread; an inverse that
refuses (someone changed it since) says so and is dropped, as it can never succeed.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not at start-up: stakeholders.undo loads SQLAlchemy (§9)
    from stakeholders.undo import Change

UNDO_KEY = "ctrl+z"
DEPTH = 50
"""Kept changes: far more than anyone undoes in a row; the oldest fall off."""


@dataclass
class UndoStack:
    changes: list["Change"] = field(default_factory=list)

    def push(self, change: "Change") -> None:
        """Remember an undoable change; one that cannot be undone ends nothing (older ones stay undoable)."""
        if change.undo is None:
            return
        self.changes.append(change)
        del self.changes[:-DEPTH]

    def pop(self) -> "Change | None":
        return self.changes.pop() if self.changes else None

    def peek(self) -> "Change | None":
        return self.changes[-1] if self.changes else None

    def __len__(self) -> int:
        return len(self.changes)


def toast_text(change: "Change") -> str:
    """The confirming line: what was done, and how to take it back (clicking the toast's link does too)."""
    if change.undo is None:
        return change.label
    return f"{change.label} — [@click=app.undo]ctrl+z undoes[/]"
