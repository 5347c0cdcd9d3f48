"""dtbd annual draft | consolidate | documents — the annual cycle from the command line.

``--as USER`` scoping as on the web: ``draft`` needs the planning right (Sở Nội vụ: every agency or
``--unit``; an agency officer: their own agency, another unit answers "Không có đơn vị mã …");
``consolidate`` and ``documents`` are Sở Nội vụ's and the leader's. ``draft`` writes nothing: it
prints what "Soạn từ nhu cầu" would propose."""

from __future__ import annotations

import json
from pathlib import Path

from dtbd.cli import CommandError, command_family


def _cycle(year: int):
    from apps.annual.models import AnnualCycle

    cycle = AnnualCycle.objects.select_related("plan").filter(year=year).first()
    if cycle is None:
        raise CommandError(f"Chưa có kế hoạch năm {year}.")
    return cycle


def _agency(code: str | None, actor):
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.organization.models import Unit

    scope = scope_of(actor)
    scope.require(Perm.PLAN_ANNUAL)
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not scope.covers_unit(unit.pk):
            raise CommandError(f"Không có đơn vị mã “{code}”.")
        return unit
    if scope.sees_all:
        return None
    if not scope.home_unit_id:
        raise CommandError("Tài khoản này không gắn với cơ quan nào.")
    return Unit.objects.get(pk=scope.home_unit_id)


def _require_province(actor) -> None:
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm

    scope = scope_of(actor)
    if not (scope.can(Perm.CONSOLIDATE_ANNUAL) or scope.can(Perm.APPROVE_ANNUAL)):
        raise CommandError("Tổng hợp kế hoạch năm dành cho Sở Nội vụ và lãnh đạo.")


def _draft(args, actor) -> int:
    from apps.annual.drafting import draft_lines
    from apps.organization.models import Unit

    cycle = _cycle(args.year)
    unit = _agency(args.unit, actor)
    lines = draft_lines(cycle, agency_id=unit.pk if unit else None)
    codes = dict(Unit.objects.filter(pk__in={x.agency_id for x in lines}).values_list("pk", "code"))
    rows = []
    for x in lines:
        data = x.as_json(codes.get(x.agency_id, ""))
        data["named"] = len(data.pop("person_ids"))
        data.pop("agency_id")
        rows.append(data)
    if args.json:
        print(json.dumps({"year": cycle.year, "unit": unit.code if unit else None, "lines": rows},
                         ensure_ascii=False, indent=1))
        return 0
    from apps.core.vn import format_number

    for r in rows:
        print(f"{r['agency']:<12} {r['title'][:60]:<60} {format_number(r['learners']):>8} HV "
              f"{format_number(r['total']):>16} đ  {', '.join(r['target_codes'])}")
    print(f"{len(rows)} dòng, {format_number(sum(r['learners'] for r in rows))} học viên, "
          f"{format_number(sum(r['total'] for r in rows))} đồng.")
    return 0


def _consolidate(args, actor) -> int:
    from apps.annual.selectors import consolidation

    _require_province(actor)
    cycle = _cycle(args.year)
    c = consolidation(cycle)
    data = {
        "year": cycle.year, "status": cycle.status, "version": cycle.version, "learners": c.learners, "total": c.total,
        "by_programme": [{"programme": n, "classes": k, "learners": le, "cost": co} for n, k, le, co in c.by_programme],
        "by_group": [{"group": g, "learners": le, "cost": co} for g, le, co in c.by_group],
        "by_quarter": [{"quarter": q, "classes": k, "learners": le, "cost": co} for q, k, le, co in c.by_quarter],
        "by_source": [{"source": s, "planned": p, "ceiling": ce, "over": o} for s, p, ce, o in c.by_source],
        "provincial_classes": [{"code": pc.code, "title": pc.title, "quarter": pc.quarter, "classes": pc.classes,
                                "seats": [{"agency": a, "seats": n} for a, n in c.seats.get(pc.pk, [])]}
                               for pc in c.classes],
        "lines": [{"agency": x.agency_plan.unit.code, "title": x.title, "quarter": x.quarter, "classes": x.classes,
                   "learners": x.learners, "costs": x.costs, "total": x.total_cost,
                   "provincial_class": x.provincial_class.code if x.provincial_class else None} for x in c.lines],
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        from apps.core.vn import format_number

        for row in data["by_programme"]:
            print(f"{row['programme'][:60]:<60} {row['classes']:>4} lớp {format_number(row['learners']):>8} HV "
                  f"{format_number(row['cost']):>16} đ")
        print(f"Tổng: {format_number(c.learners)} học viên, {format_number(c.total)} đồng.")
    return 0


def _documents(args, actor) -> int:
    from apps.annual.documents import documents, filename, render

    _require_province(actor)
    cycle = _cycle(args.year)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for slug, doc in documents(cycle).items():
        for ext in ("docx", "pdf"):
            path = out / filename(cycle, slug, ext)
            path.write_bytes(render(doc, ext)[0])
            print(path)
    return 0


def register(subparsers) -> None:
    family = command_family(subparsers, "annual", "kế hoạch đào tạo, bồi dưỡng hằng năm")
    p = family.add_parser("draft", help="các dòng kế hoạch soạn từ nhu cầu (không ghi gì)")
    p.add_argument("--year", type=int, required=True, metavar="NĂM")
    p.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="chỉ cơ quan này")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(handler=_draft)
    p = family.add_parser("consolidate", help="tổng hợp kế hoạch năm của các cơ quan")
    p.add_argument("--year", type=int, required=True, metavar="NĂM")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(handler=_consolidate)
    p = family.add_parser("documents", help="ghi Tờ trình, Quyết định, Kế hoạch (.docx và .pdf)")
    p.add_argument("--year", type=int, required=True, metavar="NĂM")
    p.add_argument("--out", required=True, metavar="THƯ_MỤC")
    p.set_defaults(handler=_documents)
