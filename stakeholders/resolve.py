"""Naming things on the command line: PERSON, PLAN, EVENT and TAG arguments (§4)."""

import difflib

import sqlalchemy as sa
from sqlmodel import Session, col, select

from db.models import Event, Plan, Stakeholder, Tag
from stakeholders.errors import Ambiguous, NotFound
from stakeholders.untrusted import whole_number

# Ids are 32-bit integers on PostgreSQL; a larger number names no row (and must not reach the driver).
MAX_ID = 2**31 - 1


def row_id(value: str | int) -> int | None:
    """The id a PERSON/PLAN/EVENT/ID argument may be, or None when it cannot be one."""
    number = value if isinstance(value, int) else whole_number(value)  # '①' and '³' are no ids (§8)
    return number if number is not None and 1 <= number <= MAX_ID else None


def _candidates(people: list[Stakeholder]) -> str:
    return "; ".join(f"{p.name} <{p.email or 'no e-mail'}> (id {p.id})" for p in people)


def resolve_person(session: Session, text: str) -> Stakeholder:
    """An id, an e-mail or a name, compared case-insensitively; archived people included."""
    key = text.strip()
    if not key:
        raise NotFound("empty PERSON: give an id, an e-mail or a name")
    if (number := row_id(key)) is not None:
        found = session.get(Stakeholder, number)
        if found is not None:
            return found
    if "@" in key:
        found = session.exec(select(Stakeholder).where(col(Stakeholder.email_key) == key.lower())).first()
        if found is not None:
            return found
    matches = list(
        session.exec(select(Stakeholder).where(col(Stakeholder.name_key) == key.lower()).order_by(col(Stakeholder.id)))
    )
    if not matches and "@" not in key:
        # A first name or part of a name is accepted when it names exactly one person.
        # Words starting with it come first, so "lee" finds Lee Park, not Kathleen.
        escaped = key.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for patterns in ([escaped + "%", "% " + escaped + "%"], ["%" + escaped + "%"]):
            condition = sa.or_(*(col(Stakeholder.name_key).like(p, escape="\\") for p in patterns))
            matches = list(
                session.exec(
                    select(Stakeholder)
                    .where(condition)
                    .order_by(col(Stakeholder.name_key), col(Stakeholder.id))
                    .limit(11)
                )
            )
            if matches:
                break
    if len(matches) == 1:
        return matches[0]
    if matches:
        shown = _candidates(matches[:10]) + ("; …" if len(matches) > 10 else "")
        raise Ambiguous(
            f"'{key}' names {len(matches) if len(matches) <= 10 else 'more than 10'} stakeholders: "
            f"{shown}; use the e-mail or id"
        )
    raise NotFound(f"no stakeholder '{key}'{_suggest(session, key)}; see `stakeholders list --all`")


def _suggest(session: Session, key: str) -> str:
    names = session.exec(select(col(Stakeholder.name))).all()
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.75)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def resolve_people(session: Session, texts: list[str] | tuple[str, ...]) -> list[Stakeholder]:
    """Several PERSON arguments, each once, in the order given."""
    people: list[Stakeholder] = []
    for text in texts:
        person = resolve_person(session, text)
        if all(p.id != person.id for p in people):
            people.append(person)
    return people


def resolve_plan(session: Session, text: str) -> Plan:
    key = text.strip()
    if (number := row_id(key)) is not None:
        found = session.get(Plan, number)
        if found is not None:
            return found
    found = session.exec(select(Plan).where(col(Plan.name_key) == key.lower())).first()
    if found is not None:
        return found
    names = list(session.exec(select(col(Plan.name)).order_by(col(Plan.name_key))))
    known = f"plans: {', '.join(names)}" if names else "there are no plans yet: `stakeholders plan add`"
    raise NotFound(f"no plan '{key}' ({known})")


def resolve_event(session: Session, text: str) -> Event:
    """An id or a title: exact (case-insensitive) first, else a unique substring."""
    key = text.strip()
    if (number := row_id(key)) is not None:
        found = session.get(Event, number)
        if found is not None:
            return found
    lowered = sa.func.lower(col(Event.title))
    exact = list(session.exec(select(Event).where(lowered == key.lower()).order_by(col(Event.id))))
    if len(exact) == 1:
        return exact[0]
    matches = exact or [
        e
        for e in session.exec(select(Event).order_by(col(Event.starts_at), col(Event.id)))
        if key.lower() in e.title.lower()
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = "; ".join(f"{e.title} (id {e.id}, {e.starts_at:%Y-%m-%d})" for e in matches)
        raise Ambiguous(f"'{key}' matches {len(matches)} events: {listing}; use the id")
    raise NotFound(f"no event '{key}'; see `stakeholders event list`")


def tag_named(session: Session, name: str, *, create: bool) -> Tag | None:
    clean = name.strip().lower()
    if not clean:
        raise NotFound("empty tag name")
    tag = session.exec(select(Tag).where(col(Tag.name) == clean)).first()
    if tag is None and create:
        tag = Tag(name=clean)
        session.add(tag)
        session.flush()
    return tag
