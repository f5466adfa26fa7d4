"""The one table of the TUI's screens: mode, label, key and class (issue 15).

Plain data, no Textual: the app's modes, the navigation bar, the help screen and the CLI's
`--screen` choice all read it, so a screen added here appears everywhere at once.
"""

from typing import NamedTuple


class ScreenName(NamedTuple):
    mode: str
    """The app's mode id."""
    label: str
    """As the navigation bar shows it; lowercased, the CLI's `--screen` value."""
    key: str
    module: str
    cls: str

    @property
    def cli_name(self) -> str:
        return self.label.lower()


SCREENS: tuple[ScreenName, ...] = (
    ScreenName("dashboard", "Dashboard", "d", "tui.screens.dashboard", "DashboardScreen"),
    ScreenName("people", "Stakeholders", "s", "tui.screens.people", "PeopleScreen"),
    ScreenName("plans", "Plans", "p", "tui.screens.plans", "PlansScreen"),
    ScreenName("events", "Events", "e", "tui.screens.events", "EventsScreen"),
    ScreenName("map", "Map", "m", "tui.screens.map", "MapScreen"),
)

BY_MODE = {screen.mode: screen for screen in SCREENS}

CLI_CHOICES = {screen.cli_name: screen.mode for screen in SCREENS}
"""`stakeholders --screen NAME` to the app's mode."""
