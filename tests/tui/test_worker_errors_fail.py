"""A worker that raises during a Pilot test fails that test, whoever built the app and whether or not
the worker exits the app on error (issue 15): proved by running such tests in a pytest of their own,
with this suite's fixtures, and reading what it reported for each."""

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Tests that check nothing themselves: only the failed worker can fail them.
SILENT_TESTS = """
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, pilot_test, settle
from tui.app import make_app


def broken(*_):
    raise RuntimeError("disk I/O error")


@pilot_test
async def test_a_load_that_raises_in_an_app_factory_app(app_factory, monkeypatch):
    import tui.screens.plans

    monkeypatch.setattr(tui.screens.plans, "load_plans", broken)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)


@pilot_test
async def test_a_load_that_raises_in_an_app_built_by_make_app(sqlite_store, monkeypatch):
    import tui.screens.plans

    monkeypatch.setattr(tui.screens.plans, "load_plans", broken)
    app = make_app(sqlite_store, clock=lambda: FROZEN_NOW, start="plans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)


@pilot_test
async def test_a_worker_that_exits_the_app_on_error(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_worker(broken, thread=True)  # exit_on_error left at Textual's default
        await settle(pilot)


@pilot_test
async def test_a_quiet_app_passes(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
"""


def test_a_worker_that_raises_fails_its_test(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not the project's options (xdist, -n auto)
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.conftest", "tests.tui.conftest"]\n')
    (tmp_path / "test_silent.py").write_text(textwrap.dedent(SILENT_TESTS))
    report = tmp_path / "report.xml"
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider", "-n", "0", "-q"]
        + ["--junitxml", str(report), "test_silent.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        problems = [child.get("message", "") for child in case if child.tag in ("failure", "error")]
        failed[case.get("name", "")] = " | ".join(problems)
    assert set(failed) == {
        "test_a_load_that_raises_in_an_app_factory_app",
        "test_a_load_that_raises_in_an_app_built_by_make_app",
        "test_a_worker_that_exits_the_app_on_error",
        "test_a_quiet_app_passes",
    }, run.stdout + run.stderr
    assert not failed.pop("test_a_quiet_app_passes"), run.stdout  # the check itself fails nothing
    for name, problems in failed.items():
        assert "disk I/O error" in problems, f"{name} passed though its worker raised:\n{run.stdout}"
    assert "workers failed: plans/" in failed["test_a_load_that_raises_in_an_app_built_by_make_app"]
