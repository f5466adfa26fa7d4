"""The vocabulary shared by every import format: what a parsed file is."""

from dataclasses import dataclass, field
from typing import Any

FORMATS = ("csv", "outlook", "google", "linkedin", "thunderbird", "vcard")

# The stakeholder fields (PRODUCT.md §2) an import can fill.
FIELDS = (
    "name",
    "email",
    "title",
    "organization",
    "division",
    "phone",
    "influence",
    "interest",
    "owner",
    "tags",
    "notes",
)


# What a format reads from one record, before validation: field -> text
# (tags: text to split, or a list already split).
RawFields = dict[str, str | list[str]]


class ImportFileError(ValueError):
    """The whole file is refused: empty, not text, no recognisable header,
    or a `--map` naming an unknown field. The message is one line saying
    what is wrong and what to do about it."""


@dataclass
class ImportRow:
    """One record of the file.

    `line` is the physical line where the record starts (the header row is
    line 1; for vCard, the BEGIN:VCARD line). `fields` holds only the
    FIELDS that had a value: `influence`/`interest` as int, `tags` as a
    list of str, everything else as stripped str. `errors` lists why the
    row cannot be imported; empty when it can.
    """

    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedFile:
    format: str
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def good_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.errors]

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]
