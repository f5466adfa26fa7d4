"""Column types shared by the tables: UTC timestamps and enums stored as values."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored in UTC and always read back aware.

    Naive datetimes are refused: a naive value is a bug (whose clock?), and
    accepting it would silently shift times on a machine in another zone.
    SQLite has no time zones, so the value is stored as naive UTC text there;
    PostgreSQL gets `timestamptz`.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store aware UTC times only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column_type(enum_cls: type[enum.Enum]) -> sa.Enum:
    """Store an enum as its value (`one-on-one`), not its Python name."""
    return sa.Enum(
        enum_cls,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=False,
        length=20,
        validate_strings=True,
    )
