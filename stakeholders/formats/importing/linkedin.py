"""LinkedIn's `Connections.csv`.

The export opens with a free-text preamble ("Notes:", a quoted paragraph
about missing e-mail addresses, a blank line) before the header row
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`.
Most connections have no e-mail (members hide it by default). The
`Connected On` date (`12 Mar 2024`) is kept in the notes as
"Connected on 2024-03-12"; the profile URL is not kept.
"""

import re
from datetime import date

from .csv_plain import joined_name
from .model import RawFields
from .table import Spec, first_content_line, header_keys

# The preamble is a few lines; the header is never far down.
_HEADER_SEARCH_LINES = 50
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def is_header(keys: set[str]) -> bool:
    return {"firstname", "lastname"} <= keys and ("connectedon" in keys or {"url", "position"} <= keys)


def find_header(lines: list[str]) -> int | None:
    """The LinkedIn header row, after whatever preamble precedes it."""
    for index, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        if line.strip() and is_header(set(header_keys(line))):
            return index
    return first_content_line(lines)


def connected_on(text: str) -> str:
    """`12 Mar 2024` as `2024-03-12`; anything else as written."""
    text = text.strip()
    match = _DAY_MONTH_YEAR.match(text)
    try:
        if match and match.group(2).casefold() in _MONTHS:
            day, month, year = int(match.group(1)), _MONTHS[match.group(2).casefold()], int(match.group(3))
            return date(year, month, day).isoformat()
        match = _ISO.match(text)
        if match:
            return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        pass
    return text


def extract(row: dict[str, str]) -> RawFields:
    when = row.get("connectedon", "")
    return {
        "name": joined_name(row),
        "email": row.get("emailaddress", ""),
        "organization": row.get("company", ""),
        "title": row.get("position", ""),
        "notes": f"Connected on {connected_on(when)}" if when else "",
    }


SPEC = Spec(
    format="linkedin",
    extract=extract,
    header_hint="LinkedIn's header row (First Name,Last Name,URL,Email Address,Company,Position,Connected On)",
    consumed=frozenset({"firstname", "lastname", "url", "emailaddress", "company", "position", "connectedon"}),
    find_header=find_header,
)
