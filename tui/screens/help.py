"""Every key, screen by screen, read from the bindings themselves so it cannot drift."""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "space": "Space",
         "backspace": "Backspace", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End",
         "up": "↑", "down": "↓", "left": "←", "right": "→", "tab": "Tab", "f1": "F1"}
EXTRA = [
    ("Everywhere", [("^p", "Command palette: jump to any person, plan or event; run any command"),
                    ("Tab / Shift+Tab", "Next / previous panel or field"),
                    ("↑ ↓ PgUp PgDn Home End", "Move in a table"), ("Enter", "Open the row under the cursor")]),
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


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    from tui.app import StakeholdersApp
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.events import EventsScreen
    from tui.screens.form import FormScreen
    from tui.screens.map import MapScreen
    from tui.screens.people import PeopleScreen
    from tui.screens.person import PersonScreen
    from tui.screens.plans import PlansScreen
    from tui.screens.settle import DropScreen
    from tui.widgets.lazy_table import LazyTable
    from tui.widgets.mendelow import MapGrid

    def rows(*owners: type) -> list[tuple[str, str]]:
        seen = []
        for owner in owners:
            for b in owner.BINDINGS:  # type: ignore[attr-defined]
                if isinstance(b, Binding) and b.description and b.key not in ("up", "down", "pageup", "pagedown",
                                                                              "home", "end", "left", "right"):
                    seen.append((b.key_display or key_text(b.key), b.tooltip or b.description))
        return seen

    return [
        ("Everywhere", rows(StakeholdersApp) + EXTRA[0][1]),
        ("Dashboard (d)", rows(DashboardScreen)),
        ("Stakeholders (s)", rows(PeopleScreen, LazyTable)),
        ("Person", rows(PersonScreen)),
        ("Plans (p)", rows(PlansScreen)),
        ("Events (e)", rows(EventsScreen) + [("l", "Log a call with the flagged person (event's plan and version)")]),
        ("Map (m)", rows(MapScreen, MapGrid) + [("↑ ↓ ← →", "Choose a cell")]),
        ("Forms (log, person, export, brief)", rows(FormScreen) + [("Enter", "Save"),
                                                                   ("→", "Accept the grey suggestion")]),
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
