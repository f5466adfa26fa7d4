"""Every key, screen by screen, read from the bindings themselves so it cannot drift."""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "backspace": "Backspace",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "tab": "Tab",
    "f1": "F1",
}
EXTRA = [
    (
        "Everywhere",
        [
            ("^p", "Command palette: jump to any person, plan or event; run any command"),
            ("Tab / Shift+Tab", "Next / previous panel or field"),
            ("↑ ↓ PgUp PgDn Home End", "Move in a table"),
            ("Enter", "Open the row under the cursor"),
        ],
    ),
]


def key_text(key: str) -> str:
    parts = []
    for one in key.split(","):
        one = one.strip()
        if one.startswith("ctrl+"):
            parts.append("^" + NAMES.get(one[5:], one[5:]))
        else:
            parts.append(NAMES.get(one, one))
    return " / ".join(parts)


SCREEN_EXTRAS = {
    "events": [("l", "Log a call with the flagged person (event's plan and version)")],
    "map": [("↑ ↓ ← →", "Choose a cell")],
}


def _action_keys(screen_class: type | None) -> list[tuple[str, str]]:
    """The registry's keys (tui/actions) live everywhere (None) or on that screen class; a key the
    screen binds itself is left out (the screen's own binding is the one that acts there)."""
    from tui.actions import all_actions

    own = {b.key for b in getattr(screen_class, "BINDINGS", []) if isinstance(b, Binding)}
    name = screen_class.__name__ if screen_class is not None else None
    return [
        (key_text(a.key), f"{a.name}: {a.help}")
        for a in all_actions()
        if a.key and a.key not in own and (a.screens is None if name is None else name in (a.screens or ()))
    ]


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    from tui.app import StakeholdersApp, screen_class
    from tui.screen_names import SCREENS
    from tui.screens.form import FormScreen
    from tui.screens.person import PersonScreen
    from tui.screens.settle import DropScreen
    from tui.widgets.lazy_table import LazyTable
    from tui.widgets.mendelow import MapGrid

    widgets: dict[str, list[type]] = {"people": [LazyTable], "map": [MapGrid]}

    def rows(*owners: type) -> list[tuple[str, str]]:
        seen = []
        for owner in owners:
            for b in owner.BINDINGS:  # type: ignore[attr-defined]
                if (
                    isinstance(b, Binding)
                    and b.description
                    and not (b.id or "").startswith("action.")
                    and b.key not in ("up", "down", "pageup", "pagedown", "home", "end", "left", "right")
                ):
                    seen.append((b.key_display or key_text(b.key), b.tooltip or b.description))
        return seen

    screens = []
    for entry in SCREENS:
        cls = screen_class(entry.mode)
        keys = rows(cls, *widgets.get(entry.mode, [])) + _action_keys(cls) + SCREEN_EXTRAS.get(entry.mode, [])
        screens.append((f"{entry.label} ({entry.key})", keys))
    person = rows(PersonScreen) + _action_keys(PersonScreen)
    return [
        ("Everywhere", rows(StakeholdersApp) + _action_keys(None) + EXTRA[0][1]),
        *screens[:2],
        ("Person", person),
        *screens[2:],
        (
            "Forms (log, person, export, brief)",
            rows(FormScreen) + [("Enter", "Save"), ("→", "Accept the grey suggestion")],
        ),
        ("Drop a planned touchpoint", rows(DropScreen)),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, pad_edge=False, expand=True)
        table.add_column("key", style="bold", no_wrap=True, width=24)
        table.add_column("does", ratio=1)
        for title, keys in sections():
            table.add_row(Text(title, style="bold reverse"), "")
            for key, description in keys:
                table.add_row(key, description)
            table.add_row("", "")
        with VerticalScroll(id="help", classes="form"):
            yield Static("Keys  (Esc closes)", classes="form-heading")
            yield Static(table)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
