"""vCard 3.0 and 4.0 (`.vcf`), with the 2.1-isms address books still write.

Several cards per file; folded lines (a line starting with a space or a tab
continues the previous one); `item1.EMAIL` group prefixes; parameters as
`TYPE=work`, `TYPE="work,voice"`, `PREF=1` or bare `;WORK;INTERNET`;
`\\n` `\\,` `\\;` `\\\\` escapes. Quoted-printable values are not decoded.

Fields: FN (else N as "Given Additional Family"), the preferred EMAIL and
TEL (else a work one, else the first), ORG as Company (Department when
there is no company), TITLE (else ROLE), NOTE, CATEGORIES as tags.
"""

import re
from dataclasses import dataclass, field

from .model import ImportFileError, ImportRow, RawFields
from .validate import clean

_BEGIN = "BEGIN:VCARD"


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


def _logical_lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        elif line.strip():
            lines.append((number, line))
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


def _parse_property(line: str) -> Property | None:
    parts = _split_outside_quotes(line, ":", maxsplit=1)
    if len(parts) < 2:
        return None
    head, value = parts
    segments = _split_outside_quotes(head, ";")
    name = segments[0].strip().upper().rsplit(".", 1)[-1]
    types: set[str] = set()
    for segment in segments[1:]:
        key, equals, values = segment.partition("=")
        if not equals:
            types.add(key.strip().lower())  # vCard 2.1: ;WORK;INTERNET
        elif key.strip().upper() == "PREF":
            types.add("pref")
        elif key.strip().upper() == "TYPE":
            types.update(v.strip().lower() for v in values.strip('"').split(",") if v.strip())
    return Property(name=name, types=types, value=value)


def read_cards(text: str, label: str) -> list[Card]:
    cards: list[Card] = []
    card: Card | None = None
    depth = 0  # a 2.1 AGENT can nest a whole card; its lines are not ours
    for number, line in _logical_lines(text):
        prop = _parse_property(line)
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
    name = card.text("FN")
    if not name and card.all("N"):
        parts = split_unescaped(card.all("N")[0].value, ";") + [""] * 3
        name = " ".join(part for part in (parts[1], parts[2], parts[0]) if part)
    org = split_unescaped(card.all("ORG")[0].value, ";") if card.all("ORG") else []
    organization = next((part for part in org[:2] if part), "")
    tags = [tag for prop in card.all("CATEGORIES") for tag in split_unescaped(prop.value, ",")]
    notes = "\n".join(unescape(prop.value) for prop in card.all("NOTE") if prop.value.strip())
    return {
        "name": name,
        "email": _strip_scheme(_best(card.all("EMAIL")), "mailto:"),
        "phone": _strip_scheme(_best(card.all("TEL")), "tel:"),
        "organization": organization,
        "title": card.text("TITLE") or card.text("ROLE"),
        "notes": notes,
        "tags": tags,
    }


def parse_vcard(text: str, label: str) -> list[ImportRow]:
    rows = []
    for card in read_cards(text, label):
        raw = card_fields(card)
        if not any(raw.values()):
            continue  # an empty card, like an empty CSV row, is not reported
        fields, errors = clean(raw)
        rows.append(ImportRow(line=card.line, fields=fields, errors=errors))
    return rows
