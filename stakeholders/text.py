"""Text as the user reads it in one line: a concern, a follow-up or a note named in a message or a cell."""


def clip(text: str | None, limit: int = 60) -> str:
    """One line of at most `limit` characters, cut at a word with an ellipsis."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
