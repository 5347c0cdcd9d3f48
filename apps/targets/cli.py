"""dtbd targets / dtbd gaps: evaluate a plan's targets on a date, list who is missing what.

``--as USER`` scoping: the gap list holds only people the user may see; evaluating targets reports
province-wide figures to Sở Nội vụ and leaders, and an agency officer's run is restricted to their
own unit's subtree (as if ``--unit`` were their unit).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from dtbd.cli import CommandError

STATUS_LABELS = {"met": "Đạt", "not_met": "Chưa đạt", "at_risk": "Có nguy cơ không đạt", "not_due": "Chưa đến hạn",
                 "no_population": "Không có đối tượng"}
UNIT_LABELS = {"percent": "%", "people": "người", "lượt": "lượt", "classes": "lớp"}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--at: “{text}” không phải ngày hợp lệ dạng YYYY-MM-DD.") from None


def _plan(code: str):
    from apps.plans.models import Plan

    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise CommandError(f"Không có kế hoạch mã “{code}”.")
    return plan


def _unit(code: str | None, actor):
    """The unit to restrict to: ``--unit`` (must be in the actor's scope), or an officer's own unit."""
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.organization.models import Unit

    scope = scope_of(actor)
    if not scope.can(Perm.VIEW_DASHBOARDS):
        raise CommandError("Tài khoản này không được xem số liệu chỉ tiêu.")
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not scope.covers_unit(unit.pk):
            raise CommandError(f"Không có đơn vị mã “{code}”.")
        return unit
    if scope.sees_all:
        return None
    if not scope.home_unit_id:
        raise CommandError("Tài khoản này không được xem số liệu chỉ tiêu.")
    return Unit.objects.get(pk=scope.home_unit_id)


def _evaluate(args, actor) -> int:
    from apps.targets.context import TargetError
    from apps.targets.engine import evaluate_plan

    plan, at = _plan(args.plan), _date(args.at)
    unit = _unit(args.unit, actor)
    try:
        result = evaluate_plan(plan, at=at, unit=unit)
    except TargetError as exc:
        raise CommandError(f"Kế hoạch {plan.code}: {exc}") from None
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(render_table(result, plan_title=plan.title, unit=unit))
    return 0


def _figure(value, unit: str) -> str:
    from apps.core.vn import format_number

    if value is None:
        return "–"
    return f"{format_number(value, 1)}%" if unit == "percent" else format_number(value)


def _goal_text(goal: dict) -> str:
    from apps.core.vn import format_number

    if goal.get("about"):
        unit = "%" if goal["unit"] == "percent" else f" {UNIT_LABELS[goal['unit']]}"
        return f"khoảng {format_number(goal['min'])}{unit}" + ("/năm" if goal.get("per") == "year" else "")
    text = format_number(goal["min"]) + (f"–{format_number(goal['max'])}" if goal.get("max") is not None else "")
    text = f"≥ {text}" if goal.get("max") is None else text
    text += "%" if goal["unit"] == "percent" else f" {UNIT_LABELS[goal['unit']]}"
    return text + ("/năm" if goal.get("per") == "year" else "")


def render_table(result: dict, *, plan_title: str = "", unit=None) -> str:
    """A readable Vietnamese table: mã, chỉ tiêu, tử số/mẫu số, giá trị, mục tiêu, hạn, trạng thái."""
    from apps.core.vn import format_date, format_number

    at = dt.date.fromisoformat(result["at"])
    lines = [f"Kế hoạch {result['plan']}{': ' + plan_title if plan_title else ''}",
             f"Đánh giá ngày {format_date(at)}{' — ' + unit.name if unit else ''}", ""]
    header = ["Mã", "Chỉ tiêu", "Tử số/Mẫu số", "Giá trị", "Mục tiêu", "Hạn", "Trạng thái"]
    rows = [header]
    from apps.targets.parts import nested

    by_agency = aspired = False
    for t, depth in nested(result["targets"]):
        status = STATUS_LABELS[t["status"]]
        if t["status"] not in ("met", "no_population") and _reaches_overall(t):
            status, by_agency = status + " *", True
        if t.get("aspirational"):
            status, aspired = status + " (phấn đấu)", True
        fraction = format_number(t["numerator"])
        if t["denominator"] is not None:
            fraction += "/" + format_number(t["denominator"])
        text = t["text"] if len(t["text"]) <= 60 else t["text"][:59] + "…"
        code = f"{'  ' * depth}↳ {t['code']}" if depth else t["code"]
        rows.append([code, text, fraction, _figure(t["value"], t["goal"]["unit"]), _goal_text(t["goal"]),
                     format_date(dt.date.fromisoformat(t["deadline"])), status])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    if by_agency:
        lines += ["", "* Tỷ lệ chung đạt mục tiêu nhưng còn cơ quan, đơn vị chưa đạt (mỗi cơ quan phải tự đạt)."]
    if aspired:
        lines += ["(phấn đấu): mục tiêu phấn đấu của kế hoạch, không phải chỉ tiêu bắt buộc."]
    if any(t.get("part_of") for t in result["targets"]):
        lines += ["↳: một phần (“trong đó”) của chỉ tiêu đứng trước."]
    return "\n".join(lines)


def _reaches_overall(target: dict) -> bool:
    """The total reaches the goal (the status comes from an agency that does not)."""
    numerator, denominator, goal = target["numerator"], target["denominator"], target["goal"]
    least = goal.get("threshold", goal["min"])
    if denominator is None:
        return numerator >= least
    return bool(denominator) and numerator * 100 >= least * denominator


def _gaps(args, actor) -> int:
    from apps.core.vn import format_number
    from apps.privacy.services import Kind, access_log_write
    from apps.targets.context import TargetError
    from apps.targets.gaps import export_gaps_xlsx, gap_rows
    from apps.targets.parts import effective_spec

    plan, at = _plan(args.plan), _date(args.at)
    target = plan.targets.filter(code=args.target).first()
    if target is None:
        raise CommandError(f"Kế hoạch {plan.code} không có chỉ tiêu mã “{args.target}”.")
    if not args.out.lower().endswith(".xlsx"):
        raise CommandError("--out: tệp xuất phải có đuôi .xlsx.")
    unit = _unit(args.unit, actor) if args.unit else None
    try:
        rows = gap_rows(effective_spec(target), user=actor, at=at, period=(plan.period_start, plan.period_end),
                        unit=unit)
    except TargetError as exc:
        raise CommandError(f"Chỉ tiêu {target.code}: {exc}") from None
    export = export_gaps_xlsx(rows, plan_code=plan.code, target_code=target.code, at=at, plan_title=plan.title,
                              target_text=target.text, unit_name=unit.name if unit else "")
    Path(args.out).write_bytes(export.content)
    access_log_write(actor=actor, kind=Kind.EXPORT, what="Xuất danh sách còn thiếu (xlsx)", count=len(rows),
                     filters={"ke_hoach": plan.code, "chi_tieu": target.code, "ngay": at.isoformat(),
                              "don_vi": unit.code if unit else ""})
    print(f"Đã ghi {format_number(len(rows))} người còn thiếu theo chỉ tiêu {target.code} vào {args.out}.")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("targets", help="đánh giá các chỉ tiêu của một kế hoạch tại một ngày")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--at", required=True, metavar="YYYY-MM-DD", help="ngày đánh giá")
    p.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="chỉ tính trong đơn vị này và các đơn vị trực thuộc")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.set_defaults(handler=_evaluate)
    p = subparsers.add_parser("gaps", help="danh sách người còn thiếu theo một chỉ tiêu, xuất .xlsx")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--target", required=True, metavar="MÃ_CHỈ_TIÊU", help="mã chỉ tiêu")
    p.add_argument("--at", required=True, metavar="YYYY-MM-DD", help="ngày đánh giá")
    p.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="chỉ lấy người trong đơn vị này và các đơn vị trực thuộc")
    p.add_argument("--out", required=True, metavar="TỆP.xlsx", help="tệp .xlsx để ghi")
    p.set_defaults(handler=_gaps)
