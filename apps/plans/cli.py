"""dtbd plan … : load, export and list plans (docs/plan-format.md)."""

from __future__ import annotations

import json
from pathlib import Path

from dtbd.cli import CommandError


def _load(args, actor) -> int:
    from django.core.exceptions import PermissionDenied

    from apps.plans.services import PlanFileError, plan_load

    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Không đọc được tệp {args.file}: {exc}") from None
    if args.check:
        return _check(args.file, text)
    try:
        result = plan_load(actor=actor, text=text)
    except PlanFileError as exc:
        raise CommandError(f"Tệp {args.file} có {len(exc.messages)} lỗi, chưa nạp gì:\n" + "\n".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    plan = result.plan
    if result.created:
        print(f"Đã tạo kế hoạch {plan.code}: {plan.targets.count()} chỉ tiêu, {plan.contents.count()} nội dung, "
              f"{plan.tasks.count()} dòng lộ trình.")
    elif result.changed:
        changed = ", ".join(f"{k}: {n}" for k, n in result.changes.items() if n) or "thông tin chung"
        print(f"Đã cập nhật kế hoạch {plan.code} ({changed}).")
    else:
        print(f"Kế hoạch {plan.code} không thay đổi.")
    return 0


def _check(name: str, text: str) -> int:
    """Validate only (schema, dates, codes in the catalogues); nothing is written."""
    from apps.plans.planfile import PlanFileError, read

    try:
        data = read(text)
    except PlanFileError as exc:
        raise CommandError(f"Tệp {name} có {len(exc.messages)} lỗi:\n" + "\n".join(exc.messages)) from None
    print(f"Tệp {name} hợp lệ: kế hoạch {data['code']}, {len(data.get('targets') or [])} chỉ tiêu.")
    return 0


def _export(args, actor) -> int:
    from django.http import Http404

    from apps.plans.planfile import dump
    from apps.plans.selectors import plan_data, plan_for

    try:
        plan = plan_for(actor, args.code)
    except Http404:
        raise CommandError(f"Không có kế hoạch mã {args.code}.") from None
    Path(args.file).write_text(dump(plan_data(plan)), encoding="utf-8")
    print(f"Đã ghi kế hoạch {plan.code} vào {args.file}.")
    return 0


def _list(args, actor) -> int:
    from apps.core.vn import format_date
    from apps.plans.selectors import plan_list

    plans = plan_list(actor)
    if args.json:
        print(json.dumps([{"code": p.code, "title": p.title, "issuing_body": p.issuing_body, "number": p.number,
                           "status": p.status, "period_start": p.period_start.isoformat(),
                           "period_end": p.period_end.isoformat(), "targets": p.target_count,
                           "roadmap_rows": p.task_count} for p in plans], ensure_ascii=False, indent=2))
        return 0
    for p in plans:
        print(f"{p.code:28} {format_date(p.period_start)}–{format_date(p.period_end)} {p.get_status_display():12} "
              f"{p.target_count:3} chỉ tiêu  {p.title}")
    return 0


def register(subparsers) -> None:
    plan = subparsers.add_parser("plan", help="kế hoạch đào tạo, bồi dưỡng: nạp, xuất, liệt kê")
    commands = plan.add_subparsers(dest="plan_cmd", metavar="LỆNH")
    p = commands.add_parser("load", help="kiểm tra và nạp (tạo hoặc cập nhật) kế hoạch từ tệp YAML")
    p.add_argument("file", help="tệp kế hoạch .yaml (docs/plan-format.md)")
    p.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp, không nạp")
    p.set_defaults(handler=_load)
    p = commands.add_parser("export", help="ghi kế hoạch ra tệp YAML")
    p.add_argument("code", help="mã kế hoạch")
    p.add_argument("file", help="tệp .yaml cần ghi")
    p.set_defaults(handler=_export)
    p = commands.add_parser("list", help="liệt kê các kế hoạch")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.set_defaults(handler=_list)
