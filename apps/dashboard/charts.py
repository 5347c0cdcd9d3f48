"""Trend charts drawn server-side as inline SVG: value by year against the goal line.

Why SVG and not a vendored chart library: the chart is a handful of points per target, so a few
lines of markup render it with no JavaScript, no network, nothing to vendor or keep up to date, and
it prints and shows in the browser tests exactly like the rest of the page.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.core.vn import format_number

WIDTH, HEIGHT = 300, 150
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 10, 22


def _top_of_scale(values: list[float], goal: dict) -> float:
    if goal.get("unit") == "percent":
        return 100.0
    highest = max([v for v in values] + [goal.get("min") or 0, goal.get("max") or 0] + [1])
    return float(highest) * 1.15


def trend_svg(points: list[tuple[int, float | None]], goal: dict, label: str = "") -> SafeString:
    """An SVG line chart of ``points`` ([(year, value or None)]) with the goal's min (and max) as
    dashed lines. Values and labels are escaped; the result is safe to insert in a page."""
    if not points:
        return mark_safe("")
    values = [v for _, v in points if v is not None]
    top = _top_of_scale(values, goal)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - (min(value, top) / top) * plot_h

    parts = [_axes(top, plot_w, plot_h, goal)]
    for bound, css in ((goal.get("min"), "goal"), (goal.get("max"), "goal-max")):
        if bound is not None:
            level = f"{y(float(bound)):.1f}"
            parts.append(format_html('<line class="{}" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                                     css, LEFT, LEFT + plot_w, level, level))
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points) if v is not None)
    if line:
        parts.append(format_html('<polyline class="value" points="{}"/>', line))
    for i, (year, value) in enumerate(points):
        parts.append(format_html('<text class="year" x="{}" y="{}">{}</text>', f"{x(i):.1f}", HEIGHT - 6, year))
        if value is not None:
            parts.append(format_html('<circle class="point" cx="{}" cy="{}" r="3"><title>{}: {}</title></circle>',
                                     f"{x(i):.1f}", f"{y(value):.1f}", year, _shown(value, goal)))
    return format_html('<svg class="trend" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">{}</svg>',
                       WIDTH, HEIGHT, WIDTH, HEIGHT, label, mark_safe("".join(str(p) for p in parts)))


def _shown(value: float, goal: dict) -> str:
    return f"{format_number(value, 1)}%" if goal.get("unit") == "percent" else format_number(value)


def _axes(top: float, plot_w: float, plot_h: float, goal: dict) -> str:
    top_label = "100%" if goal.get("unit") == "percent" else format_number(round(top))
    return (f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}"/>'
            f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
            f'<text class="tick" x="{LEFT - 4}" y="{TOP + 4}">{escape(top_label)}</text>'
            f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}">0</text>')
