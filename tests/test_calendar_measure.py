"""benchmarks/calendar_measure.py runs end to end on a small calendar (no timing asserted, §9)."""

from pathlib import Path

from benchmarks.calendar_measure import calendar, measures, parse_only


def test_the_generated_calendar_parses_and_the_measure_reports_both_rows(tmp_path: Path) -> None:
    path = tmp_path / "small.ics"
    path.write_bytes(calendar(30))
    assert parse_only(path) == 30
    rows = measures(entries=30, repeat=1, work=tmp_path)
    assert [m.name for m in rows] == ["import calendar 30 entries (new)", "import calendar 30 entries (again)"]
    assert all(m.figure and m.reference and m.ratio is not None and m.limit == 3.0 for m in rows)
