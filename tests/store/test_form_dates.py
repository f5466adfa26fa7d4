"""The TUI's forms read a date as the run's settings say (day first or month first), handed down from
the command line through the app (stakeholders.settings): never from a variable read on the way."""

import pytest
from sqlmodel import select

from db.models import Touchpoint
from db.store import Store
from stakeholders.demo import load_demo
from tests.conftest import FROZEN_NOW
from tui.data.log_form import check_log_form, log_from_form


@pytest.mark.parametrize(("dayfirst", "month", "day"), [(True, 6, 5), (False, 5, 6)])
def test_the_log_form_reads_a_slashed_date_as_the_setting_says(
    store: Store, monkeypatch: pytest.MonkeyPatch, dayfirst: bool, month: int, day: int
) -> None:
    monkeypatch.setenv("STAKEHOLDERS_DAYFIRST", "0" if dayfirst else "1")  # the variable is not what decides
    values = {"who": "Ben Ward", "when": "5/6/2026 10:00", "channel": "call", "notes": "the slashed date"}
    with store.write() as session:
        load_demo(session, FROZEN_NOW)
    with store.write() as session:
        assert check_log_form(session, values, FROZEN_NOW, dayfirst=dayfirst) == []
        log_from_form(session, values, FROZEN_NOW, dayfirst=dayfirst)
    with store.session() as session:
        logged = session.exec(select(Touchpoint).where(Touchpoint.summary == "the slashed date")).one()
    assert (logged.occurred_at.month, logged.occurred_at.day) == (month, day)
