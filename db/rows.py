"""Small facts about stored rows that the type checker cannot see."""

from typing import Protocol


class _Row(Protocol):
    id: int | None


def stored_id(row: _Row) -> int:
    """The id of a row that has been written (added and flushed): what a foreign key to it holds.
    A table's `id` is None only before its first flush, and a link to such a row is a bug."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id yet: flush it before linking to it")
    return row.id
