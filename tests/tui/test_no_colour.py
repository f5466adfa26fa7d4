"""Readable without colour (§7): under NO_COLOR every warning stands out by weight or reverse video,
never as dim grey, and text meets 4.5:1 — measured on the cells the app actually draws."""

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.color import Color

from tests.tui.conftest import SIZE, pilot_test, settle

MIN_CONTRAST = 4.5


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(style: Style) -> float:
    """The contrast ratio of a drawn cell's text against its background (reverse swaps them)."""
    fg, bg = style.color, style.bgcolor
    assert isinstance(fg, RichColor) and isinstance(bg, RichColor), style
    a, b = Color.from_rich_color(fg), Color.from_rich_color(bg)
    if style.reverse:
        a, b = b, a
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def drawn(app: App[None], needle: str) -> list[Style]:
    """The styles of the cells that draw `needle`, wherever it is first on screen."""
    for strip in app.screen._compositor.render_strips():
        cells: list[tuple[str, Style]] = []
        for segment in strip:
            cells.extend((ch, segment.style or Style()) for ch in segment.text)
        line = "".join(ch for ch, _ in cells)
        at = line.find(needle)
        if at >= 0:
            return [style for _, style in cells[at : at + len(needle)]]
    shown = "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())
    raise AssertionError(f"{needle!r} is not on screen:\n{shown}")


def assert_stands_out(app: App[None], needle: str) -> None:
    for style in drawn(app, needle):
        assert style.bold or style.reverse, f"{needle!r} drawn as {style}: not marked by weight or reverse"
        assert not style.dim, f"{needle!r} is dimmed"
        assert contrast(style) >= MIN_CONTRAST, f"{needle!r} drawn at {contrast(style):.1f}:1 ({style})"


@pilot_test
async def test_dashboard_warnings_stand_out_without_colour(app_factory, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
        assert_stands_out(app, "5 would be surprised")
        assert_stands_out(app, "1 at risk")
        assert_stands_out(app, "✗")
        assert_stands_out(app, "!! red")


@pilot_test
async def test_events_and_stances_stand_out_without_colour(app_factory, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "tab")
        await settle(pilot)
        assert_stands_out(app, "surprised ")  # the flag column of the first flagged person
        await pilot.press("s")
        await settle(pilot)
        assert_stands_out(app, "R resistant")


@pilot_test
async def test_ordinary_text_is_readable_in_the_default_theme(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for needle in ("would be surprised", "Call list", "Dashboard"):
            for style in drawn(app, needle):
                assert contrast(style) >= MIN_CONTRAST, f"{needle!r} drawn at {contrast(style):.1f}:1"
