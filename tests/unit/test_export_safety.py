"""Formula neutralising, owner-only atomic files and the SVG chart (no database needed)."""

import os
import re
import stat
from pathlib import Path

import pytest

from stakeholders.formats.export.chart import stance_chart
from stakeholders.formats.export.safety import neutralise, neutralise_cell, write_private


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Dana Reyes", "Dana Reyes"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_numbers_and_none_are_left_alone() -> None:
    assert neutralise_cell(-3) == -3
    assert neutralise_cell(None) is None


def test_write_private_is_owner_only_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "status.html"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_private(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["status.html"]


def test_write_private_leaves_no_partial_file_on_failure(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_private(tmp_path / "x.csv", "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_chart_has_one_labelled_bar_per_level() -> None:
    svg = stance_chart({"unaware": 3, "resistant": 1, "neutral": 0, "supportive": 6, "leading": 2}, "t")
    bars = re.findall(r'<rect class="bar bar-(\w+)"[^>]* width="(\d+)"', svg)
    assert [level for level, _ in bars] == ["unaware", "resistant", "neutral", "supportive", "leading"]
    widths = {level: int(width) for level, width in bars}
    assert widths["supportive"] > widths["unaware"] > widths["leading"] > widths["resistant"] > widths["neutral"] == 0
    for label, count in [("Unaware", 3), ("Resistant", 1), ("Neutral", 0), ("Supportive", 6), ("Leading", 2)]:
        assert f">{label}</text>" in svg and f'class="count">{count}</text>' in svg
    assert "<script" not in svg and "http" not in svg
    assert 'id="t-hatch"' in svg  # resistant is hatched, so greyscale prints tell it apart
