"""dtbd results … : compute the stored plan results now, or say how fresh they are (apps/results)."""

from __future__ import annotations

import json

from dtbd.cli import CommandError


def _plans(code: str | None):
    from apps.plans.models import Plan

    plans = Plan.objects.order_by("code")
    if code:
        plans = plans.filter(code=code)
        if not plans.exists():
            raise CommandError(f"Không có kế hoạch mã “{code}”.")
    return list(plans)


def _refresh(args, actor) -> int:
    import time

    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.results.services import plan_refresh

    scope_of(actor).require(Perm.VIEW_DASHBOARDS)
    for plan in _plans(args.plan):
        started = time.perf_counter()
        count = plan_refresh(plan)
        print(f"Kế hoạch {plan.code}: tính {count} kết quả trong {time.perf_counter() - started:.1f} giây.")
    return 0


def _status(args, actor) -> int:
    from django.utils import timezone

    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.results.models import StoredGapList, StoredResult
    from apps.results.versions import fingerprint

    scope_of(actor).require(Perm.VIEW_DASHBOARDS)
    rows = []
    for plan in _plans(args.plan):
        stamp = fingerprint(plan.pk)
        for r in StoredResult.objects.filter(plan=plan).order_by("at", "unit_code"):
            rows.append({"plan": plan.code, "kind": "result", "at": r.at.isoformat(), "unit": r.unit_code,
                         "fresh": r.computed_at is not None and r.fingerprint == stamp,
                         "computed_at": timezone.localtime(r.computed_at).isoformat() if r.computed_at else None,
                         "seconds": round(r.seconds, 2)})
        for g in StoredGapList.objects.filter(plan=plan).order_by("at", "target_code", "unit_code"):
            rows.append({"plan": plan.code, "kind": f"gaps {g.target_code}", "at": g.at.isoformat(),
                         "unit": g.unit_code, "fresh": g.computed and g.fingerprint == stamp,
                         "computed_at": timezone.localtime(g.computed_at).isoformat() if g.computed_at else None,
                         "seconds": round(g.seconds, 2)})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "mới" if r["fresh"] else "cũ"
        print(f"{r['plan']}  {r['kind']:<28} {r['at']}  {r['unit'] or 'toàn tỉnh':<12} {state:<3} "
              f"{r['computed_at'] or 'chưa tính'}  {r['seconds']} giây")
    return 0


def register(subparsers) -> None:
    results = subparsers.add_parser("results", help="kết quả chỉ tiêu đã tính sẵn: tính lại, xem tình trạng")
    commands = results.add_subparsers(dest="results_cmd", metavar="LỆNH")
    p = commands.add_parser("refresh", help="tính ngay các kết quả thiếu hoặc cũ (việc của dtbd worker)")
    p.add_argument("--plan", help="chỉ kế hoạch này (mã)")
    p.set_defaults(handler=_refresh)
    p = commands.add_parser("status", help="các kết quả đã lưu, mới hay cũ, tính lúc nào")
    p.add_argument("--plan", help="chỉ kế hoạch này (mã)")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.set_defaults(handler=_status)
