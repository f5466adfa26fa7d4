"""A plain CSV with a header row: the column names people actually use.

Headers are compared after `table.norm` (case, spaces, `_` and `-`
ignored), so `Job Title`, `job_title` and `JOB-TITLE` are one column.
"""

from .model import RawFields
from .table import Spec

# Each field's column names, best first; the first non-empty cell wins.
NAME = ("name", "fullname", "displayname", "contactname", "stakeholder", "person")
FIRST = ("firstname", "givenname", "forename", "first")
MIDDLE = ("middlename", "additionalname", "middle")
LAST = ("lastname", "familyname", "surname", "last")
ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "emailaddress", "mail", "emailaddr"),
    "title": ("title", "jobtitle", "position", "role"),
    "organization": (
        "organization",
        "organisation",
        "company",
        "org",
        "companyname",
        "employer",
    ),
    # The department, business unit or region inside the company (§2, §5).
    "division": ("division", "department", "dept", "businessunit", "region"),
    "phone": (
        "phone",
        "phonenumber",
        "telephone",
        "tel",
        "workphone",
        "businessphone",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
    ),
    "influence": ("influence",),
    "interest": ("interest",),
    "owner": ("owner", "relationshipowner", "ownedby"),
    "notes": ("notes", "note", "comments", "comment"),
}
TAGS = ("tags", "tag", "labels", "categories")

# Any of these makes a header recognisable: a person needs a name.
NAME_KEYS = frozenset(NAME + FIRST + MIDDLE + LAST)
# Every column this format reads.
PLAIN_KEYS = NAME_KEYS | frozenset(key for keys in ALIASES.values() for key in keys) | frozenset(TAGS)


def first(row: dict[str, str], keys: tuple[str, ...] | list[str]) -> str:
    """The first non-empty cell among `keys`."""
    for key in keys:
        value = row.get(key)
        if value:
            return value
    return ""


def joined_name(row: dict[str, str]) -> str:
    """First, middle and last name, whichever are there."""
    parts = (first(row, FIRST), first(row, MIDDLE), first(row, LAST))
    return " ".join(part for part in parts if part)


def natural_order(name: str, last_name: str) -> str:
    """`Public, John` as `John Public` when the text before the comma is the row's own last name
    (§5); anything else as written (`Dr. John Q. Public, III`, `Acme, Inc.`)."""
    before, comma, after = name.partition(",")
    if not comma or "," in after or not after.strip() or not last_name.strip():
        return name
    if " ".join(before.split()).casefold() != " ".join(last_name.split()).casefold():
        return name
    return f"{after.strip()} {before.strip()}"


def extract_plain(row: dict[str, str]) -> RawFields:
    raw: RawFields = {field: first(row, keys) for field, keys in ALIASES.items()}
    raw["name"] = natural_order(first(row, NAME), first(row, LAST)) or joined_name(row)
    tags: list[str] = []
    for key in TAGS:
        if row.get(key):
            tags.append(row[key])
    # One string per column: validate.split_tags splits on , ; |
    raw["tags"] = ",".join(tags)
    return {field: value for field, value in raw.items() if value}


SPEC = Spec(
    format="csv",
    extract=extract_plain,
    header_hint="a header row with a name column ('name', or 'first name' and 'last name')",
    fill_plain=False,
)
