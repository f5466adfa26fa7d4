"""The one printed page per plan (§6): what of a plan's status the md and html pages show.

Every list is bounded, its most important rows first, and says how many it left out ("and N
more"; the xlsx has them all), so a plan of 14 people and one of 50,000 both print on one A4
page. Shared by the Markdown and HTML writers, so both leave out the same rows.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from stakeholders.formats.export.status import DivisionBuyIn, KeyRisk, PlanStatus, StanceMove
from stakeholders.rules.surprise import EventSurprises, SurpriseEntry
from stakeholders.text import clip as clip_line

T = TypeVar("T")

EVENTS_SHOWN = 3  # upcoming events: the next one with its people, the others one line each
PEOPLE_SHOWN = 5  # flagged people under the next event (entry order: key stakeholders first)
RISKS_SHOWN = 4
MOVES_SHOWN = 4
DIVISIONS_SHOWN = 6
DIVISION_NAMES_SHOWN = 3  # surprised people named in a division's row
TEXT_CHARS = 220  # a version's summary or changes
CONCERN_CHARS = 70


@dataclass
class Bounded(Generic[T]):
    shown: list[T]
    hidden: int  # how many more there are


def bounded(items: list[T], limit: int) -> Bounded[T]:
    return Bounded(items[:limit], max(0, len(items) - limit))


@dataclass
class PlanPage:
    plan: PlanStatus
    risks: Bounded[KeyRisk]
    next_event: EventSurprises | None
    flagged: Bounded[tuple[SurpriseEntry, str]]  # (entry, "surprised" | "at risk") of the next event
    later_events: list[EventSurprises]  # after the next one, one line each
    more_events: int  # upcoming events not shown at all
    moves: Bounded[StanceMove]  # changes of mind, key stakeholders first
    first_sightings: int  # `unaware → …` moves, folded into a count
    divisions: Bounded[DivisionBuyIn]


def plan_page(plan: PlanStatus) -> PlanPage:
    events = plan.events
    nxt = events[0] if events else None
    flagged = ([(e, "surprised") for e in nxt.surprised] + [(e, "at risk") for e in nxt.at_risk]) if nxt else []
    # Surprised before at risk, key stakeholders first within each (both lists are in entry order).
    flagged.sort(key=lambda pair: (pair[1] != "surprised", not pair[0].key))
    changes = [m for m in plan.moved if not m.first_sighting]
    return PlanPage(
        plan=plan,
        risks=bounded(plan.key_risks, RISKS_SHOWN),
        next_event=nxt,
        flagged=bounded(flagged, PEOPLE_SHOWN),
        later_events=events[1:EVENTS_SHOWN],
        more_events=max(0, plan.upcoming_events - EVENTS_SHOWN),
        moves=bounded(changes, MOVES_SHOWN),
        first_sightings=len(plan.moved) - len(changes),
        divisions=bounded(plan.divisions, DIVISIONS_SHOWN),
    )


def clip(text: str | None, limit: int = TEXT_CHARS) -> str:
    """`stakeholders.text.clip`, the page's lengths (a version's summary or changes by default)."""
    return clip_line(text, limit)


def concerns_text(concerns: list[str]) -> str:
    """The first concern, clipped, and how many more."""
    if not concerns:
        return ""
    text = f"“{clip(concerns[0], CONCERN_CHARS)}”"
    return text + (f" (+{len(concerns) - 1} more)" if len(concerns) > 1 else "")


def division_names(division: DivisionBuyIn) -> tuple[list[str], int]:
    names = division.surprised
    return names[:DIVISION_NAMES_SHOWN], max(0, len(names) - DIVISION_NAMES_SHOWN)
