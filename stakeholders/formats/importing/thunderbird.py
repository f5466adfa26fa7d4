"""Thunderbird's address-book export ("Comma Separated" / "Tab Separated").

Header (English UI; Thunderbird 60 to 128 write the same columns):
`First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,
Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,…,
Job Title,Department,Organization,Web Page 1,…,Custom 1,…,Notes,` (the line
ends with a comma: one blank column more). The file is in the system's
encoding: UTF-8 on Linux and macOS, windows-1252 on many Windows machines
(decode.py reads both).

The name is `Display Name` (put in natural order when written `Last, First`,
as Thunderbird's "Last, First" display setting does), else first and last
name; the e-mail is `Primary Email`, else `Secondary Email`; `Department`
fills the division and `Organization` the organisation (§5).
"""

from .csv_plain import first, joined_name, natural_order
from .model import RawFields
from .table import Spec

_PHONES = ("workphone", "mobilenumber", "homephone")


def is_header(keys: set[str]) -> bool:
    return {"displayname", "primaryemail"} <= keys and bool({"secondaryemail", "screenname", "nickname"} & keys)


def extract(row: dict[str, str]) -> RawFields:
    name = natural_order(row.get("displayname", ""), row.get("lastname", "")) or joined_name(row)
    return {
        "name": name,
        "email": first(row, ("primaryemail", "secondaryemail")),
        "title": row.get("jobtitle", ""),
        "organization": row.get("organization", ""),
        "division": row.get("department", ""),
        "phone": first(row, _PHONES),
        "notes": row.get("notes", ""),
    }


SPEC = Spec(
    format="thunderbird",
    extract=extract,
    header_hint="a Thunderbird address-book header (First Name, Last Name, Display Name, Primary Email, …)",
    consumed=frozenset(
        {
            "firstname",
            "lastname",
            "displayname",
            "nickname",
            "primaryemail",
            "secondaryemail",
            "jobtitle",
            "department",
            "organization",
            "notes",
        }
        | set(_PHONES)
    ),
)
