"""Messages the whole app listens to (a widget's own messages live in the widget)."""

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """The database changed (here or in another process): visible screens reload.

    `generation` counts changes seen so far; a screen remembers the one it
    loaded and reloads on resume when it is behind.
    """

    generation: int
