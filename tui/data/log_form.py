"""The log form's fields, read the way `stakeholders log` reads its options (§4).

Several values in one field are separated by `;` (attendees also by `,`);
`PERSON=VALUE` names whose stance or concern it is, as on the command line.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.enums import Channel, StanceLevel, TouchpointStatus
from db.models import Plan, Stakeholder
from stakeholders.dates import parse_when
from stakeholders.errors import InputError, StakeholdersError
from stakeholders.plans import current_version
from stakeholders.resolve import resolve_people, resolve_person, resolve_plan
from stakeholders.stances import parse_level
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint, parse_channel
from stakeholders.untrusted import whole_number
from tui.widgets.styles import when


@dataclass
class LogPrefill:
    """What the form opens with, and what it suggests while typing."""

    who: str
    plan: str
    version: str
    plans: list[str]
    people: list[str]


def person_label(session: Session, person: Stakeholder) -> str:
    """How to name a person so the form reads them back: the name if unique, else the e-mail, else the id."""
    same = session.exec(select(Stakeholder.id).where(Stakeholder.name_key == person.name_key)).all()
    if len(same) == 1 and "," not in person.name and ";" not in person.name:
        return person.name
    return person.email or str(person.id)


def prefill(session: Session, person_ids: list[int], plan_id: int | None, version: int | None) -> LogPrefill:
    people = [p for p in (session.get(Stakeholder, i) for i in person_ids) if p is not None]
    plan = session.get(Plan, plan_id) if plan_id else None
    shown_version = ""
    if plan is not None and version is not None and version != current_version(session, plan):
        shown_version = str(version)  # blank means current, so only an older version is spelled out
    plans = list(session.exec(select(Plan.name).order_by(Plan.name_key)))
    # Suggestions for the attendee field: bounded, since a shared database may hold 50,000 names.
    names = list(
        session.exec(
            select(Stakeholder.name)
            .where(Stakeholder.archived_at.is_(None))  # type: ignore[union-attr]
            .order_by(Stakeholder.name_key)
            .limit(5000)
        )
    )
    return LogPrefill(
        ", ".join(person_label(session, p) for p in people), plan.name if plan else "", shown_version, plans, names
    )


def _items(text: str, separators: str = ";") -> list[str]:
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return [part.strip() for part in text.split(separators[0]) if part.strip()]


def _assignment(text: str) -> tuple[str | None, str]:
    if "=" in text:
        who, _, value = text.partition("=")
        if who.strip():
            return who.strip(), value.strip()
    return None, text.strip()


def complete(text: str, choices: list[str]) -> str:
    """A unique prefix of a choice is that choice (`sup` -> `supportive`, `one` -> `one-on-one`);
    anything else is left for the domain's parser to accept or explain."""
    word = text.strip().lower()
    if not word or word in choices:
        return text.strip()
    found = [c for c in choices if c.startswith(word)]
    return found[0] if len(found) == 1 else text.strip()


def _complete_levels(text: str) -> list[tuple[str | None, str]]:
    levels = [level.value for level in StanceLevel]
    return [(who, complete(level, levels)) for who, level in map(_assignment, _items(text))]


def check_log_form(session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool) -> list[tuple[str, str]]:
    """Every problem of the form at once, each with its field (§7: a refused save lists every error);
    read only. What only the write can find (a stance on a planned call…) still comes from it."""
    problems: list[tuple[str, str]] = []

    def attempt(key: str, check: Callable[[], object]) -> None:
        try:
            check()
        except StakeholdersError as exc:
            problems.append((key, str(exc)))

    names = _items(values.get("who", ""), ";,")
    if not names:
        problems.append(("who", "who took part? name at least one stakeholder"))
    else:
        attempt("who", lambda: resolve_people(session, names))
    if values.get("plan", "").strip():
        attempt("plan", lambda: resolve_plan(session, values["plan"]))
    raw_version = values.get("version", "").strip().lstrip("vV")
    if raw_version and whole_number(raw_version) is None:
        problems.append(("version", f"'{values['version']}' is not a number: leave it blank for the current one"))
    attempt(
        "when", lambda: parse_when(values.get("when", "").strip() or "now", purpose="log", now=now, dayfirst=dayfirst)
    )
    attempt("channel", lambda: parse_channel(complete(values.get("channel", ""), [c.value for c in Channel]) or "call"))
    for person, level in _complete_levels(values.get("stance", "")):
        attempt("stance", lambda level=level: parse_level(level))  # type: ignore[misc]
        if person:
            attempt("stance", lambda person=person: resolve_person(session, person))  # type: ignore[misc]
    for person, _ in map(_assignment, _items(values.get("concerns", ""))):
        if person:
            attempt("concerns", lambda person=person: resolve_person(session, person))  # type: ignore[misc]
    due_text = values.get("due", "").strip()
    if due_text and not values.get("follow_up", "").strip():
        problems.append(("follow_up", "a due date belongs to a follow-up: write what was promised"))
    if due_text:
        attempt("due", lambda: parse_when(due_text, purpose="due", now=now, dayfirst=dayfirst))
    return problems


def log_from_form(session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool) -> str:
    """Record the touchpoint the form describes; returns the line to show. Raises InputError/DateError."""
    names = _items(values.get("who", ""), ";,")
    if not names:
        raise InputError("who took part? name at least one stakeholder")
    attendees = resolve_people(session, names)
    plan = resolve_plan(session, values["plan"]) if values.get("plan", "").strip() else None
    raw_version = values.get("version", "").strip().lstrip("vV")
    if raw_version and whole_number(raw_version) is None:  # ASCII digits only (int() refuses "³")
        raise InputError(f"version '{values['version']}' is not a number: leave it blank for the current one")
    occurred = parse_when(values.get("when", "").strip() or "now", purpose="log", now=now, dayfirst=dayfirst)

    def who(name: str | None) -> Stakeholder | None:
        return resolve_person(session, name) if name else None

    stances = [(who(p), parse_level(level)) for p, level in _complete_levels(values.get("stance", ""))]
    concerns = [(who(p), text) for p, text in map(_assignment, _items(values.get("concerns", "")))]
    follow_up = values.get("follow_up", "").strip() or None
    due_text = values.get("due", "").strip()
    if due_text and not follow_up:
        raise InputError("a due date belongs to a follow-up: write what was promised")
    due = parse_when(due_text, purpose="due", now=now, dayfirst=dayfirst) if due_text else None
    draft = TouchpointDraft(
        attendees=attendees,
        occurred_at=occurred,
        plan=plan,
        version=whole_number(raw_version),
        channel=parse_channel(complete(values.get("channel", ""), [c.value for c in Channel]) or "call"),
        summary=values.get("notes") or None,
        stances=stances,
        concerns=concerns,
        follow_up=follow_up,
        follow_up_due=due,
    )
    tp = log_touchpoint(session, draft, now=now)
    state = "planned" if tp.status == TouchpointStatus.PLANNED else "logged"
    about = f" on {plan.name} v{tp.version}" if plan else ""
    return (
        f"{state} {tp.channel.value} with {', '.join(a.name for a in attendees)}{about} ({when(tp.occurred_at, now)})"
    )


def _touchpoint_people(session: Session, touchpoint_id: int) -> list[Stakeholder]:
    from db.models import TouchpointAttendee

    ids = session.exec(
        select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == touchpoint_id)
    ).all()
    return sorted((p for p in (session.get(Stakeholder, i) for i in ids) if p is not None), key=lambda p: p.name_key)


def check_held_form(
    session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool
) -> list[tuple[str, str]]:
    """Every problem of the "it happened" form at once, each with its field (as `check_log_form`)."""
    problems: list[tuple[str, str]] = []
    for person, level in _complete_levels(values.get("stance", "")):
        try:
            parse_level(level)
            if person:
                resolve_person(session, person)
        except StakeholdersError as exc:
            problems.append(("stance", str(exc)))
    for person, _ in map(_assignment, _items(values.get("concerns", ""))):
        if person:
            try:
                resolve_person(session, person)
            except StakeholdersError as exc:
                problems.append(("concerns", str(exc)))
    follow_up, due_text = values.get("follow_up", "").strip(), values.get("due", "").strip()
    if due_text and not follow_up:
        problems.append(("follow_up", "a due date belongs to a follow-up: write what was promised"))
    if follow_up and not due_text:
        problems.append(("due", "when is the follow-up due? friday, in 3 days…"))
    if due_text:
        try:
            parse_when(due_text, purpose="due", now=now, dayfirst=dayfirst)
        except StakeholdersError as exc:
            problems.append(("due", str(exc)))
    return problems


def held_from_form(
    session: Session, touchpoint_id: int, values: dict[str, str], now: datetime, *, dayfirst: bool
) -> str:
    """The planned touchpoint happened: mark it held with the stance heard (`touchpoint held`), then
    record the concerns raised and the follow-up promised in it, through the use cases `log` uses
    (each tied to the touchpoint, so undoing the step removes them too)."""
    from stakeholders.concerns import raise_concern
    from stakeholders.followups import promise
    from stakeholders.touchpoints import get_touchpoint, mark_held

    tp = get_touchpoint(session, touchpoint_id)
    people = _touchpoint_people(session, touchpoint_id)
    plan = session.get(Plan, tp.plan_id) if tp.plan_id else None
    stances = _complete_levels(values.get("stance", ""))
    concerns = list(map(_assignment, _items(values.get("concerns", ""))))
    if (stances or concerns) and plan is None:
        raise InputError("this call was about no plan, so it carries no stance or concern")
    everyone = [(p, level) for p, level in stances if p is None]
    mark_held(
        session, touchpoint_id, parse_level(everyone[-1][1]) if everyone else None, values.get("note") or None, now=now
    )
    for person, level in stances:  # a stance for one attendee by name, as `log --stance NAME=LEVEL`
        if person is not None and plan is not None:
            from stakeholders.stances import record_stance

            record_stance(session, resolve_person(session, person), plan, parse_level(level), tp.occurred_at, tp.id)
    for person, text in concerns:
        if person is None and len(people) > 1:
            raise InputError("several people took part: say who raised the concern as Name=text")
        who = resolve_person(session, person) if person else people[0]
        raise_concern(session, who, plan, text, touchpoint_id=tp.id)  # type: ignore[arg-type]
    follow_up = values.get("follow_up", "").strip()
    if follow_up:
        due = parse_when(values.get("due", ""), purpose="due", now=now, dayfirst=dayfirst)
        promise(session, people, follow_up, due, None, touchpoint_id=tp.id)
    heard = [level for _, level in stances]
    parts = [f"marked the {tp.channel.value} with {', '.join(p.name for p in people)} held"]
    if heard:
        parts.append(f"stance {', '.join(heard)}")
    if concerns:
        parts.append(f"{len(concerns)} concern{'s' if len(concerns) > 1 else ''}")
    if follow_up:
        parts.append(f"follow-up due {when(due, now)}")
    return " · ".join(parts)
