"""A failed worker is said in the user's words and kept, never passed over in silence (issue 13)."""

import pytest

from tests.tui.conftest import SIZE, pilot_test, settle


@pilot_test
async def test_a_failed_load_is_said_in_words_and_kept(app_factory, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import tui.screens.plans

    def broken(*_: object) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(tui.screens.plans, "load_plans", broken)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert [w.group for w in app.worker_errors] == ["plans"]
        shown = [n.message for n in app._notifications]
        assert (
            "Could not read the plans: disk I/O error. Nothing was changed; it is read again on the next change."
            in shown
        ), shown
        assert not any("load_plans" in m or "RuntimeError" in m for m in shown)
        app.worker_errors.clear()  # seen and checked: the fixture fails a test on any other
