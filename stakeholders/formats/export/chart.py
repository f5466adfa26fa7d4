"""The stance distribution as an inline SVG horizontal bar chart: no script, no network.

Each level has its own colour, and the colours step from light (unaware) to
dark (leading) so a greyscale print still tells them apart; `resistant`, the
one that needs attention, is also hatched. Every bar carries its label and
count as text, so the chart reads without colour at all.
"""

from html import escape

from stakeholders.formats.export.status import LEVELS
from stakeholders.formats.export.words import LEVEL_LABELS

COLOURS = {
    "unaware": "#d4d4d4",
    "resistant": "#c0392b",
    "neutral": "#e3b23c",
    "supportive": "#5b9e5b",
    "leading": "#1d5a32",
}
LABEL_WIDTH = 92
BAR_AREA = 290
COUNT_WIDTH = 40
ROW = 26
BAR_HEIGHT = 16


def stance_chart(distribution: dict[str, int], chart_id: str = "stance") -> str:
    """An SVG element (no XML prolog) with one bar per stance level, in the order of the scale."""
    width = LABEL_WIDTH + BAR_AREA + COUNT_WIDTH
    height = ROW * len(LEVELS) + 4
    top = max((distribution.get(level, 0) for level in LEVELS), default=0) or 1
    total = sum(distribution.get(level, 0) for level in LEVELS)
    summary = ", ".join(f"{LEVEL_LABELS[level]} {distribution.get(level, 0)}" for level in LEVELS)
    hatch = f"{escape(chart_id)}-hatch"
    parts = [
        f'<svg class="stance-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(f"Stance distribution of {total}: {summary}")}">',
        f"<title>{escape(f'Stance distribution of {total}: {summary}')}</title>",
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{COLOURS["resistant"]}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>',
    ]
    for i, level in enumerate(LEVELS):
        count = distribution.get(level, 0)
        y = 2 + i * ROW
        bar = round(BAR_AREA * count / top)
        fill = f"url(#{hatch})" if level == "resistant" else COLOURS[level]
        dash = ' stroke="#6b6b6b" stroke-dasharray="3 2"' if level == "unaware" and bar else ""
        parts.append(
            f'<g class="level level-{level}">'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" class="label">'
            f"{LEVEL_LABELS[level]}</text>"
            f'<rect class="track" x="{LABEL_WIDTH}" y="{y}" width="{BAR_AREA}" height="{BAR_HEIGHT}" fill="#f3f3f3"/>'
            f'<rect class="bar bar-{level}" x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" '
            f'fill="{fill}"{dash}/>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + BAR_HEIGHT - 3}" class="count">{count}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
