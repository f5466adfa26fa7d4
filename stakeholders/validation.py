"""Checks on stakeholder fields shared by `add`, `edit` and import."""

import re
from typing import Any

from stakeholders.errors import InputError

# Deliberately plain: one @, a local part, a dotted domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email_problem(email: str) -> str | None:
    if not _EMAIL.match(email) or ".." in email.split("@")[-1]:
        return f"malformed e-mail '{email}'"
    return None


def scale_problem(field: str, value: object) -> str | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return f"{field} '{value}' is not a number between 1 and 5"
    if not 1 <= number <= 5:
        return f"{field} {number} is not between 1 and 5"
    return None


def clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise the given fields; raise InputError on the first problem."""
    out = dict(fields)
    if "name" in out:
        name = clean_text(str(out["name"] or ""))
        if not name:
            raise InputError("a stakeholder needs a name")
        out["name"] = name
    if out.get("email") is not None:
        email = clean_text(str(out["email"]))
        if email is not None and (problem := email_problem(email)):
            raise InputError(f"{problem}: write it like name@example.com")
        out["email"] = email
    for field in ("influence", "interest"):
        if out.get(field) is not None:
            if problem := scale_problem(field, out[field]):
                raise InputError(f"{problem} (1 minimal … 5 decisive)")
            out[field] = int(str(out[field]).strip())
    if out.get("cadence_days") is not None and int(str(out["cadence_days"])) < 1:
        raise InputError("cadence must be at least 1 day")
    for field in ("title", "organization", "division", "phone", "owner", "notes"):
        if field in out and out[field] is not None:
            out[field] = clean_text(str(out[field]))
    return out
