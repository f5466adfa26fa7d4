"""Log a touchpoint from anywhere, pre-filled with the person in focus (§7).

A practised user: `l`, type or accept the name, Tab to stance, `s`→, Enter.
"""

from dataclasses import dataclass

from textual import getters, work
from textual.message import Message

from db.enums import Channel, StanceLevel
from tui.app import StakeholdersApp
from tui.data.log_form import LogPrefill, check_log_form, log_from_form, prefill
from tui.data.writing import attempt_write
from tui.screens.base import LogDefaults
from tui.screens.form import Field, FormScreen, ItemSuggester


class LogScreen(FormScreen):
    app = getters.app(StakeholdersApp)

    HEADING = "Log a touchpoint"

    @dataclass
    class Prefilled(Message):
        prefill: LogPrefill

    def __init__(self, defaults: LogDefaults) -> None:
        super().__init__()
        self.defaults = defaults

    def fields(self) -> list[Field]:
        levels = tuple(level.value for level in StanceLevel)
        return [
            Field("who", "With", placeholder="names or e-mails, comma-separated", multi=True),
            Field("plan", "Plan", placeholder="blank: plain relationship upkeep"),
            Field("version", "Version", placeholder="blank: the plan's current version"),
            Field("when", "When", self.defaults.when, placeholder="now, yesterday 15:00, tomorrow 9am…"),
            Field("channel", "Channel", self.defaults.channel, suggestions=tuple(c.value for c in Channel)),
            Field("stance", "Stance", placeholder="supportive, or Name=level; Name=level", suggestions=levels),
            Field("notes", "Notes", placeholder="what was said (private to the team)"),
            Field("concerns", "Concerns", placeholder="text, or Name=text; Name=text"),
            Field("follow_up", "Follow-up", placeholder="a promise we made"),
            Field("due", "Due", placeholder="when the follow-up is due: friday, in 3 days…"),
        ]

    def on_mount(self) -> None:
        self.field("who").focus()
        self.load_prefill()

    @work(thread=True, exclusive=True, group="log-prefill", exit_on_error=False)
    def load_prefill(self) -> None:
        d = self.defaults
        with self.app.store.session() as session:
            self.post_message(self.Prefilled(prefill(session, d.person_ids, d.plan_id, d.version)))

    def on_log_screen_prefilled(self, message: Prefilled) -> None:
        p = message.prefill
        who = self.field("who")
        if not who.value:  # the user may already be typing
            who.value = p.who + (", " if p.who else "")
            who.cursor_position = len(who.value)
        if not self.field("plan").value:
            self.field("plan").value = p.plan
        if not self.field("version").value:
            self.field("version").value = p.version
        who.suggester = ItemSuggester(p.people, multi=True)
        self.field("plan").suggester = ItemSuggester(p.plans, multi=False)

    def save(self, values: dict[str, str]) -> None:
        self._write_log(values)

    @work(thread=True, group="log-save", exit_on_error=False)
    def _write_log(self, values: dict[str, str]) -> None:
        now = self.app.now()
        with self.app.store.session() as session:
            problems = check_log_form(session, values, now, dayfirst=self.app.settings.dayfirst)
        if problems:  # every one at once, not the first the write would meet
            self.app.call_from_thread(self.refuse, problems)
            return
        outcome = attempt_write(
            self.app.store, lambda session: log_from_form(session, values, now, dayfirst=self.app.settings.dayfirst)
        )
        self.app.call_from_thread(self.finish, outcome)
