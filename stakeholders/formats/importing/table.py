"""Reading a delimited file into a header and records that remember the
physical line each record starts on (multi-line quoted cells and a
preamble before the header included)."""

import csv
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import ImportFileError, RawFields

_DELIMITERS = (",", ";", "\t")
_IGNORED_IN_HEADERS = re.compile(r"[\s_\-\ufeff]+")


def norm(header: str) -> str:
    """A header as compared: case-, space-, underscore- and hyphen-insensitive
    (`E-mail Address`, `email_address` and `EMAIL ADDRESS` are one)."""
    return _IGNORED_IN_HEADERS.sub("", header).casefold()


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: whichever of `,` `;` tab occurs most
    often outside quotes (`,` on a tie or when there is none)."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def split_line(line: str) -> list[str]:
    """The cells of one physical line, as a header candidate."""
    try:
        return next(csv.reader([line], delimiter=sniff_delimiter(line), skipinitialspace=True), [])
    except csv.Error:
        return []


def header_keys(line: str) -> list[str]:
    return [norm(cell) for cell in split_line(line)]


def first_content_line(lines: list[str]) -> int | None:
    """Index of the first line that is not blank."""
    for index, line in enumerate(lines):
        if line.strip():
            return index
    return None


@dataclass
class Table:
    header: list[str]  # as written in the file
    keys: list[str]  # normalised, same positions
    header_line: int  # 1-based physical line of the header row
    records: list[tuple[int, list[str]]]  # (start line, cells)

    def column_list(self, limit: int = 12) -> str:
        shown = [h.strip() or "(blank)" for h in self.header[:limit]]
        more = ", …" if len(self.header) > limit else ""
        return ", ".join(shown) + more


def read_table(lines: list[str], header_index: int, label: str) -> Table:
    """Parse `lines` from `header_index` (0-based) on as a delimited table."""
    delimiter = sniff_delimiter(lines[header_index])
    # The lines one by one, each with its end back, as a file gives them: no second copy of the whole
    # text (a StringIO of a 50,000-row export held ~40 MB more at the parse's peak).
    reader = csv.reader(
        (line + "\n" for line in itertools.islice(lines, header_index, None)),
        delimiter=delimiter,
        skipinitialspace=True,
    )
    records: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, [])
        consumed = reader.line_num
        for cells in reader:
            # A record starts on the line after the previous one ended.
            records.append((header_index + consumed + 1, cells))
            consumed = reader.line_num
    except csv.Error as exc:
        line = header_index + reader.line_num
        raise ImportFileError(
            f"{label}, line {line}: the file cannot be read as CSV ({exc}); check the quoting around that line"
        ) from None
    header = [cell.strip() for cell in header]
    return Table(
        header=header,
        keys=[norm(cell) for cell in header],
        header_line=header_index + 1,
        records=records,
    )


@dataclass(frozen=True)
class Spec:
    """How one tabular format reads its columns.

    `extract` turns a row (normalised header -> stripped cell) into raw
    field values. Columns of `consumed` are the format's own business;
    the others still go through the plain-CSV names when `fill_plain`
    (so an `Influence` column works in an Outlook file too).
    """

    format: str
    extract: Callable[[dict[str, str]], RawFields]
    header_hint: str
    consumed: frozenset[str] = frozenset()
    fill_plain: bool = True
    find_header: Callable[[list[str]], int | None] = first_content_line
