"""What every data screen shares: the nav bar, loading off the UI thread, reloading on change."""

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.screen import Screen

from tui.widgets.navbar import NavBar


@dataclass
class LogDefaults:
    """How the log form opens from a screen: the person in focus, the plan version in view."""

    person_ids: list[int] = field(default_factory=list)
    plan_id: int | None = None
    version: int | None = None
    when: str = "now"
    channel: str = "call"


class DataScreen(Screen[None]):
    """A screen fed from the database.

    `load()` starts a thread worker that posts the data back as a message;
    the screen reloads when it becomes visible after a change it has not
    seen (the app counts changes in `generation`).
    """

    NAV: str = ""
    """The nav bar entry this screen highlights."""

    loaded_generation: int = -1

    def compose_nav(self) -> ComposeResult:
        yield NavBar(self.NAV)

    def footer_after_first_frame(self) -> None:
        """Mount the key hints a frame after the data: composing the footer (and composing it again when
        the focus settles) costs ~100-150 ms of styling at start-up, more than §9 allows before the first
        rows or figures. Call from `on_mount`."""
        self.app.after_first_frame(self._mount_footer)  # type: ignore[attr-defined]

    def _mount_footer(self) -> None:
        from textual.widgets import Footer

        self.mount(Footer())

    def on_screen_resume(self) -> None:
        if self.loaded_generation != self.app.generation:  # type: ignore[attr-defined]
            self.reload()

    def reload(self) -> None:
        self.loaded_generation = self.app.generation  # type: ignore[attr-defined]
        # Not before the first frame: the workers import the store's modules (SQLAlchemy) and would take
        # the GIL from that frame; on a store still opening they would only wait for it anyway.
        self.app.after_first_frame(self.load)  # type: ignore[attr-defined]

    def load(self) -> None:
        """Start the worker that reads this screen's data."""

    def log_defaults(self) -> LogDefaults:
        """Pre-fill for the log form: override to name the person in focus."""
        return LogDefaults()

    # A failed load is said by the app, in the user's words, and kept (StakeholdersApp.on_worker_state_changed).
