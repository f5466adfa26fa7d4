"""Turn the raw values a format found into clean stakeholder fields, and say
what is wrong with a row (PRODUCT.md §5: no name, a malformed e-mail,
influence 9)."""

import re
from typing import Any

from stakeholders.validation import email_problem

from .model import FIELDS, RawFields

# Limits of the stakeholder and tag tables: a row that would not fit is
# reported here rather than failing the whole import's transaction.
MAX_NAME = 200
MAX_EMAIL = 320
MAX_TAG = 100

_SCORES = ("influence", "interest")
_ONE_LINE = ("name", "title", "organization", "division", "phone", "owner")
_TAG_SEPARATORS = re.compile(r"[,;|]")


def split_tags(value: str | list[str] | None, separators: re.Pattern[str] = _TAG_SEPARATORS) -> list[str]:
    """Tags from a cell: split on `,` `;` or `|` (or `separators`)."""
    if not value:
        return []
    if isinstance(value, str):
        value = separators.split(value)
    return [tag for tag in value if tag and tag.strip()]


def clean(raw: RawFields) -> tuple[dict[str, Any], list[str]]:
    """Normalise the raw values of one row.

    `raw` maps field names to str (tags: str or list of str). Returns the
    fields that have a value and the reasons the row is bad.
    """
    fields: dict[str, Any] = {}
    errors: list[str] = []

    for name in _ONE_LINE:
        value = _one_line(_text(raw, name))
        if value:
            fields[name] = value
    email = _text(raw, "email").strip()
    if email:
        fields["email"] = email
    notes = _text(raw, "notes").strip()
    if notes:
        fields["notes"] = notes
    tags = _clean_tags(raw.get("tags"))
    if tags:
        fields["tags"] = tags

    name = fields.get("name", "")
    if not name:
        errors.append("no name")
    elif len(name) > MAX_NAME:
        errors.append(f"name is longer than {MAX_NAME} characters")
    if email and (problem := email_problem(email)):
        errors.append(problem)
    elif len(email) > MAX_EMAIL:
        errors.append(f"e-mail is longer than {MAX_EMAIL} characters")
    for score in _SCORES:
        text = _text(raw, score).strip()
        if not text:
            continue
        number, error = _score(score, text)
        if error:
            errors.append(error)
        else:
            fields[score] = number
    for tag in tags:
        if len(tag) > MAX_TAG:
            errors.append(f"tag '{tag[:20]}…' is longer than {MAX_TAG} characters")

    return {key: fields[key] for key in FIELDS if key in fields}, errors


def _text(raw: RawFields, key: str) -> str:
    value = raw.get(key) or ""
    return value if isinstance(value, str) else " ".join(value)


def _one_line(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


def _clean_tags(value: str | list[str] | None) -> list[str]:
    seen: set[str] = set()
    tags: list[str] = []
    for tag in split_tags(value):
        tag = _one_line(tag)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def _score(field: str, text: str) -> tuple[int, str | None]:
    # Spreadsheets sometimes write whole numbers as "3.0"; that is still 3.
    try:
        number = float(text)
    except ValueError:
        return 0, f"{field} '{text}' is not a whole number between 1 and 5"
    if number != number or number in (float("inf"), float("-inf")) or not number.is_integer():
        return 0, f"{field} '{text}' is not a whole number between 1 and 5"
    value = int(number)
    if not 1 <= value <= 5:
        return 0, f"{field} {text} is not between 1 and 5"
    return value, None
