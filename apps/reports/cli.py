"""dtbd report annual | form | review, and dtbd plan document — reports from the command line.

``--as USER`` scoping as on the web (an agency officer: their own agency; another unit answers
"Không có đơn vị mã …"). ``--json`` prints the figures; ``--out F.xlsx|F.docx|F.pdf`` writes the
file in the format its extension names."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dtbd.cli import CommandError, command_family

EXTENSIONS = ("xlsx", "docx", "pdf")


def _format_of(out: str, allowed=EXTENSIONS) -> str:
    ext = Path(out).suffix.lower().lstrip(".")
    if ext not in allowed:
        raise CommandError(f"Tệp “{out}”: chỉ ghi được {', '.join('.' + e for e in allowed)}.")
    return ext


def _write(out: str, data: bytes) -> None:
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"Không ghi được tệp “{out}”: {exc.strerror}.") from None
    print(f"Đã ghi {out}.")


def _annual(args, actor) -> int:
    from apps.reports import contract
    from apps.reports.annual import annual_stats, as_json
    from apps.reports.annual_report import annual_report
    from apps.reports.selection import SelectionError, select

    if not args.json and not args.out:
        raise CommandError("Cần --json hoặc --out TỆP.")
    fmt = _format_of(args.out) if args.out else ""
    try:
        sel = select(actor, year=args.year, start=args.start, end=args.end, unit=args.unit)
    except SelectionError as exc:
        raise CommandError(str(exc)) from None
    stats = annual_stats(sel)
    if args.json:
        print(json.dumps(as_json(stats), ensure_ascii=False, indent=1))
    if args.out:
        _write(args.out, contract.render(annual_report(stats), fmt)[2])
    return 0


def _form(args, actor) -> int:
    from apps.reports import contract
    from apps.reports.forms_spec import FormError, fill, form_by_code
    from apps.reports.selection import SelectionError, select

    fmt = _format_of(args.out)
    try:
        spec = form_by_code(args.code)
        sel = select(actor, year=args.year, unit=args.unit)
        report = fill(spec, sel)
    except (FormError, SelectionError) as exc:
        raise CommandError(str(exc)) from None
    _write(args.out, contract.render(report, fmt)[2])
    return 0


def _review(args, actor) -> int:
    from apps.reports import contract
    from apps.reports.review import ReviewError, plan_review, review_report
    from apps.reports.selection import SelectionError

    fmt = _format_of(args.out)
    try:
        review = plan_review(actor, plan_code=args.plan, at=args.at, unit=args.unit)
    except (ReviewError, SelectionError) as exc:
        raise CommandError(str(exc)) from None
    _write(args.out, contract.render(review_report(review), fmt)[2])
    return 0


def _plan_document(args, actor) -> int:
    from apps.reports.plan_document import PlanDocumentError, plan_document_bytes

    fmt = _format_of(args.out, ("docx", "pdf"))
    try:
        data = plan_document_bytes(actor, args.code, fmt)
    except PlanDocumentError as exc:
        raise CommandError(str(exc)) from None
    _write(args.out, data)
    return 0


def _plan_commands(subparsers):
    """The ``dtbd plan`` family made by apps.plans.cli (its sub-subcommands' action)."""
    plan = subparsers.choices.get("plan")
    if plan is None:
        return None
    return next((a for a in plan._actions if isinstance(a, argparse._SubParsersAction)), None)


def _as(p) -> None:
    """``--as`` also after the subcommand (``dtbd report annual --year 2025 --as can_bo``)."""
    p.add_argument("--as", dest="run_as", metavar="TÀI_KHOẢN", default=argparse.SUPPRESS,
                   help="thực hiện với quyền của tài khoản này")


def register(subparsers) -> None:
    family = command_family(subparsers, "report", "báo cáo, thống kê, biểu mẫu, sơ kết/tổng kết kế hoạch")
    p = family.add_parser("annual", help="thống kê kết quả đào tạo, bồi dưỡng của một năm hoặc một kỳ")
    p.add_argument("--year", type=int, help="năm thống kê (1/1–31/12)")
    p.add_argument("--from", dest="start", help="từ ngày (YYYY-MM-DD), thay cho --year")
    p.add_argument("--to", dest="end", help="đến ngày (YYYY-MM-DD)")
    p.add_argument("--unit", help="mã đơn vị (cả các đơn vị trực thuộc)")
    p.add_argument("--json", action="store_true", help="in số liệu dạng JSON")
    p.add_argument("--out", help="ghi tệp .xlsx, .docx hoặc .pdf")
    _as(p)
    p.set_defaults(handler=_annual)
    p = family.add_parser("form", help="điền một biểu mẫu thống kê (ví dụ 10-BTCTW) cho một năm")
    p.add_argument("code", help="mã biểu (dtbd report forms liệt kê)")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--unit", help="mã đơn vị")
    p.add_argument("--out", required=True, help="tệp .xlsx, .docx hoặc .pdf")
    _as(p)
    p.set_defaults(handler=_form)
    p = family.add_parser("forms", help="liệt kê các biểu mẫu")
    p.set_defaults(handler=_forms)
    p = family.add_parser("review", help="báo cáo sơ kết, tổng kết một kế hoạch tại một ngày")
    p.add_argument("--plan", required=True, help="mã kế hoạch")
    p.add_argument("--at", required=True, help="ngày đánh giá (YYYY-MM-DD)")
    p.add_argument("--unit", help="mã đơn vị")
    p.add_argument("--out", required=True, help="tệp .docx, .xlsx hoặc .pdf")
    _as(p)
    p.set_defaults(handler=_review)
    commands = _plan_commands(subparsers)
    if commands is not None:
        p = commands.add_parser("document", help="ghi kế hoạch thành văn bản Kế hoạch (.docx, .pdf) kèm phụ lục lộ trình")
        p.add_argument("code", help="mã kế hoạch")
        p.add_argument("--out", required=True, help="tệp .docx hoặc .pdf")
        _as(p)
        p.set_defaults(handler=_plan_document)


def _forms(args, actor) -> int:
    from apps.reports.forms_spec import available_forms

    for f in available_forms():
        print(f"{f.code:<14} {f.number}: {f.display_title} ({f.regime_label}, đơn vị tính: {f.unit}; {f.source})")
    return 0
