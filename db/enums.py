"""The vocabulary the store keeps, as enums stored by their values."""

import enum


class StanceLevel(str, enum.Enum):
    """PMBOK engagement levels, in order: comparisons use `rank`."""

    UNAWARE = "unaware"
    RESISTANT = "resistant"
    NEUTRAL = "neutral"
    SUPPORTIVE = "supportive"
    LEADING = "leading"

    @property
    def rank(self) -> int:
        return list(StanceLevel).index(self)


class Channel(str, enum.Enum):
    CALL = "call"
    MEETING = "meeting"
    ONE_ON_ONE = "one-on-one"
    EMAIL = "email"
    CHAT = "chat"
    OTHER = "other"


class TouchpointStatus(str, enum.Enum):
    HELD = "held"
    PLANNED = "planned"


class EventKind(str, enum.Enum):
    ANNOUNCEMENT = "announcement"
    MEETING = "meeting"
    DECISION = "decision"


class EventStatus(str, enum.Enum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class ConcernStatus(str, enum.Enum):
    OPEN = "open"
    RESOLVED = "resolved"


class AuditAction(str, enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
