"""The plan, concern and follow-up forms' fields, read the way the CLI reads its options (§4).

Each function runs inside one write transaction, calls the same use case as the
matching CLI command, and returns what to say and how to undo it.
"""

from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session, col, select

from db.enums import ConcernStatus
from db.models import Concern, FollowUp, Plan, PlanVersion, Stakeholder
from stakeholders.concerns import resolve_concern
from stakeholders.dates import parse_when
from stakeholders.errors import InputError
from stakeholders.followups import mark_done, promise
from stakeholders.plans import add_plan, approve_version, current_version, diff_versions, get_version, revise_plan
from stakeholders.resolve import resolve_people, resolve_plan
from stakeholders.undo import Change
from stakeholders.undo_work import (
    add_plan_change,
    approve_change,
    kept_change,
    promised_change,
    resolved_change,
    revise_plan_change,
)


class Done(NamedTuple):
    """What a saved form says, and how to take it back."""

    message: str
    change: Change


def version_number(text: str, what: str = "version") -> int | None:
    """`2`, `v2` or blank (the current one); anything else is refused in words."""
    raw = text.strip().lstrip("vV")
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise InputError(f"{what} '{text.strip()}' is not a number: write 2 or v2, or leave it blank for the current")
    return int(raw)


def names_of(text: str) -> list[str]:
    for sep in ";":
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


# -- plans --------------------------------------------------------------------------------------------


def plan_names(session: Session) -> list[str]:
    return list(session.exec(select(Plan.name).order_by(Plan.name_key)))


def add_plan_from_form(session: Session, values: dict[str, str]) -> Done:
    plan = add_plan(session, values.get("name", ""), values.get("summary", ""), values.get("body", "").strip() or None)
    return Done(f"Added plan {plan.name} at v1", add_plan_change(session, plan))


def revise_plan_from_form(session: Session, values: dict[str, str]) -> Done:
    if not values.get("plan", "").strip():
        raise InputError("which plan? name the plan to revise")
    plan = resolve_plan(session, values["plan"])
    version = revise_plan(
        session, plan, values.get("summary", ""), values.get("changes"), values.get("body", "").strip() or None
    )
    return Done(f"{plan.name} is now at v{version.number}", revise_plan_change(session, plan, version))


def current_body(session: Session, plan_name: str) -> tuple[str, str]:
    """The current version's summary and body, to start a revision from (blank when the plan is unknown)."""
    plan = session.exec(select(Plan).where(Plan.name_key == plan_name.strip().lower())).first()
    if plan is None or current_version(session, plan) == 0:
        return "", ""
    version = get_version(session, plan, None)
    return version.summary, version.body or ""


def approve_from_form(session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool) -> Done:
    if not values.get("plan", "").strip():
        raise InputError("which plan? name the plan whose version was approved")
    plan = resolve_plan(session, values["plan"])
    if not values.get("by", "").strip():
        raise InputError("who approved it? write their name under By")
    when = parse_when(values.get("when", "").strip() or "now", purpose="log", now=now, dayfirst=dayfirst)
    version = get_version(session, plan, version_number(values.get("version", "")))
    before_by, before_at, before_stamp = version.approved_by, version.approved_at, version.updated_at
    version = approve_version(session, plan, version.number, values["by"], when)
    session.flush()
    return Done(
        f"{plan.name} v{version.number} approved by {version.approved_by}",
        approve_change(session, plan, version, before_by, before_at, before_stamp),
    )


def compare_versions(session: Session, values: dict[str, str]) -> tuple[str, str]:
    """The heading and the line-by-line diff of two versions (`plan diff`); blank A/B: previous and current."""
    if not values.get("plan", "").strip():
        raise InputError("which plan? name the plan whose versions to compare")
    plan = resolve_plan(session, values["plan"])
    current = current_version(session, plan)
    b = version_number(values.get("b", ""), "second version") or current
    a = version_number(values.get("a", ""), "first version") or max(1, b - 1)
    if a == b:
        raise InputError(f"{plan.name} has one version to compare with itself: give two different versions")
    text = diff_versions(session, plan, a, b)
    return f"{plan.name}: v{a} → v{b}", text or "the two versions read the same"


# -- concerns and follow-ups ---------------------------------------------------------------------------


def resolve_from_form(session: Session, concern_id: int, values: dict[str, str]) -> Done:
    concern = session.get(Concern, concern_id)
    if concern is None:
        raise InputError("this concern no longer exists")
    if concern.status == ConcernStatus.RESOLVED:
        raise InputError(f"“{concern.text}” is already resolved")
    version = version_number(values.get("version", ""))
    before_stamp = concern.updated_at
    resolved = resolve_concern(session, concern_id, version, values.get("note"))
    session.flush()
    how = f"by v{version}" if version is not None else "with a note"
    return Done(f"Resolved {how}: “{resolved.text}”", resolved_change(session, resolved, before_stamp))


def versions_of_concern(session: Session, concern_id: int) -> list[str]:
    concern = session.get(Concern, concern_id)
    if concern is None:
        return []
    numbers = session.exec(
        select(col(PlanVersion.number))
        .where(col(PlanVersion.plan_id) == concern.plan_id)
        .order_by(col(PlanVersion.number).desc())
    )
    return [str(n) for n in numbers]


def promise_from_form(session: Session, values: dict[str, str], now: datetime, *, dayfirst: bool) -> Done:
    people = resolve_people(session, names_of(values.get("who", "")))
    if not people:
        raise InputError("owed to whom? name at least one stakeholder")
    if not values.get("text", "").strip():
        raise InputError("what was promised? write it under Promise")
    if not values.get("due", "").strip():
        raise InputError("when is it due? e.g. friday, in 3 days")
    due = parse_when(values["due"], purpose="due", now=now, dayfirst=dayfirst)
    follow_up = promise(session, people, values["text"], due, values.get("by", "").strip() or None)
    names = ", ".join(p.name for p in people)
    return Done(f"Promised {names}: “{follow_up.text}”", promised_change(session, follow_up))


def keep_promise(session: Session, follow_up_id: int) -> Done:
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise InputError("this follow-up no longer exists")
    if follow_up.done_at is not None:
        raise InputError(f"“{follow_up.text}” was already kept")
    before_stamp = follow_up.updated_at
    kept = mark_done(session, follow_up_id)
    session.flush()
    return Done(f"Kept: “{kept.text}”", kept_change(session, kept, before_stamp))


def person_names(session: Session, limit: int = 5000) -> list[str]:
    """Suggestions for a person field: bounded, since a shared database may hold 50,000 names."""
    return list(
        session.exec(
            select(Stakeholder.name)
            .where(Stakeholder.archived_at.is_(None))  # type: ignore[union-attr]
            .order_by(Stakeholder.name_key)
            .limit(limit)
        )
    )
