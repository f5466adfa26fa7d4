"""The command palette (ctrl+p): jump to any person, plan or event by typing part of its name."""

import asyncio
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import col
from textual.command import DiscoveryHit, Hit, Hits, Provider

from db.models import Event, Plan, Stakeholder
from tui.data.people_rows import match_rank
from tui.data.work_lists import open_concerns
from tui.widgets.styles import when


def _guard_option_list_paging() -> None:
    """Textual 8.2's OptionList pages from its line cache, which is empty while the list has no size
    (the palette's list is hidden until it has hits): PgUp/PgDn there raised KeyError and ended the app
    (found by tests/tui/test_fuzz_keys.py; kagan-sh/kagan-legacy#31 met the same). Until Textual
    guards it, a list with no lines laid out does not page. Applied when the palette is first used."""
    from textual.widgets import OptionList

    original = OptionList._move_page
    if getattr(original, "guarded", False):
        return

    def _move_page(self: OptionList, direction: Any) -> None:
        if not self.scrollable_content_region or not self._lines:
            return
        original(self, direction)

    _move_page.guarded = True  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]


def _guard_palette_double_enter() -> None:
    """Textual 8.2's palette handles an Enter that arrives after the one that chose a command (a quick
    double Enter, keys typed ahead) once more: it dismisses itself again, popping the screen beneath
    (ScreenStackError ended the app; found by tests/tui/test_fuzz_keys.py), and would run the command
    twice. Once closed, the palette ignores what is still queued for it."""
    from textual.command import CommandPalette

    original = CommandPalette._select_or_command
    if getattr(original, "guarded", False):
        return

    def _select_or_command(self: CommandPalette, event: Any = None) -> None:
        if self.app.screen is not self:  # already dismissed: an Enter typed ahead
            if event is not None:
                event.stop()
            return
        original(self, event)

    _select_or_command.guarded = True  # type: ignore[attr-defined]
    CommandPalette._select_or_command = _select_or_command  # type: ignore[method-assign]
    # The @on handlers were registered with the original function: point them at the guarded one.
    for handlers in CommandPalette.__dict__.get("_decorated_handlers", {}).values():
        handlers[:] = [
            (_select_or_command if method is original else method, selectors) for method, selectors in handlers
        ]


def _guard_palette_closing_search() -> None:
    """Textual 8.2's palette searches in a worker that looks its list up; typed quickly then closed
    (ctrl+p, a key, Esc), the search ran after the list was gone, and its NoMatches ended the app (the
    worker exits the app on error; found by tests/tui/test_fuzz_keys.py). A search that finds the
    palette closed stops quietly."""
    from textual import work
    from textual.command import CommandPalette
    from textual.css.query import NoMatches

    decorated = CommandPalette._gather_commands
    if getattr(decorated, "guarded", False):
        return
    search = decorated.__wrapped__  # type: ignore[attr-defined]

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self: CommandPalette, search_value: str) -> None:
        try:
            await search(self, search_value)
        except NoMatches:
            if self.is_attached and self.app.screen is self:
                raise  # the palette is open: a real fault, not the race
            return

    _gather_commands.guarded = True  # type: ignore[attr-defined]
    CommandPalette._gather_commands = _gather_commands  # type: ignore[method-assign]


_guard_option_list_paging()
_guard_palette_double_enter()
_guard_palette_closing_search()

MAX_HITS = 60  # per keystroke: the palette is for jumping, not for browsing 50,000 names
FUZZY_LIMIT = 500


class Target(NamedTuple):
    kind: str
    id: int
    label: str
    search: str
    help: str
    name: str
    """The person's name or the plan's or event's title, lowercase: what a match is ranked on."""


RANK_SCORE = {0: 30.0, 1: 20.0, 2: 10.0}
"""match_rank -> the base of a palette score: the name starts with it, a word of it does, it matched
elsewhere; the fuzzy score of the label is added to order within a rank. Textual's fuzzy scores are
not capped (an action's exact name scores ~40, "tom" on "Go to Map" ~7): the bases put "tom" on Tom
Becker above "Go to Map". A fuzzy-only hit scores at most 5."""


def load_targets(store: Any, now: datetime) -> list[Target]:
    with store.session() as session:
        plans = session.execute(sa.select(col(Plan.id), col(Plan.name)).order_by(col(Plan.name_key))).all()
        events = session.execute(
            sa.select(col(Event.id), col(Event.title), col(Event.starts_at), col(Event.status)).order_by(
                col(Event.starts_at), col(Event.title)
            )
        ).all()
        people = session.execute(
            sa.select(
                col(Stakeholder.id),
                col(Stakeholder.name),
                col(Stakeholder.email),
                col(Stakeholder.organization),
                col(Stakeholder.archived_at),
            ).order_by(col(Stakeholder.name_key), col(Stakeholder.id))
        ).all()
        concerns = open_concerns(session)
    targets = [
        Target("plan", pid, f"Plan: {name}", name.lower(), "show its versions and coverage", name.lower())
        for pid, name in plans
    ]
    targets += [
        Target(
            "event",
            eid,
            f"Event: {title}",
            title.lower(),
            f"{when(at, now)} · {getattr(status, 'value', status)}",
            title.lower(),
        )
        for eid, title, at, status in events
    ]
    targets += [
        Target(
            "person",
            pid,
            f"{name}" + (" (archived)" if archived else ""),
            " ".join(filter(None, (name.lower(), (email or "").lower()))),
            " · ".join(filter(None, (email, org))),
            name.lower(),
        )
        for pid, name, email, org, archived in people
    ]
    # An open concern by its text (§7): the list of open concerns, on that concern, to resolve it there.
    targets += [
        Target("concern", c.id, f"Concern: {c.text}", c.text.lower(), f"{c.name} · {c.plan}", c.text.lower())
        for c in concerns
    ]
    return targets


class JumpProvider(Provider):
    """People, plans, events and open concerns; the names load in a thread when the palette opens."""

    async def startup(self) -> None:
        app: Any = self.app
        self.targets = await asyncio.to_thread(load_targets, app.store, app.now())

    def _open(self, target: Target):  # type: ignore[no-untyped-def]
        app: Any = self.app
        opener = {
            "person": app.open_person,
            "plan": app.open_plan,
            "event": app.open_event,
            "concern": self._open_concern,
        }[target.kind]
        return partial(opener, target.id)

    def _open_concern(self, concern_id: int) -> None:
        from tui.screens.concerns import ConcernsScreen

        self.app.push_screen(ConcernsScreen(on=concern_id))

    async def discover(self) -> Hits:
        for target in self.targets:
            if target.kind != "person":
                yield DiscoveryHit(target.label, self._open(target), help=target.help)

    async def search(self, query: str) -> Hits:
        words = query.lower().split()
        if not words:
            return
        typed = " ".join(words)
        matcher = self.matcher(query)
        # Fuzzy matching every name would take seconds on a team database: a small one is matched
        # fuzzily ("stc" finds Steering committee), a large one by the words typed, at most MAX_HITS.
        fuzzy = len(self.targets) <= FUZZY_LIMIT
        hits = 0
        for target in self.targets:
            contains = all(word in target.search for word in words)
            if not contains and not fuzzy:
                continue
            closeness = matcher.match(target.label)
            if contains:  # ranked as the stakeholders filter ranks: name prefix, word prefix, elsewhere
                score = RANK_SCORE[match_rank(target.name, typed)] + min(closeness, 9.0)
            else:
                score = min(closeness, 10.0) / 2
            if score > 0:
                yield Hit(
                    score, matcher.highlight(target.label), self._open(target), text=target.label, help=target.help
                )
                hits += 1
                if hits >= MAX_HITS:
                    return
