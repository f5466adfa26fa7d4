"""Plans: versions with summaries and what changed, briefing coverage per version, a diff of two."""

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Markdown, Static

from stakeholders.rules.words import day
from tui.data.plans import PlanRow, load_plans, version_diff
from tui.screens.base import DataScreen, LogDefaults
from tui.widgets.lazy_table import Cells, Column, LazyTable


def diff_text(diff: str) -> Text:
    """A unified diff, coloured; the +/- prefixes keep it readable without colour."""
    text = Text()
    for line in diff.splitlines():
        style = (
            "green"
            if line.startswith("+") and not line.startswith("+++")
            else "red"
            if line.startswith("-") and not line.startswith("---")
            else "cyan"
            if line.startswith("@@")
            else "bold"
            if line.startswith(("+++", "---"))
            else ""
        )
        text.append(line + "\n", style=style)
    return text


class PlansScreen(DataScreen):
    CSS_PATH = "plans.tcss"
    NAV = "plans"
    BINDINGS = [
        Binding(
            "space",
            "mark",
            "Mark version",
            id="plans.mark",
            tooltip="Mark the version under the cursor as one side of a diff",
        ),
        Binding(
            "v",
            "diff",
            "Diff",
            id="plans.diff",
            tooltip="Diff the marked version (else the previous one) against the version under the cursor",
        ),
    ]

    @dataclass
    class Loaded(Message):
        plans: list[PlanRow]

    @dataclass
    class Diffed(Message):
        title: str
        diff: str

    def __init__(self) -> None:
        super().__init__()
        self.plans: list[PlanRow] = []
        self.marked: tuple[int, int] | None = None
        """(plan id, version) chosen as the left side of the next diff."""
        self.wanted: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        plans = LazyTable(
            [
                Column("plan", "Plan", 12, flex=1),
                Column("current", "Current", 7),
                Column("scope", "In scope", 8),
                Column("never", "Never briefed", 13),
                Column("readiness", "Readiness", 20, flex=3),
            ],
            empty_text="no plans yet: ctrl+p, Add plan",
            id="plans-list",
        )
        plans.add_class("panel")
        plans.border_title = "Plans"
        yield plans
        versions = LazyTable(
            [
                Column("version", "Version", 7),
                Column("created", "Created", 10),
                Column("summary", "Summary", 20, flex=1),
                Column("approved", "Approved", 14),
                Column("briefed", "Briefed on it", 13),
            ],
            id="plan-versions",
        )
        versions.add_class("panel")
        versions.border_title = "Versions  space mark · v diff (marked or previous → this)"
        yield versions
        with VerticalScroll(id="plan-text", classes="panel"):
            yield Static(id="plan-text-head")
            yield Markdown(id="plan-text-md")  # a plan's body is written in markdown: shown rendered
            yield Static(id="plan-text-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#plans-list").focus()
        self.query_one("#plan-text").border_title = "Version"

    def load(self) -> None:
        self.load_plans()

    @work(thread=True, exclusive=True, group="plans", exit_on_error=False)
    def load_plans(self) -> None:
        app: Any = self.app
        with app.store.session() as session:
            self.post_message(self.Loaded(load_plans(session, app.now(), app.stale_days)))

    def on_plans_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one("#plans-list", LazyTable)
        keep = self.wanted or (self.plan.id if self.plan else None)
        self.plans = message.plans
        table.show_rows(
            [(p.name, f"v{p.current_version}", str(p.scope), str(p.never_briefed), p.headline) for p in message.plans]
        )
        ids = [p.id for p in message.plans]
        table.cursor = ids.index(keep) if keep in ids else 0
        self.wanted = None
        self._show_versions()

    @property
    def plan(self) -> PlanRow | None:
        row = self.query_one("#plans-list", LazyTable).cursor_id
        return self.plans[row] if row is not None and row < len(self.plans) else None

    @property
    def version(self) -> Any:
        if self.plan is None or not self.plan.versions:
            return None
        row = self.query_one("#plan-versions", LazyTable).cursor_id or 0
        return self.plan.versions[min(row, len(self.plan.versions) - 1)]

    @on(LazyTable.Highlighted, "#plans-list")
    def _show_versions(self, message: LazyTable.Highlighted | None = None, *, keep: int | None = None) -> None:
        table = self.query_one("#plan-versions", LazyTable)
        if self.plan is None:
            table.show_rows([])
            return
        rows: list[Cells] = []
        now = self.app.now()  # type: ignore[attr-defined]
        for v in self.plan.versions:
            mark = "● " if self.marked == (self.plan.id, v.number) else ""
            approved = f"{v.approved_by} ({day(v.approved_at, now)})" if v.approved_by else "—"
            rows.append((f"{mark}v{v.number}", day(v.created_at, now), v.summary, approved, str(v.briefed)))
        table.show_rows(rows)
        table.cursor = len(rows) - 1 if keep is None else keep
        self._show_version()

    @on(LazyTable.Selected, "#plans-list")
    def _to_versions(self) -> None:
        self.query_one("#plan-versions").focus()

    @on(LazyTable.Highlighted, "#plan-versions")
    def _show_version(self) -> None:
        v = self.version
        if v is None:
            return
        self.query_one("#plan-text-head", Static).update(Text(f"v{v.number}: {v.summary}", style="bold"))
        body = self.query_one("#plan-text-md", Markdown)
        body.display = bool(v.body)
        body.update(v.body or "")
        text = Text("What changed: ", style="bold")
        text.append(v.changes or ("first version" if v.number == 1 else "not recorded"))
        self.query_one("#plan-text").border_title = f"{self.plan.name} v{v.number}"  # type: ignore[union-attr]
        self.query_one("#plan-text-body", Static).update(text)

    def show_plan(self, plan_id: int) -> None:
        ids = [p.id for p in self.plans]
        if plan_id in ids:
            self.query_one("#plans-list", LazyTable).cursor = ids.index(plan_id)
        else:
            self.wanted = plan_id

    # -- actions -----------------------------------------------------------------------------

    def action_mark(self) -> None:
        if self.plan is None or self.version is None:
            return
        row = self.query_one("#plan-versions", LazyTable).cursor
        self.marked = (self.plan.id, self.version.number)
        self._show_versions(keep=row)
        self.notify(f"marked v{self.version.number}: move to another version and press v")

    def action_diff(self) -> None:
        plan, v = self.plan, self.version
        if plan is None or v is None:
            return
        if self.marked and self.marked[0] == plan.id and self.marked[1] != v.number:
            a, b = sorted((self.marked[1], v.number))
        elif v.number > 1:
            a, b = v.number - 1, v.number
        else:
            self.notify("v1 has no previous version: mark another with space", severity="warning")
            return
        self.diff(plan.id, plan.name, a, b)

    @work(thread=True, exclusive=True, group="plan-diff", exit_on_error=False)
    def diff(self, plan_id: int, name: str, a: int, b: int) -> None:
        with self.app.store.session() as session:  # type: ignore[attr-defined]
            self.post_message(self.Diffed(f"{name}: v{a} → v{b}", version_diff(session, plan_id, a, b)))

    def on_plans_screen_diffed(self, message: Diffed) -> None:
        self.query_one("#plan-text").border_title = f"Diff {message.title}"
        self.query_one("#plan-text-head", Static).update("")
        self.query_one("#plan-text-md", Markdown).display = False  # the diff is of the markdown source
        self.query_one("#plan-text-body", Static).update(diff_text(message.diff) if message.diff else "no difference")

    def log_defaults(self) -> LogDefaults:
        plan, v = self.plan, self.version
        return LogDefaults(plan_id=plan.id if plan else None, version=v.number if v else None)
