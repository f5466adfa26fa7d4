"""The power/interest grid: 5 × 5 cells, influence up, interest across, one letter per stance."""

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.data.map import Cell
from tui.widgets.styles import STANCE_LOOK, look

# The corner cell of each quadrant carries its name, so the grid reads without colour too.
CORNERS = {(5, 1): "KEEP SATISFIED", (5, 5): "MANAGE CLOSELY", (1, 1): "MONITOR", (1, 5): "KEEP INFORMED"}


def quadrant_class(influence: int, interest: int) -> str:
    high_power, high_interest = influence >= 3, interest >= 3
    if high_power:
        return "q-manage" if high_interest else "q-satisfy"
    return "q-inform" if high_interest else "q-monitor"


def cell_text(cell: Cell | None, height: int, corner: str | None, by_division: bool = False) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    lines = max(1, height)
    if corner:
        text.append(corner + "\n", style="bold")
        lines -= 1
    if cell is None or cell.count == 0:
        return text
    if by_division:
        return _division_lines(text, cell, lines)
    shown = cell.people[: lines if cell.count <= lines else max(0, lines - 1)]
    for _, name, level in shown:
        letter, role = STANCE_LOOK[level]
        text.append(letter, style=look(role))
        text.append(f" {name}\n")
    rest = cell.count - len(shown)
    if rest > 0:
        counts = " ".join(f"{n}{STANCE_LOOK[level][0]}" for level, n in cell.stances.most_common(3))
        text.append(f"+{rest} more ({counts})", style="italic")
    return text


def _division_lines(text: Text, cell: Cell, lines: int) -> Text:
    """The cell grouped by division: how many of its people are in each, most first (§7, issue 17)."""
    groups = sorted(cell.divisions.items(), key=lambda item: (-item[1], item[0] == "", item[0].lower()))
    shown = groups[: lines if len(groups) <= lines else max(0, lines - 1)]
    for division, count in shown:
        text.append(f"{count:>2} ", style="bold")
        text.append(division or "(no division)")
        for level, n in sorted(cell.division_stances.get(division, {}).items(), key=lambda item: -item[1]):
            letter, role = STANCE_LOOK[level]
            text.append(" ")
            text.append(f"{n}{letter}" if n > 1 else letter, style=look(role))
        text.append("\n")
    if len(groups) > len(shown):
        text.append(f"+{len(groups) - len(shown)} more divisions", style="italic")
    return text


class MapGrid(Widget, can_focus=True):
    """Arrow keys choose a cell; Enter asks for its people list."""

    BINDINGS = [
        Binding("up", "move(1, 0)", "More influence", show=False, id="map.up"),
        Binding("down", "move(-1, 0)", "Less influence", show=False, id="map.down"),
        Binding("left", "move(0, -1)", "Less interest", show=False, id="map.left"),
        Binding("right", "move(0, 1)", "More interest", show=False, id="map.right"),
        Binding(
            "enter",
            "choose",
            "People in cell",
            id="map.choose",
            tooltip="Go to the list of the people in the chosen cell (Enter there opens one)",
        ),
    ]

    selected: reactive[tuple[int, int]] = reactive((5, 5))
    """(influence, interest) of the highlighted cell."""

    @dataclass
    class Chosen(Message):
        grid: "MapGrid"
        influence: int
        interest: int

        @property
        def control(self) -> "MapGrid":
            return self.grid

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cells: dict[tuple[int, int], Cell] = {}
        self.by_division = False
        """Each cell lists its divisions with their counts instead of names (the map's `g`)."""

    def compose(self) -> ComposeResult:
        yield Static("infl.", classes="axis corner")
        for interest in range(1, 6):
            yield Static(f"interest {interest}", classes="axis axis-x")
        for influence in range(5, 0, -1):
            yield Static(f" {influence}", classes="axis axis-y")
            for interest in range(1, 6):
                yield Static(id=f"cell-{influence}-{interest}", classes=f"cell {quadrant_class(influence, interest)}")

    def on_mount(self) -> None:
        self.watch_selected(self.selected)

    def show(self, cells: dict[tuple[int, int], Cell], by_division: bool | None = None) -> None:
        self.cells = cells
        if by_division is not None:
            self.by_division = by_division
        self._render_cells()

    def _render_cells(self) -> None:
        for (influence, interest), static in self._statics():
            static.update(
                cell_text(
                    self.cells.get((influence, interest)),
                    static.size.height or 3,
                    CORNERS.get((influence, interest)),
                    self.by_division,
                )
            )

    def _statics(self):  # type: ignore[no-untyped-def]
        for influence in range(1, 6):
            for interest in range(1, 6):
                yield (influence, interest), self.query_one(f"#cell-{influence}-{interest}", Static)

    def on_resize(self, event: events.Resize) -> None:
        # Each cell shows as many names as fit; sizes are known only after layout.
        self.call_after_refresh(self._render_cells)

    def watch_selected(self, value: tuple[int, int]) -> None:
        for key, static in self._statics():
            static.set_class(key == value, "-selected")

    def action_move(self, d_influence: int, d_interest: int) -> None:
        influence, interest = self.selected
        self.selected = (min(5, max(1, influence + d_influence)), min(5, max(1, interest + d_interest)))

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self, *self.selected))

    def on_click(self, event: events.Click) -> None:
        if event.widget is not None and event.widget.id and event.widget.id.startswith("cell-"):
            _, influence, interest = event.widget.id.split("-")
            self.selected = (int(influence), int(interest))
