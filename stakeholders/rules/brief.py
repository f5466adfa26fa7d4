"""§3.4 Pre-meeting brief: one short block per attendee, for the lead's eyes only.

Every per-attendee fact is read with one set-based statement for all attendees
(no query per person: db/brief_queries.py), so a brief for a 10,000-person
announcement costs the same handful of statements as one for a 5-person
steering meeting.

Two readers fill the same `Facts`: `build_brief` through the store (SQLAlchemy),
and, for an event named by its id, `brief_direct.read_brief` with the database's
driver alone (sqlite3, psycopg) and the same statements generated as SQL
(db/brief_sql.py, db/brief_pg_sql.py): importing SQLAlchemy and the models takes
longer than a 10-person brief's reads. This module imports neither.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from db.enums import StanceLevel
from stakeholders.errors import InputError
from stakeholders.rules import words
from stakeholders.rules.entries import KEY_INFLUENCE, SurpriseEntry, entry_order, iso
from stakeholders.rules.mendelow import APPROACH, quadrant, suggested_approach
from stakeholders.settings import DEFAULT_STALE_DAYS

if TYPE_CHECKING:
    from sqlmodel import Session

    from db.models import Event, Plan, Stakeholder


@dataclass
class StanceChange:
    at: datetime
    from_level: str
    to_level: str


@dataclass
class LastTouchpoint:
    id: int
    occurred_at: datetime
    channel: str
    by: str | None
    plan: str | None
    version: int | None
    summary: str | None


@dataclass
class AttendeeBrief:
    id: int
    name: str
    email: str | None
    title: str | None
    organization: str | None
    influence: int
    interest: int
    key: bool
    quadrant: str
    approach: str
    stance: str
    desired: str
    last_stance_change: StanceChange | None
    last_briefed_version: int | None
    last_briefed_at: datetime | None
    last_touchpoint: LastTouchpoint | None
    open_concerns: list[dict[str, Any]]  # {id, text, raised_at}
    open_follow_ups: list[dict[str, Any]]  # {id, text, owner, due_at, overdue}
    influenced_by: list[str]
    notes: str | None
    flag: str | None = None  # "surprised", "at risk" or None
    flag_entry: SurpriseEntry | None = None
    division: str | None = None  # §4: brief attendees carry the division


@dataclass(frozen=True)
class BriefEvent:
    """The event a brief is for, as the brief shows it."""

    id: int
    title: str
    kind: str
    starts_at: datetime
    status: str


@dataclass
class Brief:
    plan: str
    version: int
    as_of: datetime  # briefings count up to here: the event's start, or now for an ad-hoc brief
    now: datetime
    event: BriefEvent | None = None
    surprised: list[SurpriseEntry] = field(default_factory=list)
    at_risk: list[SurpriseEntry] = field(default_factory=list)
    attendees: list[AttendeeBrief] = field(default_factory=list)


class Attendee(NamedTuple):
    """An attendee's own columns (db.brief_queries.PEOPLE_COLUMNS, in that order)."""

    id: int
    name: str
    name_key: str
    email: str | None
    title: str | None
    organization: str | None
    division: str | None
    influence: int
    interest: int
    notes: str | None


@dataclass
class Facts:
    """What the brief reads about its attendees, each fact by stakeholder id (absent: none known)."""

    people: list[Attendee]
    briefings: dict[int, tuple[int, datetime]]  # §3.1: (version, occurred_at) of the latest briefing before as_of
    stances: dict[int, str]  # current stance level on the plan
    desired: dict[int, str]  # desired level on the plan (absent: supportive)
    changes: dict[int, tuple[str | None, str, datetime]]  # last stance change: (from or None, to, observed_at)
    touchpoints: dict[int, LastTouchpoint]  # latest held touchpoint, about any plan or none
    concerns: dict[int, list[tuple[int, str, datetime]]]  # open concerns on the plan: (id, text, raised at)
    follow_ups: dict[int, list[tuple[int, str, str | None, datetime]]]  # open: (id, text, owner, due at)
    influencers: dict[int, list[str]]  # names of who influences them (not archived), case-insensitively sorted


def build_brief(
    session: "Session",
    *,
    now: datetime,
    event: "Event | None" = None,
    people: "list[Stakeholder] | None" = None,
    plan: "Plan | None" = None,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> Brief:
    """A brief for an event (its resolved audience, evaluated at its start against its version), or
    for `people` named ad hoc (evaluated now against `plan`'s current version)."""
    # Imported here: the rest of this module runs before SQLAlchemy is imported (brief_direct).
    from db.models import Plan
    from stakeholders.events import resolved_audience_ids
    from stakeholders.plans import current_version
    from stakeholders.rules.surprise import classify

    if (event is None) == (people is None):
        raise InputError("a brief is for an EVENT or for --with PERSON…, not both")
    if event is not None:
        plan = session.get(Plan, event.plan_id)
        version, as_of = event.version, event.starts_at
        ids = resolved_audience_ids(session, event)
    else:
        if plan is None:
            raise InputError("an ad-hoc brief needs --plan P")
        version, as_of = current_version(session, plan), now
        # Named people count even when archived: naming them is asking about them.
        ids = list(dict.fromkeys(p.id for p in people or []))  # type: ignore[misc]
    assert plan is not None and plan.id is not None
    surprised, at_risk = classify(session, plan.id, version, as_of, ids, stale_days=stale_days)
    shown = (
        None
        if event is None
        else BriefEvent(event.id, event.title, event.kind.value, event.starts_at, event.status.value)  # type: ignore[arg-type]
    )
    brief = Brief(
        plan=plan.name, version=version, as_of=as_of, now=now, event=shown, surprised=surprised, at_risk=at_risk
    )
    brief.attendees = attendee_briefs(_read_facts(session, plan.id, ids, as_of), brief)
    return brief


def _read_facts(session: "Session", plan_id: int, ids: list[int], as_of: datetime) -> Facts:
    from db import brief_queries, rule_queries

    touchpoints = {row[0]: LastTouchpoint(*row[1:]) for row in brief_queries.last_touchpoints(session, ids)}
    return Facts(
        people=[Attendee(*row) for row in brief_queries.people(session, ids)],
        briefings={
            pid: (version, at) for pid, version, at in rule_queries.latest_briefing_rows(session, plan_id, ids, as_of)
        },
        stances=brief_queries.current_stances(session, plan_id, ids),
        desired=brief_queries.desired_levels(session, plan_id, ids),
        changes=brief_queries.last_stance_changes(session, plan_id, ids),
        touchpoints=touchpoints,
        concerns=brief_queries.open_concerns(session, plan_id, ids),
        follow_ups=brief_queries.open_follow_ups(session, ids),
        influencers=brief_queries.influencer_names(session, ids),
    )


def attendee_briefs(facts: Facts, brief: Brief) -> list[AttendeeBrief]:
    """Every attendee's block, in entry order, flagged as `brief`'s entries say."""
    now = brief.now
    flags = {e.id: ("surprised", e) for e in brief.surprised} | {e.id: ("at risk", e) for e in brief.at_risk}
    none: list[Any] = []
    out = []
    for p in sorted(facts.people, key=entry_order):
        briefing, change = facts.briefings.get(p.id), facts.changes.get(p.id)
        quad = quadrant(p.influence, p.interest)
        flag, entry = flags.get(p.id, (None, None))
        out.append(
            AttendeeBrief(
                id=p.id,
                name=p.name,
                email=p.email,
                title=p.title,
                organization=p.organization,
                division=p.division,
                influence=p.influence,
                interest=p.interest,
                key=p.influence >= KEY_INFLUENCE,
                quadrant=quad,
                approach=suggested_approach(quad),
                stance=StanceLevel(facts.stances.get(p.id, StanceLevel.UNAWARE)).value,
                desired=StanceLevel(facts.desired.get(p.id, StanceLevel.SUPPORTIVE)).value,
                last_stance_change=None
                if change is None
                else StanceChange(
                    at=change[2],
                    from_level=StanceLevel(change[0] or StanceLevel.UNAWARE).value,
                    to_level=StanceLevel(change[1]).value,
                ),
                last_briefed_version=briefing[0] if briefing else None,
                last_briefed_at=briefing[1] if briefing else None,
                last_touchpoint=facts.touchpoints.get(p.id),
                open_concerns=[
                    {"id": cid, "text": text, "raised_at": at} for cid, text, at in facts.concerns.get(p.id, none)
                ],
                open_follow_ups=[
                    {"id": fid, "text": text, "owner": owner, "due_at": due, "overdue": due < now}
                    for fid, text, owner, due in facts.follow_ups.get(p.id, none)
                ],
                influenced_by=list(facts.influencers.get(p.id, none)),
                notes=p.notes,
                flag=flag,
                flag_entry=entry,
            )
        )
    return out


def _jsonable(item: dict[str, Any]) -> dict[str, Any]:
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in item.items()}


def attendee_json(a: AttendeeBrief) -> dict[str, Any]:
    tp, change = a.last_touchpoint, a.last_stance_change
    return {
        "id": a.id,
        "name": a.name,
        "title": a.title,
        "organization": a.organization,
        "division": a.division,
        "quadrant": a.quadrant,
        "stance": a.stance,
        "desired": a.desired,
        "last_briefed_version": a.last_briefed_version,
        "last_touchpoint": None
        if tp is None
        else {
            "id": tp.id,
            "occurred_at": iso(tp.occurred_at),
            "channel": tp.channel,
            "by": tp.by,
            "plan": tp.plan,
            "version": tp.version,
            "summary": tp.summary,
        },
        "open_concerns": [_jsonable(c) for c in a.open_concerns],
        "open_follow_ups": [_jsonable(f) for f in a.open_follow_ups],
        "influenced_by": list(a.influenced_by),
        # Extras beyond §4, inside the attendee object only.
        "email": a.email,
        "influence": a.influence,
        "interest": a.interest,
        "key": a.key,
        "approach": a.approach,
        "last_briefed_at": iso(a.last_briefed_at),
        "last_stance_change": None
        if change is None
        else {"at": iso(change.at), "from": change.from_level, "to": change.to_level},
        "surprise": a.flag,
        "surprise_reasons": list(a.flag_entry.reasons) if a.flag_entry else [],
        "planned_at": iso(a.flag_entry.planned_at) if a.flag_entry else None,
        "notes": a.notes,
    }


def brief_json(b: Brief) -> dict[str, Any]:
    """The `brief --format json` object of §4."""
    event = (
        None
        if b.event is None
        else {
            "id": b.event.id,
            "title": b.event.title,
            "kind": b.event.kind,
            "starts_at": iso(b.event.starts_at),
            "status": b.event.status,
        }
    )
    return {
        "event": event,
        "plan": b.plan,
        "version": b.version,
        "surprised": [e.name for e in b.surprised],
        "attendees": [attendee_json(a) for a in b.attendees],
    }


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def md(text: object) -> str:
    """Text safe inside Markdown: no accidental emphasis, links, headings or HTML."""
    return str(text).translate(_MD_SPECIAL)


def brief_markdown(b: Brief) -> str:
    """The brief as compact Markdown: a 10-person meeting fits on one printed page."""
    if b.event is not None:
        head = [
            f"# Brief: {md(b.event.title)}",
            f"{words.when(b.event.starts_at)} · {b.event.kind} · {md(b.plan)} v{b.version} · "
            f"{len(b.attendees)} attendees",
        ]
    else:
        head = [
            f"# Brief: {md(b.plan)} v{b.version}",
            f"Ad hoc, as of {words.when(b.now)} · {len(b.attendees)} attendees",
        ]
    head[1] += " · private: for the lead, not for circulation"
    lines = head + [""]
    for label, entries in (("Would be surprised", b.surprised), ("At risk", b.at_risk)):
        if entries:
            names = ", ".join(f"{md(e.name)}{' (key)' if e.key else ''}" for e in entries)
            lines.append(f"**{label} ({len(entries)}):** {names}  ")
    if not b.surprised:
        lines.append("**Nobody would be surprised.**")
    # No blank line between attendee blocks: each heading starts one, and 10 blocks fit a page.
    lines.append("")
    for a in b.attendees:
        lines += _attendee_markdown(a, b.now)
    return "\n".join(lines) + "\n"


def _attendee_markdown(a: AttendeeBrief, now: datetime) -> list[str]:
    where = ", ".join(md(x) for x in (a.title, a.organization) if x)
    flag = f" — **{a.flag.upper()}**: {md(words.reasons(a.flag_entry, now))}" if a.flag_entry and a.flag else ""
    out = [
        f"## {md(a.name)}{' (key)' if a.key else ''}{' — ' + where if where else ''}{flag}",
        f"- {a.quadrant} ({a.influence}/{a.interest}): {APPROACH[a.quadrant]}",
    ]
    stance = f"- stance {a.stance}, desired {a.desired}"
    if a.last_stance_change:
        c = a.last_stance_change
        stance += f" (since {words.day(c.at, now)}: {c.from_level} → {c.to_level})"
    briefed = (
        f"briefed v{a.last_briefed_version} on {words.day(a.last_briefed_at, now)}"
        if a.last_briefed_version
        else "never briefed"
    )
    out.append(f"{stance} · {briefed}")
    tp = a.last_touchpoint
    if tp is None:
        out.append("- last contact: none")
    else:
        about = f", {md(tp.plan)} v{tp.version}" if tp.plan else ""
        said = f": “{md(words.one_line(tp.summary, 70))}”" if tp.summary else ""
        out.append(f"- last contact {words.day(tp.occurred_at, now)}, {tp.channel} by {md(tp.by or '—')}{about}{said}")
    extras = []
    if a.open_concerns:
        extras.append("concerns: " + "; ".join(f"“{md(words.one_line(c['text'], 70))}”" for c in a.open_concerns))
    if a.open_follow_ups:
        extras.append(
            "follow-ups: "
            + "; ".join(
                f"{md(words.one_line(f['text'], 60))} (due {words.day(f['due_at'], now)}"
                f"{', OVERDUE' if f['overdue'] else ''})"
                for f in a.open_follow_ups
            )
        )
    if a.influenced_by:
        extras.append("influenced by " + ", ".join(md(n) for n in a.influenced_by))
    if extras:
        out.append("- " + " · ".join(extras))
    if a.notes:
        out.append(f"- notes: {md(words.one_line(a.notes, 120))}")
    return out
