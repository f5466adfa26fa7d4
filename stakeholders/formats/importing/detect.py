"""Which export a file is, from its content (and a `.vcf` name)."""

from . import google, linkedin, outlook, thunderbird
from .decode import decode_text
from .table import first_content_line, header_keys
from .vcard import starts_with_vcard

_VCARD_SUFFIXES = (".vcf", ".vcard")


def detect_text(text: str, filename: str | None = None) -> str:
    """The format of already-decoded text; see `detect_format`."""
    if starts_with_vcard(text):
        return "vcard"
    if filename and filename.lower().endswith(_VCARD_SUFFIXES):
        return "vcard"
    lines = text.split("\n", 100)[:100]  # the header is near the top: no need to split the whole file
    # LinkedIn's header may follow a preamble; the others start the file.
    for line in lines[:50]:
        if line.strip() and linkedin.is_header(set(header_keys(line))):
            return "linkedin"
    index = first_content_line(lines)
    keys = set(header_keys(lines[index])) if index is not None else set()
    if outlook.is_header(keys):
        return "outlook"
    if google.is_header(keys):
        return "google"
    if thunderbird.is_header(keys):
        return "thunderbird"
    return "csv"


def detect_format(data: bytes, filename: str | None = None) -> str:
    """One of FORMATS: `vcard` when the content starts with BEGIN:VCARD (or
    the name ends in .vcf), `linkedin` for a Connections.csv header (after
    its preamble), `outlook`, `google` and `thunderbird` for their export headers, else
    `csv`. Raises ImportFileError when the file is empty or not text."""
    return detect_text(decode_text(data, filename), filename)
