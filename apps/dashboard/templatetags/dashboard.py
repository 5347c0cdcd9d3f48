"""Filters of the dashboard pages: status badges, values with their unit, goals in words."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from apps.core.vn import format_number
from apps.dashboard.selectors import GOAL_UNITS, STATUS_LABELS

register = template.Library()


@register.filter
def status_label(status: str | None) -> str:
    return STATUS_LABELS.get(status or "", "")


@register.filter
def badge(status: str | None):
    """A coloured badge: Đạt green, Chưa đạt red, Có nguy cơ amber, Chưa đến hạn grey, Không có
    đối tượng white with a dashed border (never green: an empty province is not a met target)."""
    if not status:
        return ""
    return format_html('<span class="badge s-{}">{}</span>', status, STATUS_LABELS.get(status, status))


def _amount(value, unit: str) -> str:
    if value is None or value == "":  # none, or a missing variable (the province row not stored yet)
        return "–"
    if unit == "percent":
        return f"{format_number(value, 1)}%"
    return f"{format_number(value)} {GOAL_UNITS.get(unit, unit)}"


@register.filter
def shown(value, goal: dict) -> str:
    """A result's value with the goal's unit: 81,1% or 12 người."""
    return _amount(value, (goal or {}).get("unit", "percent"))


def _bound(value) -> str:
    """A goal's bound: 80 as “80”, 72.5 as “72,5”."""
    return format_number(value, 0 if float(value).is_integer() else 1)


@register.filter
def goal_text(goal: dict) -> str:
    """≥ 80%, 70–80%, 100–150 người, ≥ 3 lớp/năm."""
    if not goal or goal.get("min") is None:
        return ""
    unit = goal.get("unit", "percent")
    suffix = "%" if unit == "percent" else f" {GOAL_UNITS.get(unit, unit)}"
    low, high = goal["min"], goal.get("max")
    text = f"≥ {_bound(low)}{suffix}" if high is None else f"{_bound(low)}–{_bound(high)}{suffix}"
    if goal.get("about"):
        text = f"khoảng {_bound(low)}{suffix}"
    return f"{text}/năm" if goal.get("per") == "year" else text


@register.filter
def status_note(result: dict | None) -> str:
    """A word beside the badge: "phấn đấu" for an aspirational target."""
    if result and result.get("aspirational"):
        return format_html('<span class="tag aspirational" title="{}">phấn đấu</span>',
                           "Mục tiêu phấn đấu, không phải chỉ tiêu bắt buộc")
    return ""


@register.filter
def fraction(result: dict) -> str:
    """numerator/denominator (1.001/1.234), or the count alone for count goals."""
    if not result:
        return ""
    if result.get("denominator") is None:
        return format_number(result.get("numerator"))
    return f"{format_number(result.get('numerator'))}/{format_number(result.get('denominator'))}"


@register.filter
def iso_date(value: str | None) -> str:
    """"2025-12-31" (the engine's dates) as 31/12/2025."""
    if not value:
        return ""
    year, month, day = str(value).split("-")
    return f"{day}/{month}/{year}"


@register.filter
def agency_hint(result: dict | None) -> str:
    """Beside a status that the overall figure would not give: the total reaches the goal, so the
    status comes from agencies that must reach it on their own — "10/29 cơ quan chưa đạt"."""
    from apps.dashboard.explain import overall_reached

    if not result or result.get("status") in ("met", "no_population", None) or not overall_reached(result):
        return ""
    agencies = [r for r in result.get("by_unit") or [] if r.get("status") and r.get("denominator") != 0]
    short = [r for r in agencies if r["status"] != "met"]
    if not short:
        return ""
    return format_html('<span class="muted agency-hint" title="{}">{}/{} cơ quan, đơn vị chưa đạt</span>',
                       "Tỷ lệ chung đạt mục tiêu, nhưng mỗi cơ quan, đơn vị phải tự đạt", len(short), len(agencies))
