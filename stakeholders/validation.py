"""Checks on stakeholder fields shared by `add`, `edit` and import."""

from collections.abc import Callable
from functools import cache
from typing import Any

from stakeholders.errors import InputError

# PRODUCT.md §5: company addresses live on reserved and special-use domains (corp.local,
# build.test, ops.invalid…), so those are accepted. email-validator refuses them through its
# SPECIAL_USE_DOMAIN_NAMES list, its documented switch; `localhost`, `arpa` and `onion` stay
# refused, and a domain without a dot (email@localhost) or ending in digits (snail@127.0.0.1)
# is refused anyway.
ACCEPTED_SPECIAL_USE = ("invalid", "local", "test")


@cache
def _validator() -> tuple[Callable[..., object], type[Exception]]:
    # Imported on first use: ~80 ms that commands which never check an address should not pay.
    import email_validator

    email_validator.SPECIAL_USE_DOMAIN_NAMES = [
        name for name in email_validator.SPECIAL_USE_DOMAIN_NAMES if name not in ACCEPTED_SPECIAL_USE
    ]
    return email_validator.validate_email, email_validator.EmailNotValidError


def email_problem(email: str) -> str | None:
    """The one e-mail rule of add, edit and import: email-validator's syntax check, no network look-up."""
    validate, not_valid = _validator()
    try:
        validate(email, check_deliverability=False, allow_domain_literal=False, allow_display_name=False)
    except not_valid as exc:
        reason = str(exc).rstrip(".")
        return f"malformed e-mail '{email}' ({reason[:1].lower()}{reason[1:]})"
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
