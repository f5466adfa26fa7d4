"""Google Contacts exports, current and legacy.

Current: `First Name, Middle Name, Last Name, …, Organization Name,
Organization Title, Organization Department, …, Labels, E-mail 1 - Label,
E-mail 1 - Value, Phone 1 - Label, Phone 1 - Value, …`.
Legacy ("Google CSV" before 2022): `Name, Given Name, Additional Name,
Family Name, …, Group Membership, E-mail 1 - Type, E-mail 1 - Value, …,
Organization 1 - Name, Organization 1 - Title, Organization 1 - Department`.

A cell with several values separates them with ` ::: `; the first one is
taken. Labels become tags; Google's system groups, which it marks with a
leading `* ` (`* myContacts`, `* My Contacts`, `* starred`, `* Starred`,
and the legacy `* Friends`, `* Family`, `* Coworkers`), are not the
person's labels and are left out (§5). The organisation's department fills
`division`; a legacy `Name` written `Family, Given` is put in natural order.
"""

import re
from functools import lru_cache

from .csv_plain import LAST, first, joined_name, natural_order
from .model import RawFields
from .table import Spec

MULTI_VALUE = ":::"
# Without the `* ` (a hand-edited file may have lost it), still Google's own groups.
_SYSTEM_LABELS = frozenset({"mycontacts", "starred"})
_EMAIL_VALUE = re.compile(r"^email(\d+)value$")
_PHONE_VALUE = re.compile(r"^phone(\d+)value$")
_ORG_NAME = ("organizationname", "organization1name")
_ORG_TITLE = ("organizationtitle", "organization1title")
_ORG_DEPARTMENT = ("organizationdepartment", "organization1department")
_LABELS = ("labels", "groupmembership")


def is_header(keys: set[str]) -> bool:
    markers = {"email1value", "phone1value", "givenname", "organizationname", "organization1name"}
    return bool(markers & keys)


def first_value(cell: str) -> str:
    """The first of the ` ::: `-separated values of a cell."""
    for value in cell.split(MULTI_VALUE):
        if value.strip():
            return value.strip()
    return ""


def labels_to_tags(cell: str) -> list[str]:
    tags = []
    for label in cell.split(MULTI_VALUE):
        label = label.strip()
        if label.startswith("*"):
            continue  # a system group: every contact of a kind is in it, it says nothing about the person
        if label and label.replace(" ", "").casefold() not in _SYSTEM_LABELS:
            tags.append(label)
    return tags


@lru_cache(maxsize=32)
def _numbered_keys(keys: tuple[str, ...], pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The keys `pattern` matches, by their number: once per file's header, not once per row."""
    numbered = sorted((int(m.group(1)), key) for key in keys if (m := pattern.match(key)))
    return tuple(key for _, key in numbered)


def _numbered(row: dict[str, str], pattern: re.Pattern[str]) -> str:
    for key in _numbered_keys(tuple(row), pattern):
        value = first_value(row[key])
        if value:
            return value
    return ""


def extract(row: dict[str, str]) -> RawFields:
    name = natural_order(first_value(row.get("name", "")), first(row, LAST)) or joined_name(row)
    tags: list[str] = []
    for key in _LABELS:
        tags += labels_to_tags(row.get(key, ""))
    return {
        "name": name,
        "email": _numbered(row, _EMAIL_VALUE),
        "phone": _numbered(row, _PHONE_VALUE),
        "organization": first_value(first(row, _ORG_NAME)),
        "division": first_value(first(row, _ORG_DEPARTMENT)),
        "title": first_value(first(row, _ORG_TITLE)),
        "notes": row.get("notes", ""),
        "tags": tags,
    }


SPEC = Spec(
    format="google",
    extract=extract,
    header_hint="a Google Contacts header (First Name, Last Name, E-mail 1 - Value, …)",
    consumed=frozenset(
        {"name", "notes", "firstname", "middlename", "lastname", "givenname", "additionalname", "familyname"}
        | set(_ORG_NAME + _ORG_TITLE + _ORG_DEPARTMENT + _LABELS)
        | {f"email{n}value" for n in range(1, 10)}
        | {f"phone{n}value" for n in range(1, 10)}
    ),
)
