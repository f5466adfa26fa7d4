"""The Mendelow power/interest quadrant (§3.6) and the approach each suggests.

Plain functions with no database import: the TUI's first page uses them before SQLAlchemy loads.
"""

MANAGE_CLOSELY = "manage closely"
KEEP_SATISFIED = "keep satisfied"
KEEP_INFORMED = "keep informed"
MONITOR = "monitor"

HIGH = 3  # influence or interest at or above this is "high" (§3.6)

APPROACH = {
    MANAGE_CLOSELY: "brief one-on-one before anyone else",
    KEEP_SATISFIED: "brief personally on what touches them; keep it short",
    KEEP_INFORMED: "keep them updated and ask for their ideas",
    MONITOR: "the note to the wider group is enough",
}


def quadrant(influence: int, interest: int) -> str:
    """The Mendelow quadrant: influence and interest of 3 or more count as high."""
    if influence >= HIGH:
        return MANAGE_CLOSELY if interest >= HIGH else KEEP_SATISFIED
    return KEEP_INFORMED if interest >= HIGH else MONITOR


def suggested_approach(quadrant_name: str) -> str:
    """`manage closely: brief one-on-one before anyone else`."""
    return f"{quadrant_name}: {APPROACH[quadrant_name]}"
