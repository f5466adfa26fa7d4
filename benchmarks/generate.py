"""Build a team-scale database, reproducibly from a seed (PRODUCT.md §9).

    python -m benchmarks.generate --db /tmp/team.db --people 50000 --seed 7
    python -m benchmarks.generate --db postgresql+psycopg://me@host/bench --people 50000
    python -m benchmarks.generate --db /tmp/tiny.db --scale small

The database must be new or empty; it is created by `db.store.open_store`, so
the schema is the migrations' own. Dates count back from `--now` (default:
today 00:00 UTC), so a seed and a `--now` always give the same rows. The
benchmark's own event, an announcement two days after `--now` to a tag
holding a fifth of everyone, is the last event (see `BENCHMARK_EVENT`).
"""

import argparse
import bisect
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from benchmarks import shape
from benchmarks.shape import Draw, Sizes
from benchmarks.writer import Row, Writer
from db.store import Store, open_store

BENCHMARK_EVENT = "All-hands note"
CHUNK = 50_000
TP_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "occurred_at",
    "channel",
    "by",
    "plan_id",
    "version",
    "summary",
    "status",
)
AUDIT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "stakeholder_id", "summary")


@dataclass
class PlanShape:
    id: int
    name: str
    created: datetime
    version_times: list[datetime]
    community: list[int]  # tag ids whose members hear most about this plan

    def version_at(self, when: datetime) -> int:
        return max(1, bisect.bisect_right(self.version_times, when))

    @property
    def current(self) -> int:
        return len(self.version_times)


@dataclass
class World:
    """What the later tables need to know about the earlier ones."""

    now: datetime
    sizes: Sizes
    names: list[str] = field(default_factory=list)  # index = stakeholder id
    owners: list[str | None] = field(default_factory=list)
    archived: set[int] = field(default_factory=set)
    key_people: list[int] = field(default_factory=list)  # influence >= 3
    tag_members: dict[int, list[int]] = field(default_factory=dict)
    big_tags: list[int] = field(default_factory=list)
    plans: list[PlanShape] = field(default_factory=list)
    plan_heat: list[float] = field(default_factory=list)
    audit_id: int = 0

    def audit(
        self,
        at: datetime,
        actor: str | None,
        entity: str,
        entity_id: int,
        summary: str,
        stakeholder_id: int | None = None,
    ) -> Row:
        self.audit_id += 1
        return (self.audit_id, at, actor or "bench", "create", entity, entity_id, stakeholder_id, summary)


class Generator:
    def __init__(self, store: Store, people: int, seed: int, now: datetime, log=print) -> None:  # type: ignore[no-untyped-def]
        self.writer = Writer(store)
        self.draw = Draw(seed)
        self.world = World(now=now, sizes=Sizes.for_people(people))
        self.log = log

    def put(self, table: str, columns: tuple[str, ...], rows: list[Row]) -> None:
        for start in range(0, len(rows), CHUNK):
            self.writer.insert(table, columns, rows[start : start + CHUNK])

    def run(self) -> dict[str, int]:
        for step in (
            self.stakeholders,
            self.tags,
            self.plans,
            self.touchpoints,
            self.opinions,
            self.influence,
            self.events,
        ):
            started = time.perf_counter()
            step()
            self.log(f"  {step.__name__:<13} {time.perf_counter() - started:6.1f} s")
        self.writer.finish()
        return dict(self.writer.counts)

    # -- people and tags ------------------------------------------------------------------

    def stakeholders(self) -> None:
        w, d, now = self.world, self.draw, self.world.now
        w.names.append("")
        w.owners.append(None)
        rows, audit, seen_emails = [], [], set()
        influences = d.weighted([1, 2, 3, 4, 5], shape.INFLUENCE_WEIGHTS, w.sizes.people)
        interests = d.weighted([1, 2, 3, 4, 5], shape.INTEREST_WEIGHTS, w.sizes.people)
        for pid in range(1, w.sizes.people + 1):
            first, last = shape.person_name(d)
            name = f"{first} {last}"
            org = shape.organization(d)
            email = None
            if d.chance(0.92):
                email = f"{first}.{last}@{org.split()[0].lower()}.example.com".lower()
                if email in seen_emails:
                    email = email.replace("@", f".{pid}@")
                seen_emails.add(email)
            created = d.moment(now - timedelta(days=900), now - timedelta(days=1))
            archived = d.moment(created, now) if d.chance(0.02) else None
            owner = d.rng.choice(shape.TEAM)
            influence, interest = influences[pid - 1], interests[pid - 1]
            rows.append(
                (
                    pid,
                    created,
                    created,
                    name,
                    email,
                    f"{d.rng.choice(shape.TITLES)}, {org.split()[0]}",
                    org,
                    f"+1 555 {pid:07d}" if d.chance(0.4) else None,
                    influence,
                    interest,
                    owner,
                    "Prefers a call before any e-mail" if d.chance(0.1) else None,
                    email,
                    name.lower(),
                    archived,
                    *self.division_of(pid, org),
                )
            )
            audit.append(w.audit(created, owner, "stakeholder", pid, f"added {name}", pid))
            w.names.append(name)
            w.owners.append(owner)
            if archived:
                w.archived.add(pid)
            if influence >= 3:
                w.key_people.append(pid)
        self.put(
            "stakeholder",
            (
                "id",
                "created_at",
                "updated_at",
                "name",
                "email",
                "title",
                "organization",
                "phone",
                "influence",
                "interest",
                "owner",
                "notes",
                "email_key",
                "name_key",
                "archived_at",
                "division",
                "division_key",
            ),
            rows,
        )
        self.put("audit_entry", AUDIT_COLUMNS, audit)

    @staticmethod
    def division_of(pid: int, organization: str) -> tuple[str | None, str | None]:
        """(division, its key): the organization's "Sales EMEA" is the silo; every 25th person has none
        (§6's "(no division)"). No random draw: the rest of the data stays as the seed made it."""
        return (None, None) if pid % 25 == 0 else (organization, organization.lower())

    def tags(self) -> None:
        w, d, n = self.world, self.draw, self.world.sizes.people
        everyone = range(1, n + 1)
        active = [pid for pid in everyone if pid not in w.archived]
        tags: list[Row] = []
        for i, (name, share) in enumerate(shape.BIG_TAGS):
            # The first big tag is the benchmark's audience: exactly a fifth of everyone, none archived.
            members = d.rng.sample(active, n // 5) if i == 0 else d.rng.sample(everyone, int(n * share))
            tags.append((len(tags) + 1, w.now - timedelta(days=800), w.now - timedelta(days=800), name))
            w.tag_members[len(tags)] = members
            w.big_tags.append(len(tags))
        slugs = [
            f"{div}-{region}".lower().replace(" ", "-").replace("&", "")
            for div in shape.DIVISIONS
            for region in shape.REGIONS
        ]
        for i in range(w.sizes.small_tags):
            size = max(5, int(n / 100 / (i + 1) ** 0.7))
            name = slugs[i % len(slugs)] + ("" if i < len(slugs) else f"-{i // len(slugs) + 1}")
            created = d.moment(w.now - timedelta(days=800), w.now - timedelta(days=30))
            tags.append((len(tags) + 1, created, created, name))
            w.tag_members[len(tags)] = d.rng.sample(everyone, min(size, n))
        self.put("tag", ("id", "created_at", "updated_at", "name"), tags)
        self.put(
            "stakeholder_tag",
            ("stakeholder_id", "tag_id"),
            [(pid, tag) for tag, members in w.tag_members.items() for pid in members],
        )

    # -- plans ------------------------------------------------------------------------------

    def plans(self) -> None:
        w, d, now = self.world, self.draw, self.world.now
        small = [t for t in w.tag_members if t not in w.big_tags]
        plans, versions, audit = [], [], []
        for i in range(w.sizes.plans):
            pid = i + 1
            topic = shape.PLAN_TOPICS[i % len(shape.PLAN_TOPICS)]
            name = topic if i < len(shape.PLAN_TOPICS) else f"{topic} {i // len(shape.PLAN_TOPICS) + 1}"
            created = (
                now - timedelta(days=700) if i == 0 else d.moment(now - timedelta(days=700), now - timedelta(days=30))
            )
            count = max(3, d.one(*shape.VERSIONS_PER_PLAN)) if i == 0 else d.one(*shape.VERSIONS_PER_PLAN)
            times = [created] + sorted(d.moment(created, now - timedelta(days=2)) for _ in range(count - 1))
            if i == 0:
                times[-1] = now - timedelta(days=21)  # the benchmark plan's latest version is three weeks old
            community = d.rng.sample(small, k=min(len(small), d.rng.randint(1, 3)))
            if i == 0:
                community = [w.big_tags[0], *community[:1]]
            elif i < max(2, w.sizes.plans // 20):
                community = [d.rng.choice(w.big_tags[1:]), *community[:1]]
            w.plans.append(PlanShape(pid, name, created, times, community))
            plans.append((pid, created, created, name, name.lower()))
            owner = d.rng.choice(shape.TEAM)
            audit.append(w.audit(created, owner, "plan", pid, f"added plan {name}"))
            for number, at in enumerate(times, start=1):
                approved = d.chance(0.3)
                versions.append(
                    (
                        len(versions) + 1,
                        at,
                        at,
                        pid,
                        number,
                        f"{name}, version {number}",
                        f"# {name}\n\nVersion {number} of the plan.",
                        None if number == 1 else f"Changes heard in round {number - 1}",
                        "CMO" if approved else None,
                        at + timedelta(days=1) if approved else None,
                    )
                )
        w.plan_heat = shape.zipf_weights(len(w.plans))
        self.put("plan", ("id", "created_at", "updated_at", "name", "name_key"), plans)
        self.put(
            "plan_version",
            (
                "id",
                "created_at",
                "updated_at",
                "plan_id",
                "number",
                "summary",
                "body",
                "changes",
                "approved_by",
                "approved_at",
            ),
            versions,
        )
        self.put("audit_entry", AUDIT_COLUMNS, audit)

    # -- touchpoints, with what is heard in them --------------------------------------------------

    def touchpoints(self) -> None:
        total = self.world.sizes.touchpoints
        for start in range(1, total + 1, CHUNK):
            self._touchpoint_chunk(start, min(total + 1, start + CHUNK))

    def _touchpoint_chunk(self, first: int, end: int) -> None:
        w, d, now = self.world, self.draw, self.world.now
        n = w.sizes.people
        history = now - timedelta(days=shape.HISTORY_DAYS)
        count = end - first
        plan_picks = d.weighted(w.plans, [int(h * 1000) for h in w.plan_heat], count)
        sizes = d.weighted([1, 2, 3, 4, 5], shape.ATTENDEE_WEIGHTS, count)
        channels = d.weighted(*shape.CHANNELS, count)
        tps, attendees, stances, concerns, follow_ups, owed, audit = [], [], [], [], [], [], []
        for offset, tid in enumerate(range(first, end)):
            plan = plan_picks[offset] if d.chance(0.75) else None
            planned = d.chance(0.015)
            if planned:
                occurred = (
                    d.moment(now, now + timedelta(days=60))
                    if d.chance(0.8)
                    else d.moment(now - timedelta(days=14), now)
                )
            else:
                occurred = d.recent(max(history, plan.created) if plan else history, now - timedelta(minutes=5))
            version = None
            if plan is not None:
                version = plan.current if occurred >= now else plan.version_at(occurred)
                if version > 1 and d.chance(0.1):
                    version = d.rng.randint(1, version - 1)  # the older deck was the one at hand
            people: list[int] = []
            while len(people) < sizes[offset]:
                if plan is not None and d.chance(0.6):
                    pid = d.rng.choice(w.tag_members[d.rng.choice(plan.community)])
                else:
                    pid = d.rng.randint(1, n)
                if pid not in people:
                    people.append(pid)
            by = w.owners[people[0]] if d.chance(0.7) else d.rng.choice(shape.TEAM)
            created = min(occurred, now - timedelta(minutes=1)) if not planned else now - timedelta(days=1)
            tps.append(
                (
                    tid,
                    created,
                    created,
                    occurred,
                    channels[offset],
                    by,
                    plan.id if plan else None,
                    version,
                    d.rng.choice(shape.SUMMARIES) if d.chance(0.8) else None,
                    "planned" if planned else "held",
                )
            )
            attendees.extend((tid, pid) for pid in people)
            verb = "planned" if planned else "logged"
            audit.append(
                w.audit(
                    created,
                    by,
                    "touchpoint",
                    tid,
                    f"{verb} {channels[offset]} {tid} with {w.names[people[0]]}",
                    people[0],
                )
            )
            if planned:
                continue
            if plan is not None and d.chance(0.35):
                stances.extend((pid, plan.id, d.one(*shape.STANCES), occurred, tid, occurred) for pid in people)
            if plan is not None and d.chance(0.05):
                raised_by = d.rng.choice(people)
                resolved_at = occurred + timedelta(days=d.rng.randint(1, 40))
                resolved = resolved_at < now and d.chance(0.6)
                concerns.append(
                    (
                        raised_by,
                        plan.id,
                        tid,
                        d.rng.choice(shape.CONCERNS),
                        "resolved" if resolved else "open",
                        resolved_at if resolved else None,
                        plan.version_at(resolved_at) if resolved else None,
                        "Addressed in the next version" if resolved else None,
                        occurred,
                    )
                )
            if d.chance(0.08):
                due = (occurred + timedelta(days=d.rng.randint(2, 21))).replace(hour=9, minute=0, second=0)
                done = d.chance(0.95 if due < now - timedelta(days=7) else 0.4)
                follow_ups.append(
                    (
                        d.rng.choice(shape.FOLLOW_UPS),
                        by,
                        due,
                        min(due, now - timedelta(hours=1)) if done else None,
                        tid,
                        occurred,
                    )
                )
                owed.append(people)
        self.put("touchpoint", TP_COLUMNS, tps)
        self.put("touchpoint_attendee", ("touchpoint_id", "stakeholder_id"), attendees)
        self._numbered(
            "stance", ("stakeholder_id", "plan_id", "level", "observed_at", "touchpoint_id", "created_at"), stances
        )
        self._numbered(
            "concern",
            (
                "stakeholder_id",
                "plan_id",
                "touchpoint_id",
                "text",
                "status",
                "resolved_at",
                "resolved_version",
                "resolution",
                "created_at",
            ),
            concerns,
        )
        first_fu = self.writer.counts.get("follow_up", 0) + 1
        self._numbered("follow_up", ("text", "owner", "due_at", "done_at", "touchpoint_id", "created_at"), follow_ups)
        self.put(
            "follow_up_stakeholder",
            ("follow_up_id", "stakeholder_id"),
            [(first_fu + i, pid) for i, people in enumerate(owed) for pid in people],
        )
        self.put("audit_entry", AUDIT_COLUMNS, audit)

    def _numbered(self, table: str, columns: tuple[str, ...], rows: list[Row]) -> None:
        """Give rows the next ids and `updated_at` = `created_at` (the last column)."""
        first = self.writer.counts.get(table, 0) + 1
        self.put(table, ("id", *columns, "updated_at"), [(first + i, *row, row[-1]) for i, row in enumerate(rows)])

    def opinions(self) -> None:
        """Stances recorded by hand, and where we need people to be."""
        w, d, now = self.world, self.draw, self.world.now
        manual = []
        for plan in d.weighted(w.plans, [int(h * 1000) for h in w.plan_heat], w.sizes.manual_stances):
            at = d.moment(plan.created, now - timedelta(hours=1))
            manual.append((d.rng.randint(1, w.sizes.people), plan.id, d.one(*shape.STANCES), at, None, at))
        self._numbered(
            "stance", ("stakeholder_id", "plan_id", "level", "observed_at", "touchpoint_id", "created_at"), manual
        )
        desired = {(d.rng.choice(w.key_people), d.rng.choice(w.plans).id) for _ in range(w.sizes.desired)}
        self.put(
            "desired_stance",
            ("stakeholder_id", "plan_id", "level", "created_at", "updated_at"),
            [(pid, plan, "leading" if d.chance(0.3) else "supportive", now, now) for pid, plan in sorted(desired)],
        )

    def influence(self) -> None:
        w, d = self.world, self.draw
        links: set[tuple[int, int]] = set()
        while len(links) < w.sizes.links:
            a = d.rng.choice(w.key_people) if d.chance(0.7) else d.rng.randint(1, w.sizes.people)
            b = d.rng.randint(1, w.sizes.people)
            if a != b:
                links.add((a, b))
        self.put(
            "influence_link",
            ("influencer_id", "influenced_id", "created_at", "updated_at"),
            [(a, b, w.now, w.now) for a, b in sorted(links)],
        )

    # -- events ---------------------------------------------------------------------------------

    def events(self) -> None:
        w, d, now = self.world, self.draw, self.world.now
        small = [t for t in w.tag_members if t not in w.big_tags]
        events, audience, audit = [], [], []
        total = w.sizes.events
        kinds = d.weighted(*shape.EVENT_KINDS, total)
        picks = d.weighted(w.plans, [int(h * 1000) for h in w.plan_heat], total)
        for eid in range(1, total + 1):
            plan, kind = picks[eid - 1], kinds[eid - 1]
            if eid == total:  # the benchmark's announcement: a fifth of everyone, in two days
                plan, kind = w.plans[0], "announcement"
                starts = (now + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
            elif d.chance(0.15):
                starts = d.moment(now + timedelta(hours=1), now + timedelta(days=shape.FUTURE_DAYS))
            else:
                starts = d.moment(
                    max(plan.created + timedelta(days=7), now - timedelta(days=shape.HISTORY_DAYS)),
                    now - timedelta(hours=1),
                )
            starts = starts.replace(minute=0, second=0, microsecond=0)
            future = starts > now
            if future:
                status = "cancelled" if d.chance(0.05) and eid != total else "planned"
            else:
                status = d.one(["held", "cancelled", "planned"], [90, 8, 2])
            people: list[int] = []
            tags: list[int] = []
            if eid == total:
                tags = [w.big_tags[0]]
            elif kind == "announcement":
                big = [t for t in plan.community if t in w.big_tags]
                tags = (
                    [big[0]]
                    if big and d.chance(0.1)
                    else d.rng.sample([t for t in plan.community if t not in w.big_tags] or small, k=1)
                )
            else:
                people = d.rng.sample(w.key_people, k=d.rng.randint(3, 25))
                if d.chance(0.2):
                    tags = [d.rng.choice(small)]
            title = f"{BENCHMARK_EVENT}: {plan.name}" if eid == total else f"{kind.capitalize()} {eid}: {plan.name}"
            created = min(starts, now) - timedelta(days=d.rng.randint(3, 30))
            events.append(
                (
                    eid,
                    created,
                    created,
                    title,
                    kind,
                    starts,
                    plan.id,
                    plan.current if future else plan.version_at(starts),
                    status,
                )
            )
            audience.extend((eid, pid, None, False) for pid in people)
            audience.extend((eid, None, tag, False) for tag in tags)
            if status == "held":  # the resolved audience, frozen as it was
                resolved = set(people).union(*(w.tag_members[t] for t in tags)) - w.archived
                audience.extend((eid, pid, None, True) for pid in sorted(resolved))
            audit.append(w.audit(created, d.rng.choice(shape.TEAM), "event", eid, f"scheduled {title}"))
        self.put(
            "event",
            ("id", "created_at", "updated_at", "title", "kind", "starts_at", "plan_id", "version", "status"),
            events,
        )
        self.put(
            "event_audience",
            ("id", "event_id", "stakeholder_id", "tag_id", "frozen"),
            [(i + 1, *row) for i, row in enumerate(audience)],
        )
        self.put("audit_entry", AUDIT_COLUMNS, audit)


def default_now() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def generate(target: str, *, people: int, seed: int = 7, now: datetime | None = None, log=print) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Fill the empty database at `target`; returns the rows written per table."""
    store = open_store(target)
    try:
        with store.engine.connect() as conn:
            if conn.execute(sa.text("SELECT count(*) FROM stakeholder")).scalar():
                raise SystemExit(f"{store.describe()} already holds stakeholders: give a new database")
        return Generator(store, people, seed, now or default_now(), log).run()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="new SQLite file or SQLAlchemy URL of an empty database")
    parser.add_argument("--people", type=int, default=None, help=f"stakeholders (default {shape.TEAM_PEOPLE})")
    parser.add_argument(
        "--scale",
        choices=("team", "small"),
        default="team",
        help=f"team: {shape.TEAM_PEOPLE} people; small: {shape.SMALL_PEOPLE}",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=None,
        help="ISO time the dates count back from (default today 00:00 UTC)",
    )
    args = parser.parse_args(argv)
    people = args.people or (shape.SMALL_PEOPLE if args.scale == "small" else shape.TEAM_PEOPLE)
    now = args.now.astimezone(UTC) if args.now else default_now()
    started = time.perf_counter()
    print(
        f"generating {people:,} stakeholders (seed {args.seed}, now {now.isoformat()}) into {args.db}", file=sys.stderr
    )
    counts = generate(args.db, people=people, seed=args.seed, now=now, log=lambda line: print(line, file=sys.stderr))
    for table, count in sorted(counts.items()):
        print(f"{table:<22} {count:>10,}")
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
