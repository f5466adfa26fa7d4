"""The top line: where you are and the key to reach each screen (mouse works too)."""

from textual.widgets import Static

from tui.screen_names import SCREENS


class NavBar(Static):
    """One line of screen names; the current one is highlighted (and bracketed, for NO_COLOR)."""

    def __init__(self, current: str) -> None:
        super().__init__(self._markup(current), markup=True)
        self.current = current

    @staticmethod
    def _markup(current: str) -> str:
        parts = []
        for mode, label, key, *_ in SCREENS:
            text = f"{label} [dim]{key}[/dim]"
            if mode == current:
                parts.append(f"[reverse b] {label} [/reverse b]")
            else:
                parts.append(f"[@click=app.go('{mode}')] {text} [/]")
        return "[b]stakeholders[/b] " + "".join(parts)
