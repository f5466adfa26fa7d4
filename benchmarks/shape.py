"""What a team-scale database looks like: the sizes, the words and the skewed distributions.

Everything scales with the number of stakeholders so that the 5,000 and
50,000 databases are the same organisation at two sizes; the one exception
is the benchmark's announcement, whose audience is a tag holding a fifth of
everyone (10,000 people at 50,000).
"""

import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

TEAM_PEOPLE = 50_000
SMALL_PEOPLE = 500
HISTORY_DAYS = 730  # two years of touchpoints and events before "now"
FUTURE_DAYS = 120  # events and planned calls scheduled up to four months ahead

FIRST = (
    "Ada Aisha Alex Ali Amara Ana Andre Anna Arjun Ben Bianca Carla Carlos Chen Chloe Chris Clara "
    "Dana Daniel David Deepa Diego Elena Eli Emma Erik Eva Farah Felix Fatima Gabriel Grace Hana Hans "
    "Hugo Ines Ingrid Isaac Ivan Jack Jana Jin Joao Jonas Jose Julia Kai Kamal Karin Kenji Kim Lars "
    "Laura Lea Lee Leo Lina Liam Lucia Luis Maya Marco Maria Mark Marta Mateo Mei Mia Mohamed Nadia "
    "Nina Noah Nora Olga Omar Oscar Pablo Paula Pedro Priya Rafael Rania Ravi Rosa Ruth Sam Sara Sean "
    "Sofia Sven Tariq Tom Uma Victor Wei Yara Yusuf Zoe"
).split()
LAST = (
    "Abbott Adams Ahmed Alvarez Andersen Bauer Becker Bell Berg Brown Campbell Castro Chen Clarke "
    "Costa Cruz Das Davis Diaz Dubois Edwards Eriksen Evans Fischer Fontaine Garcia Gomez Gonzalez "
    "Gupta Hall Hansen Harris Hoffmann Hughes Ibrahim Ito Jansen Johnson Jones Kaur Khan Kim Klein "
    "Kowalski Kumar Larsen Laurent Lee Lewis Lopez Martin Martinez Meyer Miller Moreau Morris Muller "
    "Murphy Nakamura Nguyen Novak Okafor Olsen Park Patel Perez Petrov Ramos Reyes Richter Rossi Russo "
    "Sanchez Santos Sato Schmidt Schneider Silva Singh Smith Sousa Suzuki Tanaka Taylor Thomas Torres "
    "Vargas Walker Wang Weber Wilson Wong Wright Yamamoto Young Zhang Zimmermann"
).split()
DIVISIONS = (
    "Sales Marketing Finance Engineering Product Support Operations Legal HR Procurement "
    "Customer Success Data IT Security Research Strategy Communications Logistics"
).split(" ")
REGIONS = [
    "EMEA",
    "Americas",
    "APAC",
    "Nordics",
    "DACH",
    "Iberia",
    "UK&I",
    "Benelux",
    "LATAM",
    "ANZ",
    "Japan",
    "India",
    "Middle East",
    "Africa",
    "France",
    "Italy",
    "Canada",
]
TITLES = [
    "VP",
    "Director",
    "Head",
    "Senior Manager",
    "Manager",
    "Lead",
    "Principal",
    "Specialist",
    "Analyst",
    "Coordinator",
    "Chief of Staff",
    "Partner",
]
TEAM = [f"{first.lower()}.{last.lower()}" for first, last in zip(FIRST[::4], LAST[::4], strict=False)][:25]
PLAN_TOPICS = [
    "CX programme",
    "Sales incentive model",
    "Ideas platform",
    "Pricing reform",
    "Data platform",
    "Return-to-office policy",
    "Partner programme",
    "Support tiers",
    "ERP migration",
    "Brand refresh",
    "Account ownership",
    "Hiring freeze exit",
    "Travel policy",
    "Quality charter",
    "Security awareness",
    "Onboarding journey",
    "Regional split",
    "Budget process",
    "Remote tooling",
    "Supplier consolidation",
]
SUMMARIES = [
    "Walked them through the plan",
    "Quick check-in",
    "Went over the changes",
    "Heard their objections",
    "Shared the deck",
    "Follow-up on last call",
    "Agreed next steps",
    "Answered open questions",
    "Positive reaction",
    "Sceptical, wants numbers",
    "Relationship upkeep",
    "Coffee chat",
]
CONCERNS = [
    "Who owns the customer?",
    "Budget impact on my division",
    "Timeline is too aggressive",
    "Headcount implications",
    "Not enough data behind it",
    "Conflicts with regional targets",
    "Tooling is not ready",
    "Customers will notice the change",
    "Unclear escalation path",
    "Works against our incentives",
]
FOLLOW_UPS = [
    "Send the revised deck",
    "Share the pilot numbers",
    "Introduce to the CFO",
    "Book a follow-up",
    "Send the FAQ",
    "Check legal's view",
    "Share the rollout timeline",
    "Answer the pricing question",
]

# Skewed low: most people in an address book matter little; a few matter a lot.
INFLUENCE_WEIGHTS = [40, 30, 17, 9, 4]
INTEREST_WEIGHTS = [30, 35, 20, 10, 5]
ATTENDEE_WEIGHTS = [55, 20, 12, 8, 5]  # 1..5 attendees per touchpoint, mean ~1.9
CHANNELS = (["call", "meeting", "one-on-one", "email", "chat", "other"], [35, 20, 20, 15, 8, 2])
STANCES = (["unaware", "resistant", "neutral", "supportive", "leading"], [3, 12, 35, 38, 12])
VERSIONS_PER_PLAN = ([1, 2, 3, 4, 5, 6], [20, 35, 25, 12, 5, 3])
EVENT_KINDS = (["announcement", "meeting", "decision"], [30, 55, 15])
# Share of everyone in each big tag; the first is the benchmark announcement's audience.
BIG_TAGS = [
    ("sales-org", 0.20),
    ("engineering", 0.15),
    ("emea", 0.10),
    ("people-managers", 0.08),
    ("customer-facing", 0.06),
    ("division-leads", 0.02),
]


@dataclass(frozen=True)
class Sizes:
    people: int
    plans: int
    touchpoints: int
    events: int
    small_tags: int
    links: int
    manual_stances: int
    desired: int

    @classmethod
    def for_people(cls, people: int) -> "Sizes":
        return cls(
            people=people,
            plans=max(3, round(200 * people / TEAM_PEOPLE)),
            touchpoints=20 * people,
            events=max(10, people // 10),
            small_tags=max(10, people // 125),
            links=people * 2 // 5,
            manual_stances=people // 10,
            desired=people // 20,
        )


class Draw:
    """Seeded draws with precomputed cumulative weights, fast enough for a million rows."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def weighted(self, values: list, weights: list[int], k: int = 1) -> list:  # type: ignore[type-arg]
        return self.rng.choices(values, cum_weights=list(itertools.accumulate(weights)), k=k)

    def one(self, values: list, weights: list[int]):  # type: ignore[no-untyped-def,type-arg]
        return self.weighted(values, weights)[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def moment(self, start: datetime, end: datetime) -> datetime:
        """A time between start and end, to the second."""
        span = max(1, int((end - start).total_seconds()))
        return start + timedelta(seconds=self.rng.randrange(span))

    def recent(self, start: datetime, end: datetime) -> datetime:
        """Like `moment`, but busier lately: activity grows as a programme gets going."""
        span = max(1, int((end - start).total_seconds()))
        return end - timedelta(seconds=int(span * self.rng.random() ** 1.4))


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def person_name(draw: Draw) -> tuple[str, str]:
    return draw.rng.choice(FIRST), draw.rng.choice(LAST)


def organization(draw: Draw) -> str:
    return f"{draw.rng.choice(DIVISIONS)} {draw.rng.choice(REGIONS)}"
