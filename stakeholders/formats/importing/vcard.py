"""vCard 2.1, 3.0 and 4.0 (`.vcf`), read as the address books really write them (§5).

Several cards per file; folded lines (a line starting with a space or a tab
continues the previous one); `item1.EMAIL` group prefixes; parameters as
`TYPE=work`, `TYPE="work,voice"`, `PREF=1` or bare `;WORK;INTERNET`;
`\\n` `\\,` `\\;` `\\\\` escapes.

vCard 2.1 (Android, older Outlook and Nokia/Samsung phones still write it):
`ENCODING=QUOTED-PRINTABLE` (or a bare `;QUOTED-PRINTABLE`) values are
decoded, soft line breaks (a line ending in `=`) included, so `=C3=BC` is
stored as `ü`. The bytes of a value are read in its `CHARSET=` (UTF-8,
windows-1252, ISO-8859-x…); with none given, as UTF-8 when they decode as
UTF-8, else as windows-1252, value by value, so one card's 8-bit Latin-1
does not spoil the next card's UTF-8. A UTF-16 file (or one with a UTF-8
byte-order mark) is text already: its 8-bit values are taken as they are.

Why not vobject: 0.9.9 decodes every quoted-printable value as UTF-8 whatever
its CHARSET (a `CHARSET=windows-1252` card from Outlook raises
UnicodeDecodeError) and reads text, not bytes, so a value's declared charset
cannot be honoured; see docs/import.md.

Fields: FN (put in natural order when written `Last, First` with N's family
name before the comma; else N as "Given Additional Family"), the preferred
EMAIL and TEL (else a work one, else the first), ORG's first component as the
organisation and its second as the division, TITLE (else ROLE), NOTE,
CATEGORIES as tags. A card with none of these is reported as empty.
"""

import codecs
import quopri
import re
from dataclasses import dataclass, field

from .csv_plain import natural_order
from .model import ImportFileError, ImportRow, RawFields
from .validate import clean

_BEGIN = "BEGIN:VCARD"
EMPTY_CARD = "empty card: no name, e-mail or other field to import"


@dataclass
class Property:
    name: str
    types: set[str]
    value: str


@dataclass
class Card:
    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def text(self, name: str) -> str:
        found = self.all(name)
        return unescape(found[0].value) if found else ""


def starts_with_vcard(text: str) -> bool:
    """True when the first non-blank line is BEGIN:VCARD."""
    for line in text.split("\n"):
        if line.strip():
            return line.strip().upper() == _BEGIN
    return False


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value).strip()


def split_unescaped(value: str, separator: str) -> list[str]:
    """Components of a structured value (`;` in N and ORG, `,` in
    CATEGORIES), each unescaped."""
    return [unescape(part) for part in re.split(rf"(?<!\\){re.escape(separator)}", value)]


def _is_quoted_printable(head: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in head.upper()


def _logical_lines(raw: bytes) -> list[tuple[int, bytes]]:
    """(first physical line, bytes) of each property: folds joined, and a quoted-printable value
    that ends in `=` continued on the next line whatever that line starts with."""
    lines: list[tuple[int, bytes]] = []
    soft_break = False
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if soft_break and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + b"\n" + line)  # quopri drops the `=\n`
        elif line[:1] in (b" ", b"\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        elif line.strip():
            lines.append((number, line))
        else:
            continue
        whole = lines[-1][1]
        soft_break = whole.endswith(b"=") and _is_quoted_printable(whole.split(b":", 1)[0])
    return lines


def _split_outside_quotes(text: str, separator: str, maxsplit: int = -1) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == separator and not quoted and maxsplit != 0:
            parts.append("".join(current))
            current = []
            maxsplit -= 1
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _charset(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().strip('"')).name
    except LookupError:
        return None  # an unknown CHARSET is treated as none given


def decode_value(raw: bytes, charset: str | None, *, quoted_printable: bool, unicode_file: bool) -> str:
    """A value's text: quoted-printable undone, then its bytes in `charset`; with none, UTF-8 when
    they decode as UTF-8, else windows-1252 (Latin-1 for the five bytes windows-1252 leaves out)."""
    if quoted_printable:
        raw = quopri.decodestring(raw)
    elif unicode_file:
        return raw.decode("utf-8", "replace")
    if charset:
        return raw.decode(charset, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _parse_property(line: bytes, unicode_file: bool) -> Property | None:
    # The name and parameters are ASCII; Latin-1 maps every byte, so nothing is lost finding the colon.
    head_text = _split_outside_quotes(line.decode("latin-1"), ":", maxsplit=1)
    if len(head_text) < 2:
        return None
    head = head_text[0]
    value = line[len(head.encode("latin-1")) + 1 :]
    segments = _split_outside_quotes(head, ";")
    name = segments[0].strip().upper().rsplit(".", 1)[-1]
    types: set[str] = set()
    charset: str | None = None
    quoted_printable = False
    for segment in segments[1:]:
        key, equals, values = segment.partition("=")
        key = key.strip().upper()
        if not equals:
            if key == "QUOTED-PRINTABLE":  # vCard 2.1: ;QUOTED-PRINTABLE
                quoted_printable = True
            else:
                types.add(key.lower())  # vCard 2.1: ;WORK;INTERNET
        elif key == "PREF":
            types.add("pref")
        elif key == "TYPE":
            types.update(v.strip().lower() for v in values.strip('"').split(",") if v.strip())
        elif key == "ENCODING":
            quoted_printable = values.strip().upper() == "QUOTED-PRINTABLE"
        elif key == "CHARSET":
            charset = _charset(values)
    text = decode_value(value, charset, quoted_printable=quoted_printable, unicode_file=unicode_file)
    return Property(name=name, types=types, value=text.replace("\r\n", "\n"))


def read_cards(raw: bytes, label: str, *, unicode_file: bool = False) -> list[Card]:
    """The cards of a file's bytes (line ends `\\n`); `unicode_file` when it was UTF-16 or had a
    UTF-8 byte-order mark, so its 8-bit values are text already."""
    cards: list[Card] = []
    card: Card | None = None
    depth = 0  # a 2.1 AGENT can nest a whole card; its lines are not ours
    for number, line in _logical_lines(raw):
        prop = _parse_property(line, unicode_file)
        if prop is None:
            continue
        marker = prop.value.strip().upper()
        if prop.name == "BEGIN" and marker == "VCARD":
            if card is None:
                card = Card(line=number)
            else:
                depth += 1
        elif prop.name == "END" and marker == "VCARD":
            if depth:
                depth -= 1
            elif card is not None:
                cards.append(card)
                card = None
        elif card is not None and not depth:
            card.properties.append(prop)
    if card is not None:  # a last card without END:VCARD is still a card
        cards.append(card)
    if not cards:
        raise ImportFileError(
            f"{label} has no BEGIN:VCARD line, so it is not a vCard file; for a CSV file use --format csv (or auto)"
        )
    return cards


def _best(props: list[Property]) -> str:
    for wanted in ("pref", "work"):
        for prop in props:
            if wanted in prop.types and prop.value.strip():
                return prop.value
    for prop in props:
        if prop.value.strip():
            return prop.value
    return ""


def _strip_scheme(value: str, scheme: str) -> str:
    value = unescape(value)
    return value[len(scheme) :] if value.lower().startswith(scheme) else value


def card_fields(card: Card) -> RawFields:
    parts = (split_unescaped(card.all("N")[0].value, ";") if card.all("N") else []) + [""] * 3
    family = parts[0]
    name = natural_order(card.text("FN"), family)
    if not name:
        name = " ".join(part for part in (parts[1], parts[2], family) if part)
    org = (split_unescaped(card.all("ORG")[0].value, ";") if card.all("ORG") else []) + ["", ""]
    tags = [tag for prop in card.all("CATEGORIES") for tag in split_unescaped(prop.value, ",")]
    notes = "\n".join(unescape(prop.value) for prop in card.all("NOTE") if prop.value.strip())
    return {
        "name": name,
        "email": _strip_scheme(_best(card.all("EMAIL")), "mailto:"),
        "phone": _strip_scheme(_best(card.all("TEL")), "tel:"),
        "organization": org[0],
        "division": org[1],
        "title": card.text("TITLE") or card.text("ROLE"),
        "notes": notes,
        "tags": tags,
    }


def parse_vcard(raw: bytes, label: str, *, unicode_file: bool = False) -> list[ImportRow]:
    rows = []
    for card in read_cards(raw, label, unicode_file=unicode_file):
        fields = card_fields(card)
        if not any(fields.values()):
            rows.append(ImportRow(line=card.line, errors=[EMPTY_CARD]))  # reported, never silently dropped
            continue
        cleaned, errors = clean(fields)
        rows.append(ImportRow(line=card.line, fields=cleaned, errors=errors))
    return rows
