"""The `--json` outputs' text: exactly what `json.dumps(value, indent=2, ensure_ascii=False,
default=str)` writes, in about half its time.

With `indent`, Python 3.11's json module encodes in Python, and every token it writes passes up
through one generator per level of nesting: `show --json` of the busiest of 50,000 people (3.2 MB)
spent more time there than in its reads. This writes the same text by one recursive function that
appends to a list, with the module's own C string encoder. Only the output's shapes occur here
(dicts with string keys, lists, strings, numbers, booleans, None); anything else falls back to the
json module's own rules (`default=str`, its key conversions), so the text is the same for any value.
tests/property/test_json_text.py compares the two on generated values.
"""

from json.encoder import encode_basestring  # the C encoder when available, as json.dumps uses
from typing import Any

INDENT = "  "


def dumps(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, default=str)`."""
    parts: list[str] = []
    _write(value, "\n", parts, {})
    return "".join(parts)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as json writes it (the same conversions, the same refusal)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _scalar(value: Any) -> str | None:
    """The text of a string, number, boolean or None of exactly that type, else None."""
    convert = _SCALARS.get(value.__class__)
    return None if convert is None else convert(value)


def _write(value: Any, newline: str, parts: list[str], keys: dict[Any, str]) -> None:
    """Append `value`'s text to `parts`; `newline` is a line break and the current indentation, `keys`
    the encoded keys met so far (the same few keys repeat in every item of a listing)."""
    text = _scalar(value)
    if text is not None:
        parts.append(text)
    elif isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, int):  # bool and int subclasses (an IntEnum) as json writes them
        parts.append("true" if value is True else "false" if value is False else int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + INDENT
        separator = "[" + inner
        for item in value:
            text = _scalar(item)
            if text is not None:
                parts.append(separator + text)
            else:
                parts.append(separator)
                _write(item, inner, parts, keys)
            separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + INDENT
        separator = "{" + inner
        for key, item in value.items():
            name = keys.get(key)
            if name is None or key.__class__ is not str:
                name = keys[key] = encode_basestring(_key(key)) + ": "
            text = _scalar(item)
            if text is not None:
                parts.append(separator + name + text)
            else:
                parts.append(separator + name)
                _write(item, inner, parts, keys)
            separator = "," + inner
        parts.append(newline + "}")
    else:  # default=str, as the json module applies it: the text encoded in the value's place
        parts.append(encode_basestring(str(value)))


_SCALARS: dict[type, Any] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _: "null",
}
