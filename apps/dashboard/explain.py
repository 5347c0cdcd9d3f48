"""Why a target has its status, in Vietnamese sentences for the drill-down page: the exact figures
against the goal, a shown value that was rounded up to the goal, an agency that must reach the goal
on its own (with how many agencies do), the forecast of a target not yet due, an empty population,
an approximate or aspirational goal, a part of another target.

``explain(result, spec=…, restricted=…)`` reads only the engine's result (and the target's own
``each_unit``); no query.
"""

from __future__ import annotations

import math
from fractions import Fraction

from apps.core.vn import format_number
from apps.dashboard.templatetags.dashboard import goal_text, iso_date, shown


def _threshold(goal: dict) -> Fraction:
    return Fraction(str(goal.get("threshold", goal["min"])))


def _reached(numerator: int, denominator: int | None, goal: dict) -> bool:
    if denominator is None:
        return numerator >= _threshold(goal)
    return bool(denominator) and numerator * 100 >= _threshold(goal) * denominator


def _plain(value) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def _threshold_text(goal: dict) -> str:
    """The least value meeting an approximate goal: a whole count (7,5 people: from 8), a percent
    with one decimal."""
    if goal["unit"] == "percent":
        return shown(goal["threshold"], goal)
    return shown(math.ceil(goal["threshold"]), goal)


def overall_reached(result: dict) -> bool:
    """The total (not rounded) reaches the goal."""
    return _reached(result["numerator"], result["denominator"], result["goal"])


def _exact(numerator: int, denominator: int) -> str:
    """numerator/denominator as a percentage with two decimals (79,96%)."""
    return f"{format_number(numerator * 100 / denominator, 2)}%"


def explain(result: dict, *, spec: dict | None = None, restricted: bool = False) -> list[str]:
    """Sentences saying why ``result`` (one target's engine result) has its status."""
    spec = spec or {}
    goal, status = result["goal"], result["status"]
    num, den = result["numerator"], result["denominator"]
    wanted = goal_text(goal)
    value = shown(result["value"], goal)
    due = iso_date(result["deadline"])
    lines: list[str] = []
    if result.get("part_of"):
        lines.append(f"Đây là một phần (“trong đó”) của chỉ tiêu {result['part_of']}: cùng đối tượng, cùng cách "
                     "tính, chỉ lọc hẹp hơn.")
    if status == "no_population":
        lines.append("Không có đối tượng: tại ngày đánh giá không có ai thuộc đối tượng của chỉ tiêu"
                     f"{' trong đơn vị này' if restricted else ''} (chưa có dữ liệu, hoặc không có người thuộc "
                     "diện này), nên không đánh giá đạt hay chưa đạt.")
        return lines
    if goal.get("about"):
        lines.append(f"Mục tiêu “khoảng {_plain(goal['min'])}”: đạt khi từ {_threshold_text(goal)} trở lên "
                     f"(cho phép thiếu {_plain(goal['tolerance'])}%).")
    reached = _reached(num, den, goal)
    figures = f"{format_number(num)}/{format_number(den)} = {value}" if den is not None else value
    if reached:
        lines.append(f"Kết quả chung {figures}, đạt mục tiêu {wanted}.")
    elif den and value != "–" and result["value"] >= goal["min"] and not goal.get("about"):
        lines.append(f"Kết quả {value} là số đã làm tròn: {format_number(num)}/{format_number(den)} = "
                     f"{_exact(num, den)}, vẫn thấp hơn mục tiêu {wanted} (so sánh chính xác, không làm tròn).")
    else:
        lines.append(f"Kết quả chung {figures}, chưa đạt mục tiêu {wanted}.")
    agencies = [r for r in result.get("by_unit") or [] if r.get("status") and r.get("denominator") != 0]
    if spec.get("each_unit") and not restricted and agencies:
        good = [r for r in agencies if r["status"] == "met"]
        short = [r for r in agencies if r["status"] != "met"]
        sentence = (f"Chỉ tiêu yêu cầu từng cơ quan, đơn vị tự đạt: {len(good)}/{len(agencies)} cơ quan, "
                    f"đơn vị đạt")
        if short:
            names = ", ".join(f"{r['name']} ({shown(r['value'], goal)})" for r in short[:5])
            more = f" và {len(short) - 5} cơ quan, đơn vị khác" if len(short) > 5 else ""
            sentence += f"; chưa đạt: {names}{more}"
        lines.append(sentence + ".")
        if reached and short:
            lines.append("Vì vậy, dù tỷ lệ chung đạt, chỉ tiêu được đánh giá là chưa đạt"
                         + (" (chưa đến hạn)." if status == "not_due" else "."))
    if status == "not_met":
        lines.append(f"Thời hạn {due} đã đến.")
    elif status in ("at_risk", "not_due"):
        forecast = shown(result["forecast"], goal)
        if status == "at_risk":
            lines.append(f"Có nguy cơ không đạt: giữ nhịp như hiện nay, đến {due} dự báo chỉ đạt {forecast}.")
        else:
            lines.append(f"Chưa đến hạn ({due}); giữ nhịp như hiện nay, dự báo đạt {forecast}.")
    if goal.get("max") is not None and result["value"] is not None and result["value"] > goal["max"]:
        lines.append(f"Kết quả vượt mức trên {shown(goal['max'], goal)} của kế hoạch (vẫn tính là đạt).")
    if result.get("aspirational"):
        lines.append("Đây là mục tiêu phấn đấu của kế hoạch, không phải chỉ tiêu bắt buộc.")
    return lines
