"""The command palette (ctrl+p): jump to any person, plan or event by typing part of its name."""

import asyncio
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple

import sqlalchemy as sa
from textual.command import DiscoveryHit, Hit, Hits, Provider

from db.models import Event, Plan, Stakeholder
from tui.data.people_rows import match_rank
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


_guard_option_list_paging()

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


RANK_SCORE = {0: 1.0, 1: 0.9, 2: 0.7}
"""match_rank -> palette score: the name starts with it, a word of it does, it matched elsewhere.
A fuzzy-only hit scores under 0.5 (half its fuzzy score), so it never ranks above these."""


def load_targets(store: Any, now: datetime) -> list[Target]:
    with store.session() as session:
        plans = session.execute(sa.select(Plan.id, Plan.name).order_by(Plan.name_key)).all()
        events = session.execute(sa.select(Event.id, Event.title, Event.starts_at, Event.status)
                                 .order_by(Event.starts_at, Event.title)).all()
        people = session.execute(sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.email,
                                           Stakeholder.organization, Stakeholder.archived_at)
                                 .order_by(Stakeholder.name_key, Stakeholder.id)).all()
    targets = [Target("plan", pid, f"Plan: {name}", name.lower(), "show its versions and coverage", name.lower())
               for pid, name in plans]
    targets += [Target("event", eid, f"Event: {title}", title.lower(),
                       f"{when(at, now)} · {getattr(status, 'value', status)}", title.lower())
                for eid, title, at, status in events]
    targets += [Target("person", pid, f"{name}" + (" (archived)" if archived else ""),
                       " ".join(filter(None, (name.lower(), (email or "").lower()))),
                       " · ".join(filter(None, (email, org))), name.lower())
                 for pid, name, email, org, archived in people]
    return targets


class JumpProvider(Provider):
    """People, plans and events; the names load in a thread when the palette opens."""

    async def startup(self) -> None:
        app: Any = self.app
        self.targets = await asyncio.to_thread(load_targets, app.store, app.now())

    def _open(self, target: Target):  # type: ignore[no-untyped-def]
        app: Any = self.app
        opener = {"person": app.open_person, "plan": app.open_plan, "event": app.open_event}[target.kind]
        return partial(opener, target.id)

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
            if contains:  # ranked as the stakeholders filter ranks: name prefix, word prefix, elsewhere
                score = RANK_SCORE[match_rank(target.name, typed)]
            else:
                score = min(matcher.match(target.label), 1.0) / 2  # Textual's fuzzy score is not capped at 1
            if score > 0:
                yield Hit(score, matcher.highlight(target.label), self._open(target), text=target.label,
                          help=target.help)
                hits += 1
                if hits >= MAX_HITS:
                    return
