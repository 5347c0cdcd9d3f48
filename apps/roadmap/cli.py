"""dtbd roadmap … : the roadmap's tasks — generate them from a plan, list them (scoped by --as)."""

from __future__ import annotations

import json

from dtbd.cli import CommandError


def _plan(actor, code: str):
    from django.http import Http404

    from apps.plans.selectors import plan_for

    try:
        return plan_for(actor, code)
    except Http404:
        raise CommandError(f"Không có kế hoạch mã {code}.") from None


def _generate(args, actor) -> int:
    from apps.roadmap.services import roadmap_generate

    result = roadmap_generate(actor=actor, plan=_plan(actor, args.plan))
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"Kế hoạch {args.plan}: {result.created} nhiệm vụ mới, {result.updated} cập nhật, {result.restored} khôi phục, "
              f"{result.retired} thôi theo dõi, {result.deleted} bỏ, {result.unchanged} giữ nguyên.")
    return 0


def _tasks(args, actor) -> int:
    from django.utils import timezone

    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.core.vn import format_date
    from apps.roadmap.selectors import TaskFilter, task_list

    scope_of(actor).require(Perm.VIEW_TASKS)
    plan = _plan(actor, args.plan)
    today = timezone.localdate()
    f = TaskFilter(plan=plan.code, year=args.year, unit=args.unit or "", state="overdue" if args.overdue else "")
    tasks = list(task_list(actor, f, today=today))
    if args.json:
        print(json.dumps([{
            "id": t.pk, "plan": t.plan.code, "number": t.number, "text": t.text, "unit": t.unit.code if t.unit else None,
            "unit_name": t.unit.name if t.unit else None, "year": t.year, "due": t.due.isoformat(), "label": t.label,
            "status": t.status, "state": t.state(today), "overdue": t.is_overdue(today),
            "completed_on": t.completed_on.isoformat() if t.completed_on else None,
            "product": t.product_name or None, "note": t.note} for t in tasks], ensure_ascii=False, indent=2))
        return 0
    for t in tasks:
        unit = t.unit.code if t.unit else "(chưa xác định)"
        print(f"{format_date(t.due)} {t.number:5} {unit:10} {t.state_label(today):11} {t.text.splitlines()[0][:70]}")
    print(f"{len(tasks)} nhiệm vụ.")
    return 0


def register(subparsers) -> None:
    roadmap = subparsers.add_parser("roadmap", help="nhiệm vụ theo lộ trình kế hoạch: sinh, liệt kê")
    commands = roadmap.add_subparsers(dest="roadmap_cmd", metavar="LỆNH")
    p = commands.add_parser("generate", help="sinh (hoặc đồng bộ lại) nhiệm vụ từ phụ lục lộ trình của kế hoạch")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.set_defaults(handler=_generate)
    p = commands.add_parser("tasks", help="liệt kê nhiệm vụ (trong phạm vi của --as)")
    p.add_argument("--plan", required=True, metavar="MÃ", help="mã kế hoạch")
    p.add_argument("--year", type=int, metavar="NĂM", help="chỉ nhiệm vụ của năm này")
    p.add_argument("--unit", metavar="MÃ_ĐV", help="chỉ nhiệm vụ do đơn vị này chủ trì")
    p.add_argument("--overdue", action="store_true", help="chỉ nhiệm vụ quá hạn")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.set_defaults(handler=_tasks)
