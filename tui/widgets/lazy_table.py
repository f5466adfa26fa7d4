"""A table that renders and fetches only the rows on screen (the Line API).

The owner hands it the ordered list of row ids (cheap: 50,000 ints) and
answers `RowsNeeded` with the cells of just those ids; rows not yet fetched
show a placeholder. So 50,000 stakeholders cost what a screenful does.
"""

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cells = tuple[str | Text, ...]
CACHE_LIMIT = 4000  # rows kept; far more than a screen, far less than the whole table


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    """Minimum width in cells."""
    flex: int = 0
    """Share of the spare width."""


class LazyTable(ScrollView, can_focus=True):
    """Row ids in order, cells fetched on demand; a fixed header; a row cursor."""

    DEFAULT_CSS = """
    LazyTable { height: 1fr; overflow-x: hidden; overflow-y: auto; }
    LazyTable > .lazy-table--header { text-style: bold; background: $panel; }
    LazyTable > .lazy-table--cursor { background: $surface-lighten-2; }
    LazyTable:focus > .lazy-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    LazyTable:nocolor > .lazy-table--cursor { text-style: reverse; }
    LazyTable > .lazy-table--placeholder { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"lazy-table--header", "lazy-table--cursor", "lazy-table--placeholder"}
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, id="table.up"),
        Binding("down", "move(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.pagedown"),
        Binding("home", "jump(0)", "First row", show=False, id="table.home"),
        Binding("end", "jump(-1)", "Last row", show=False, id="table.end"),
        Binding("enter", "select", "Open", id="table.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index (into the id list) of the highlighted row."""

    @dataclass
    class RowsNeeded(Message):
        """These ids are (nearly) on screen and have no cells yet."""

        table: "LazyTable"
        ids: list[int]

        @property
        def control(self) -> "LazyTable":
            return self.table

    @dataclass
    class Selected(Message):
        table: "LazyTable"
        row_id: int

        @property
        def control(self) -> "LazyTable":
            return self.table

    @dataclass
    class Highlighted(Message):
        """The cursor moved (or the rows changed under it)."""

        table: "LazyTable"
        row_id: int | None

        @property
        def control(self) -> "LazyTable":
            return self.table

    @dataclass
    class HeaderClicked(Message):
        table: "LazyTable"
        column: str

        @property
        def control(self) -> "LazyTable":
            return self.table

    def __init__(self, columns: list[Column], *, empty_text: str = "Nothing to show", id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = columns
        self.empty_text = empty_text
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._ids: list[int] = []
        self._rows: dict[int, Cells] = {}
        self._requested: set[int] = set()
        self._stale: dict[int, Cells] = {}
        self._lines: dict[tuple[int, bool, int], Strip] = {}
        """Rendered rows by (row id, under the cursor, width): a keystroke's repaint mostly re-shows rows."""
        self._styles: dict[str, Style] = {}
        self._widths_of: tuple[int, list[int]] = (-1, [])

    # -- what the owner calls ------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def row_ids(self) -> list[int]:
        """The ids shown, in order (the table's own list: do not change it in place)."""
        return self._ids

    @property
    def cursor_id(self) -> int | None:
        return self._ids[self.cursor] if 0 <= self.cursor < len(self._ids) else None

    def set_ids(self, ids: list[int]) -> None:
        """Show these rows, in this order; the cursor stays on the same id when it is still there."""
        current = self.cursor_id
        self._ids = ids
        self.virtual_size = Size(self.size.width, max(len(ids), 1) + 1)
        try:
            self.cursor = ids.index(current) if current is not None else 0
        except ValueError:
            self.cursor = 0
        self._request_window()
        self.refresh()

    def preload(self, ids: list[int], rows: dict[int, Cells]) -> None:
        """Rows known before the table is mounted: shown in its first frame, nothing requested for them."""
        self._ids = ids
        self._rows = dict(rows)

    def show_rows(self, rows: list[Cells], count: int | None = None) -> None:
        """A known table (a dashboard panel): row ids are the positions. With `count`, there are that
        many rows and `rows` are the cells of the first ones: the others are asked for (RowsNeeded)
        when they come into view."""
        self._rows = dict(enumerate(rows))
        self._stale = {}
        self._lines.clear()
        self._requested.clear()
        self.set_ids(list(range(len(rows) if count is None else count)))

    def set_rows(self, rows: dict[int, Cells]) -> None:
        if len(self._rows) > CACHE_LIMIT:
            self._rows.clear()
            self._stale.clear()
            self._lines.clear()
        self._rows.update(rows)
        self._requested.difference_update(rows)
        if self._lines:
            self._lines = {key: line for key, line in self._lines.items() if key[0] not in rows}
        self._request_window()  # the rows on screen came first; now the screen either side
        self.refresh()

    def forget_rows(self) -> None:
        """The data changed: fetch the rows again. Old cells stay up until the new ones arrive (no flicker)."""
        self._stale, self._rows = self._rows, {}
        self._requested.clear()
        self._lines.clear()
        self._request_window()

    # -- cursor and scrolling --------------------------------------------------------

    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, value: int) -> None:
        self.post_message(self.Highlighted(self, self.cursor_id))
        top = round(self.scroll_y)
        if value < top:
            self.scroll_to(y=value, animate=False)
        elif value >= top + self._body_height:
            self.scroll_to(y=value - self._body_height + 1, animate=False)
        self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._request_window()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, max(len(self._ids), 1) + 1)
        self._request_window()

    def _request_window(self) -> None:
        """Ask for the rows on screen first; once they are in, a screen either side, so paging feels instant."""
        height = max(self.size.height, 10)
        top = round(self.scroll_y)
        ids, rows, requested = self._ids, self._rows, self._requested
        visible = [i for i in ids[top : top + height] if i not in rows]
        if visible:
            missing = [i for i in visible if i not in requested]
        else:
            start, end = max(0, top - height), min(len(ids), top + 2 * height)
            missing = [i for i in ids[start:end] if i not in rows and i not in requested]
        if missing:
            requested.update(missing)
            self.post_message(self.RowsNeeded(self, missing))

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._body_height

    def action_jump(self, where: int) -> None:
        self.cursor = len(self._ids) - 1 if where < 0 else 0

    def action_select(self) -> None:
        if self.cursor_id is not None:
            self.post_message(self.Selected(self, self.cursor_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.post_message(self.HeaderClicked(self, column))
            return
        index = round(self.scroll_y) + offset.y - 1
        if index < len(self._ids):
            if index == self.cursor or event.chain > 1:
                self.cursor = index
                self.action_select()
            self.cursor = index

    # -- rendering ------------------------------------------------------------------------

    def _widths(self, width: int) -> list[int]:
        if self._widths_of[0] == width:
            return self._widths_of[1]
        widths = [c.width for c in self.columns]
        spare = width - sum(widths) - len(widths)  # one space after each column
        flex = sum(c.flex for c in self.columns)
        if spare > 0 and flex:
            for i, column in enumerate(self.columns):
                widths[i] += spare * column.flex // flex
        elif spare < 0:
            widths = _narrowed(widths, [c.flex for c in self.columns], -spare)
        self._widths_of = (width, widths)
        return widths

    def _column_at(self, x: int) -> str | None:
        edge = 0
        for column, width in zip(self.columns, self._widths(self.scrollable_content_region.width), strict=True):
            edge += width + 1
            if x < edge:
                return column.key
        return None

    # Styles are read once per style change, not once a line (`rich_style` walks the DOM).
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._styles.clear()
        self._lines.clear()
        super()._on_focus(event)

    def _on_blur(self, event: events.Blur) -> None:
        self._styles.clear()
        self._lines.clear()
        super()._on_blur(event)

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def _line(self, cells: Cells, style: Style, width: int) -> Strip:
        """One row: each cell cut (…) or padded to its column, a space after each.

        The same segments as rendering the whole row as one rich Text, without rich's span walk for the
        plain cells (most of them): drawing a screenful this way takes a fraction of the time, which
        the first paint and every filter keystroke pay (§9).
        """
        segments: list[Segment] = []
        plain: list[str] = []  # a run of unstyled text is one segment, as rich renders it
        for cell, cell_width in zip(cells, self._widths(width), strict=False):
            if isinstance(cell, Text) and (cell.style or cell.spans):
                if plain:
                    segments.append(Segment("".join(plain), style))
                    plain = []
                text = cell.copy()
                text.truncate(cell_width, overflow="ellipsis", pad=True)
                # Text.render leaves the text's own style out when it has no spans: put it back.
                base = style + self.app.console.get_style(cell.style) if cell.style else style
                segments.extend(
                    Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)
                )
            else:
                plain.append(_fit(cell.plain if isinstance(cell, Text) else strip_control_codes(str(cell)), cell_width))
            plain.append(" ")
        if plain:
            segments.append(Segment("".join(plain), style))
        return Strip(segments).adjust_cell_length(width, style)

    def _header(self, width: int) -> Strip:
        labels = []
        for column in self.columns:
            arrow = ""
            if column.key == self.sort_column:
                arrow = " ▼" if self.sort_reverse else " ▲"
            labels.append(column.label + arrow)
        return self._line(tuple(labels), self._style("lazy-table--header"), width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._style("base")
        if y == 0:
            return self._header(width)
        index = round(self.scroll_y) + y - 1
        if not self._ids:
            # Across the whole width, not the first column's: "no plans yet: ctrl+p, Add plan" must not
            # be cut to "no plans yet: ctrl…" at 80×24.
            text = self.empty_text if y == 1 else ""
            style = self._style("lazy-table--placeholder")
            return Strip([Segment(_fit(" " + text, width), style)]) if text else Strip.blank(width, base)
        if index >= len(self._ids):
            return Strip.blank(width, base)
        row_id = self._ids[index]
        at_cursor = index == self.cursor
        style = self._style("lazy-table--cursor") if at_cursor else base
        cells = self._rows.get(row_id)
        if cells is None:
            cells = self._stale.get(row_id)
            if cells is None:
                placeholder = self._style("lazy-table--placeholder")
                return self._line(("…",), style + placeholder if not at_cursor else style, width)
            return self._line(cells, style, width)
        key = (row_id, at_cursor, width)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > CACHE_LIMIT:
                self._lines.clear()
            line = self._lines[key] = self._line(cells, style, width)
        return line


NARROWEST = 6
"""No column is narrowed below this, nor below two thirds of its own width: its cells end with …
but still say what they are."""


def _narrowed(widths: list[int], flex: list[int], deficit: int) -> list[int]:
    """Columns narrower by `deficit` cells in all, so the last column stays on screen (at 80×24 the
    stakeholders table's "Last contact" was cut to "Las"): the flexible columns give first, a cell at a
    time, the widest first; then the others, the widest first; none below its floor."""
    floors = [max(NARROWEST, width * 2 // 3) for width in widths]
    widths = list(widths)
    for allowed in ([i for i, f in enumerate(flex) if f], list(range(len(widths)))):
        while deficit > 0:
            candidates = [i for i in allowed if widths[i] > floors[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            widths[widest] -= 1
            deficit -= 1
    return widths


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis, or padded with spaces (rich's truncate, pad=True)."""
    return set_cell_size(text, width - 1) + "…" if cell_len(text) > width else set_cell_size(text, width)
