"""Bytes to text: the encodings address books are really exported in.

UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
(Outlook's "Unicode" CSV), and Latin-1/cp1252 for the spreadsheets that are
not UTF-8. Line ends come out as `\\n` whatever they were (`\\r\\n`, `\\r`).
"""

import codecs

from .model import ImportFileError

# A text file may hold the odd stray control character (a vertical tab from
# a spreadsheet cell, a DOS end-of-file mark); a binary file is full of them.
_MAX_CONTROL_SHARE = 0.10
_SAMPLE_CHARS = 65536
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def describe(filename: str | None) -> str:
    """How messages name the file: its base name, or 'the file'."""
    if not filename:
        return "the file"
    return filename.replace("\\", "/").rsplit("/", 1)[-1] or "the file"


def decode_text(data: bytes, filename: str | None = None) -> str:
    """Decode `data` and normalise its line ends to `\\n`.

    Raises ImportFileError when the file is empty (or only whitespace) or
    is not text.
    """
    label = describe(filename)
    text = _decode(data, label)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileError(
            f"{label} is empty: there is nothing to import; export the contacts again or choose another file"
        )
    if _looks_binary(text):
        raise _not_text(label)
    return text


def vcard_bytes(data: bytes, text: str) -> tuple[bytes, bool]:
    """What the vCard reader reads: the file's own bytes (line ends as `\\n`), each value to be
    decoded in its own CHARSET; or, for a UTF-16 file or one with a UTF-8 byte-order mark, its
    decoded `text` as UTF-8, flagged as already text (True)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        return text.encode("utf-8"), True
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n"), False


def _decode(data: bytes, label: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", label)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", label)
    if b"\x00" in data:
        # UTF-16 without a byte-order mark shows as a NUL in every other
        # byte; any other NUL means binary content.
        guess = _bomless_utf16(data)
        if guess is None:
            raise _not_text(label)
        return _strict(data, guess, label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return data.decode("latin-1")


def _strict(data: bytes, encoding: str, label: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise _not_text(label) from None


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if even_nuls == 0 and odd_nuls >= 0.4 * half:
        return "utf-16-le"
    if odd_nuls == 0 and even_nuls >= 0.4 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE_CHARS]
    controls = sum(1 for ch in sample if (ch < " " and ch not in _ALLOWED_CONTROLS) or "\x7f" <= ch <= "\x9f")
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _not_text(label: str) -> ImportFileError:
    return ImportFileError(
        f"{label} is not a text file (it looks binary); import reads CSV files "
        "and vCard (.vcf) files: export the contacts in one of those"
    )
