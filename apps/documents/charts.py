"""Charts for documents and pages, written once from the same data: ``bar_chart_png`` (Pillow, for
.docx) and ``bar_chart_svg`` (for pages; no script, no inline style). Grouped vertical bars: one
group per label, one bar per series, values ≥ 0."""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

COLOURS = ["#1f5fa8", "#e08a1e", "#2e8b57", "#b03a48", "#6b4fa0", "#4a4a4a"]
FONT_FILES = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"]


def _font(size: int):
    from PIL import ImageFont

    for path in FONT_FILES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _scale(series: Mapping[str, Sequence[float]]) -> float:
    top = max((v for values in series.values() for v in values), default=0) or 1
    return float(top)


def bar_chart_png(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]], *,
                  width: int = 1200, height: int = 600, unit: str = "") -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    big, small = _font(26), _font(18)
    draw.text((width // 2, 18), title, fill="black", font=big, anchor="mt")
    left, right, top, bottom = 70, width - 20, 70, height - 90
    top_value = _scale(series)
    draw.line((left, bottom, right, bottom), fill="black", width=2)
    draw.line((left, top, left, bottom), fill="black", width=2)
    n, k = max(len(labels), 1), max(len(series), 1)
    group = (right - left) / n
    bar = group * 0.8 / k
    for s, (name, values) in enumerate(series.items()):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(values):
            x0 = left + i * group + group * 0.1 + s * bar
            y0 = bottom - (bottom - top) * (value / top_value)
            draw.rectangle((x0, y0, x0 + bar - 2, bottom), fill=colour)
            draw.text((x0 + bar / 2, y0 - 4), _num(value), fill="black", font=small, anchor="mb")
        draw.rectangle((left + s * 220, height - 30, left + s * 220 + 18, height - 12), fill=colour)
        draw.text((left + s * 220 + 26, height - 21), name, fill="black", font=small, anchor="lm")
    for i, label in enumerate(labels):
        draw.text((left + i * group + group / 2, bottom + 8), str(label)[:18], fill="black", font=small, anchor="mt")
    if unit:
        draw.text((8, top - 30), unit, fill="black", font=small)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _num(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def bar_chart_svg(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]], *,
                  width: int = 720, height: int = 320) -> str:
    left, right, top, bottom = 40, width - 10, 30, height - 50
    top_value = _scale(series)
    n, k = max(len(labels), 1), max(len(series), 1)
    group = (right - left) / n
    bar = group * 0.8 / k
    e = html.escape
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>',
             f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>']
    for s, (name, values) in enumerate(series.items()):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(values):
            x0 = left + i * group + group * 0.1 + s * bar
            h = (bottom - top) * (value / top_value)
            parts.append(f'<rect x="{x0:.1f}" y="{bottom - h:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{e(name)} {e(str(labels[i]))}: {_num(value)}</title></rect>')
            parts.append(f'<text x="{x0 + bar / 2:.1f}" y="{bottom - h - 3:.1f}" font-size="11" '
                         f'text-anchor="middle">{_num(value)}</text>')
        parts.append(f'<rect x="{left + s * 160}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{left + s * 160 + 16}" y="{height - 8}" font-size="12">{e(name)}</text>')
    for i, label in enumerate(labels):
        parts.append(f'<text x="{left + i * group + group / 2:.1f}" y="{bottom + 16}" font-size="12" '
                     f'text-anchor="middle">{e(str(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)
