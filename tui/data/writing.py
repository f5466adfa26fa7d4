"""Writing from the TUI: one all-or-nothing transaction, expected errors turned into a message."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from db.store import Store
from stakeholders.errors import StakeholdersError

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    """What a write came to: its value, or the one-line reason it was refused (nothing was written)."""

    value: T | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt_write(store: Store, action: Callable[[Session], T]) -> Outcome[T]:
    """Run `action` in a write transaction. Bad input and a busy or refusing database come back
    as `error` for the form to show; anything else is a bug and propagates to the worker."""
    try:
        with store.write() as session:
            return Outcome(value=action(session))
    except StakeholdersError as exc:  # InputError, DateError, Conflict, NotFound, Ambiguous
        return Outcome(error=str(exc))
    except sa.exc.OperationalError as exc:
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return Outcome(error=f"database error: {first}: nothing was written; try again")
    except sa.exc.IntegrityError as exc:
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return Outcome(error=f"the database refused the change ({first}): nothing was written")


def attempt_file(store: Store, action: Callable[[Session], T]) -> Outcome[T]:
    """Read the database and write a file (brief, export): bad input or an unwritable path come back as `error`."""
    try:
        with store.session() as session:
            return Outcome(value=action(session))
    except StakeholdersError as exc:
        return Outcome(error=str(exc))
    except OSError as exc:
        return Outcome(error=f"cannot write {exc.filename or 'the file'}: {exc.strerror or exc}")
