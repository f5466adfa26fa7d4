"""SVG snapshots of the division views (issue 17) on the demo story, frozen as tests/tui/test_snapshots.py.

Regenerate with `pytest tests/tui/test_snapshots_division.py --snapshot-update`, then look at the SVGs.
"""

from tests.tui.test_snapshots import shoot


def test_map_by_division(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "m", "g")


def test_stakeholders_with_their_division_filtered_to_sales(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "s", "slash", *"sales")
