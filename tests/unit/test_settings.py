"""stakeholders.settings: every option and variable read in one place, a bad value refused in one line."""

import pytest
from click.testing import CliRunner

from stakeholders.cli import main
from stakeholders.errors import InputError
from stakeholders.settings import DEFAULT_STALE_DAYS, Settings


def test_defaults_when_nothing_is_set() -> None:
    assert Settings.from_env({}) == Settings(database=None, stale_days=DEFAULT_STALE_DAYS, dayfirst=False, screen=None)


def test_an_option_wins_over_its_variable() -> None:
    env = {
        "STAKEHOLDERS_DB": "env.db",
        "STAKEHOLDERS_STALE_DAYS": "12",
        "STAKEHOLDERS_DAYFIRST": "1",
        "STAKEHOLDERS_SCREEN": "map",
    }
    assert Settings.from_env(env) == Settings("env.db", 12, True, "map")
    assert Settings.from_env(env, database="flag.db", stale_days="7", dayfirst=False, screen="plans") == Settings(
        "flag.db", 7, False, "plans"
    )


@pytest.mark.parametrize(
    "value, expected",
    [("1", True), ("true", True), ("YES", True), (" on ", True), ("0", False), ("", False), ("no", False)],
)
def test_dayfirst_reads_yes_and_no_as_the_cli_does(value: str, expected: bool) -> None:
    assert Settings.from_env({"STAKEHOLDERS_DAYFIRST": value}).dayfirst is expected


@pytest.mark.parametrize("bad", ["ten", "0", "-3", "1.5", "\u0663", "\u00b3", "1e3"])
def test_a_bad_stale_days_is_an_error_never_the_default(bad: str) -> None:
    with pytest.raises(InputError, match="STAKEHOLDERS_STALE_DAYS"):
        Settings.from_env({"STAKEHOLDERS_STALE_DAYS": bad})
    with pytest.raises(InputError, match="--stale-days"):
        Settings.from_env({}, stale_days=bad)


def test_the_tui_is_handed_the_settings_the_command_line_read(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Read once, by the command line, and passed down: the TUI reads no variable of its own."""
    import tui.launch

    handed: list[Settings] = []

    def capture(*args: object, settings: Settings, **kwargs: object) -> None:
        handed.append(settings)

    monkeypatch.setattr(tui.launch, "run_tui", capture)
    monkeypatch.setattr(tui.launch, "run_tui_on_file", capture)
    env = {"STAKEHOLDERS_STALE_DAYS": " 45 ", "STAKEHOLDERS_DAYFIRST": "1", "STAKEHOLDERS_SCREEN": "events"}
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "new.db")], env=env)
    assert result.exit_code == 0, result.output
    assert handed == [Settings(database=str(tmp_path / "new.db"), stale_days=45, dayfirst=True, screen="events")]


def test_a_command_flag_wins_over_a_bad_variable_and_other_commands_ignore_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    bad = {"STAKEHOLDERS_STALE_DAYS": "forty"}
    assert runner.invoke(main, ["--db", db, "add", "Ann Lee"], env=bad).exit_code == 0  # never reads it
    assert runner.invoke(main, ["--db", db, "surprises", "--stale-days", "7"], env=bad).exit_code == 0
    refused = runner.invoke(main, ["--db", db, "surprises"], env=bad)
    assert refused.exit_code == 2
    assert "STAKEHOLDERS_STALE_DAYS='forty' is not a whole number of days" in refused.output


def test_the_bare_command_refuses_a_bad_variable_before_the_tui_starts(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.launch

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the TUI started")

    monkeypatch.setattr(tui.launch, "run_tui", never)
    monkeypatch.setattr(tui.launch, "run_tui_on_file", never)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "new.db")], env={"STAKEHOLDERS_STALE_DAYS": "abc"})
    assert result.exit_code == 2
    assert "STAKEHOLDERS_STALE_DAYS='abc' is not a whole number of days" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "new.db").exists()
