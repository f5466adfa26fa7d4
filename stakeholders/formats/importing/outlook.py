"""Outlook's contacts export ("Comma Separated Values", ~90 columns).

Outlook's `Title` is an honorific ("Dr."), not the job: the job is
`Job Title`. The organisation is `Company`; `Department` is the division
inside it (§5). The e-mail is the first SMTP address among `E-mail
Address`, `E-mail 2 Address`, `E-mail 3 Address`: contacts from an
Exchange directory carry an X.500 path (`/o=ExchangeLabs/…`) there
instead of an address.
"""

import re

from .csv_plain import first
from .model import RawFields
from .table import Spec

_NAME = ("firstname", "middlename", "lastname")
_EMAILS = ("emailaddress", "email2address", "email3address")
_EMAIL_TYPES = ("emailtype", "email2type", "email3type")
_PHONES = ("businessphone", "mobilephone", "primaryphone", "businessphone2", "companymainphone", "homephone")
_CATEGORY_SEPARATOR = re.compile(r";")

# Columns only Outlook writes: with the basic ones, they tell its export
# apart from a hand-made CSV that happens to say "First Name".
_OUTLOOK_ONLY = frozenset(
    {
        "middlename",
        "suffix",
        "emaildisplayname",
        "emailtype",
        "email2address",
        "businessstreet",
        "businessfax",
        "homephone2",
        "initials",
    }
)


def is_header(keys: set[str]) -> bool:
    return (
        {"firstname", "lastname", "emailaddress"} <= keys
        and bool({"jobtitle", "businessphone"} & keys)
        and bool(_OUTLOOK_ONLY & keys)
    )


def _smtp_address(row: dict[str, str]) -> str:
    for address_key, type_key in zip(_EMAILS, _EMAIL_TYPES, strict=True):
        address = row.get(address_key, "")
        if not address:
            continue
        if row.get(type_key, "").upper() == "EX" or address.startswith("/"):
            continue
        return address
    return ""


def extract(row: dict[str, str]) -> RawFields:
    name = " ".join(row[key] for key in _NAME if row.get(key))
    categories = row.get("categories", "")
    return {
        "name": name,
        "email": _smtp_address(row),
        "title": row.get("jobtitle", ""),
        "organization": row.get("company", ""),
        "division": row.get("department", ""),
        "phone": first(row, _PHONES),
        "notes": row.get("notes", ""),
        "tags": _CATEGORY_SEPARATOR.split(categories) if categories else [],
    }


SPEC = Spec(
    format="outlook",
    extract=extract,
    header_hint="an Outlook contacts header (First Name, Last Name, E-mail Address, …)",
    consumed=frozenset(
        {"title", "jobtitle", "company", "department", "notes", "categories", "suffix"}
        | set(_NAME)
        | set(_EMAILS)
        | set(_PHONES)
    ),
)
