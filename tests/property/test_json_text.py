"""stakeholders.json_text writes exactly what json.dumps(indent=2, ensure_ascii=False, default=str) writes."""

import enum
import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholders import json_text


class Level(enum.StrEnum):
    NEUTRAL = "neutral"


class Count(enum.IntEnum):
    ONE = 1


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.sampled_from([Level.NEUTRAL, Count.ONE, datetime(2026, 12, 3, 19, 0, tzinfo=UTC)]),
)
keys = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=500)
@given(values)
def test_the_same_text_as_the_json_module(value: object) -> None:
    assert json_text.dumps(value) == json.dumps(value, indent=2, ensure_ascii=False, default=str)
