"""Each field of a work form checked on its own, so that a refused save lists every problem at once
and the form moves to the first (§7, Forms that help); the save itself then checks again, in its
transaction, through the use case (these checks only read)."""

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from stakeholders.dates import Purpose, parse_when
from stakeholders.errors import InputError
from stakeholders.events import parse_kind
from stakeholders.resolve import resolve_event, resolve_people, resolve_person, resolve_plan
from tui.data.log_form import complete
from tui.data.plan_forms import names_of, version_number

Check = Callable[[Session, str], object]


def required(what: str) -> Check:
    def check(session: Session, value: str) -> None:
        if not value.strip():
            raise InputError(what)

    return check


def plan(optional: bool = False) -> Check:
    def check(session: Session, value: str) -> None:
        if value.strip():
            resolve_plan(session, value)
        elif not optional:
            raise InputError("which plan? name it (→ completes)")

    return check


def date(purpose: Purpose, now: datetime, optional: bool = False, *, dayfirst: bool) -> Check:
    def check(session: Session, value: str) -> None:
        if value.strip():
            parse_when(value, purpose=purpose, now=now, dayfirst=dayfirst)
        elif not optional:
            raise InputError("when? e.g. friday 9am, in 3 days, 2026-12-10 14:00")

    return check


def version(session: Session, value: str) -> None:
    version_number(value)


def people(session: Session, value: str) -> None:
    if not names_of(value):
        raise InputError("name at least one stakeholder (→ completes names)")
    resolve_people(session, names_of(value))


def audience(session: Session, value: str) -> None:
    items = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if not items:
        raise InputError("who will hear it? people, tag:TAG or division:NAME")
    for item in items:
        if not item.lower().startswith(("tag:", "division:")):  # a new tag is created, as on the command line
            resolve_person(session, item)


def kind(session: Session, value: str) -> None:
    parse_kind(complete(value, ["announcement", "meeting", "decision"]) or "announcement")


def event(session: Session, value: str) -> None:
    if not value.strip():
        raise InputError("which event? its title (→ completes)")
    resolve_event(session, value)
