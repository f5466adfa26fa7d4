"""What the stakeholder forms write: form values in, a `Done` (message and undo) out.

Each goes through the use cases the CLI runs (stakeholders/people.py, stances.py, forget.py, via the
undo wrappers of stakeholders/undo.py). Messages name people, never ids or CLI commands.
"""

import difflib
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from db.models import Plan, Stakeholder, Stance
from stakeholders import undo
from stakeholders.errors import Ambiguous, InputError, NotFound
from stakeholders.people import merge_people
from stakeholders.resolve import resolve_person, resolve_plan
from stakeholders.stances import LEVELS, parse_level
from stakeholders.undo import Change
from tui.data.log_form import complete, person_label
from tui.data.plan_forms import Done, person_names, plan_names


def find_person(session: Session, text: str, role: str = "stakeholder") -> Stakeholder:
    """`resolve_person` (a name, part of one, or an e-mail), its refusals said in the TUI's words."""
    if not text.strip():
        raise InputError(f"which {role}? type a name or an e-mail")
    try:
        return resolve_person(session, text)
    except Ambiguous:
        key = text.strip().lower()
        like = list(
            session.exec(
                select(Stakeholder)
                .where(Stakeholder.name_key.contains(key))  # type: ignore[attr-defined]
                .order_by(Stakeholder.name_key)
                .limit(6)
            )
        )
        names = "; ".join(f"{p.name} <{p.email}>" if p.email else p.name for p in like[:5])
        raise Ambiguous(
            f"'{text.strip()}' names several stakeholders ({names}): type the whole name or the e-mail"
        ) from None
    except NotFound:
        every = list(session.exec(select(Stakeholder.name)))
        close = difflib.get_close_matches(text.strip(), every, n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise NotFound(f"no stakeholder '{text.strip()}'{hint}") from None


def find_plan(session: Session, text: str) -> Plan:
    if not text.strip():
        raise InputError("which plan? type its name")
    try:
        return resolve_plan(session, text)
    except NotFound:
        names = plan_names(session)
        raise NotFound(
            f"no plan '{text.strip()}'"
            + (f" (plans: {', '.join(names)})" if names else ": there are no plans yet (Add plan)")
        ) from None


def focused_label(session: Session, person_id: int | None) -> str:
    """How to pre-fill a person field with the person in focus ("" when there is none)."""
    person = session.get(Stakeholder, person_id) if person_id is not None else None
    return person_label(session, person) if person is not None else ""


def all_names(session: Session) -> list[str]:
    """Completion for person fields that also take archived people (unarchive, merge, forget, history)."""
    return list(session.exec(select(Stakeholder.name).order_by(Stakeholder.name_key).limit(5000)))


def person_choices(session: Session, *, archived_too: bool = False) -> tuple[list[str], bool]:
    return (all_names(session) if archived_too else person_names(session)), False


def plan_of(session: Session, person_id: int | None, plan_id: int | None = None) -> str:
    """The plan to pre-fill: the one in view (the plan they were last briefed on, on a person's page),
    else the one of their latest stance, else the only plan, else blank."""
    plan = session.get(Plan, plan_id) if plan_id is not None else None
    if plan is not None:
        return plan.name
    if person_id is not None:
        latest = session.exec(
            select(col(Plan.name))
            .join(Stance, col(Stance.plan_id) == col(Plan.id))
            .where(col(Stance.stakeholder_id) == person_id)
            .order_by(col(Stance.observed_at).desc())
        ).first()
        if latest:
            return latest
    names = plan_names(session)
    return names[0] if len(names) == 1 else ""


# -- the writes -------------------------------------------------------------------------


def _done(change: Change) -> Done:
    return Done(change.label, change)


def archive_from_form(session: Session, values: dict[str, str], archived: bool) -> Done:
    person = find_person(session, values.get("person", ""))
    if (person.archived_at is not None) == archived:
        raise InputError(f"{person.name} is already {'archived' if archived else 'active'}")
    return _done(undo.archive(session, person, archived))


def stance_from_form(session: Session, values: dict[str, str]) -> Done:
    person = find_person(session, values.get("person", ""))
    plan = find_plan(session, values.get("plan", ""))
    level_text = complete(values.get("level", ""), LEVELS)
    if not level_text.strip():
        raise InputError(f"which stance? one of {', '.join(LEVELS)}")
    return _done(undo.stance(session, person, plan, parse_level(level_text)))


def link_from_form(session: Session, values: dict[str, str], linked: bool) -> Done:
    influencer = find_person(session, values.get("influencer", ""), "influencer")
    influenced = find_person(session, values.get("influenced", ""), "person they influence")
    if influencer.id == influenced.id:
        raise InputError(f"{influencer.name} cannot influence themselves: name someone else")
    change = undo.link(session, influencer, influenced, linked)
    if not change.undoable:
        raise InputError(change.label + ": nothing to change")
    return _done(change)


def _merge_pair(session: Session, values: dict[str, str]) -> tuple[Stakeholder, Stakeholder]:
    duplicate = find_person(session, values.get("duplicate", ""), "duplicate")
    survivor = find_person(session, values.get("survivor", ""), "record to keep")
    if duplicate.id == survivor.id:
        raise InputError(f"both name {survivor.name}: the duplicate and the record to keep must differ")
    return duplicate, survivor


def _named(person: Stakeholder) -> str:
    """A name with its e-mail: two records of one person often share the name."""
    return f"{person.name} <{person.email}>" if person.email else person.name


def merge_question(session: Session, values: dict[str, str]) -> str:
    """What the merge would do, asked before it runs (it cannot be undone)."""
    duplicate, survivor = _merge_pair(session, values)
    return (
        f"Merge {_named(duplicate)} into {_named(survivor)}? Their touchpoints, stances, concerns, tags and links "
        f"move to {survivor.name}, empty fields are filled, and {duplicate.name}'s record goes. "
        "This cannot be undone."
    )


def merge_from_form(session: Session, values: dict[str, str]) -> Done:
    """Not undoable (records move, the duplicate goes): asked first (`merge_question`)."""
    duplicate, survivor = _merge_pair(session, values)
    name = duplicate.name
    kept = merge_people(session, duplicate, survivor)
    return _done(Change(f"Merged {name} into {kept.name}"))


def confirmed_for_forgetting(session: Session, values: dict[str, str]) -> int:
    """The person to erase (§8), once their name is typed out in full, since this cannot be undone."""
    person = find_person(session, values.get("person", ""))
    typed = " ".join(values.get("confirm", "").split())
    if typed.lower() != " ".join(person.name.split()).lower():
        raise InputError(f"type {person.name}'s name in full to confirm: forgetting cannot be undone")
    assert person.id is not None  # a stored row
    return person.id


def history_rows(session: Session, person_id: int) -> tuple[str, list[dict[str, Any]]]:
    from stakeholders.history import history_items

    person = session.get(Stakeholder, person_id)
    if person is None:
        raise NotFound("this stakeholder no longer exists (merged or forgotten)")
    return person.name, history_items(session, person)


def default_backup(database: Path | None, today: str) -> str:
    """A backup beside the database, dated: `stakeholders.db` -> `stakeholders-2026-12-03.backup.db`."""
    if database is None:
        return ""
    return str(database.with_name(f"{database.stem}-{today}.backup{database.suffix or '.db'}"))
