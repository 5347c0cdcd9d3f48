"""dtbd evaluation template|import|results: paper forms and results from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from dtbd.cli import CommandError


def _class(actor, code: str):
    from django.http import Http404

    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.evaluation.selectors import class_for

    if not scope_of(actor).can(Perm.VIEW_EVALUATIONS):
        raise CommandError("Tài khoản này không được xem đánh giá chất lượng.")
    try:
        return class_for(actor, code)
    except Http404:
        raise CommandError(f"Không có lớp mã “{code}”.") from None


def _template(args, actor) -> int:
    from django.core.exceptions import PermissionDenied

    from apps.core.tabular import FileRejected
    from apps.evaluation.spreadsheets import form_sheet

    if not args.out.lower().endswith(".xlsx"):
        raise CommandError("--out: tệp phải có đuôi .xlsx.")
    klass = _class(actor, args.class_code)
    try:
        content = form_sheet(actor=actor, training_class=klass, obj=args.object)
    except (FileRejected, PermissionDenied) as exc:
        raise CommandError(str(exc)) from None
    Path(args.out).write_bytes(content)
    print(f"Đã ghi mẫu phiếu lớp {klass.code}, nội dung {args.object} vào {args.out}.")
    return 0


def _import(args, actor) -> int:
    import sys

    from django.core.exceptions import PermissionDenied

    from apps.core.tabular import FileRejected, ImportFailed
    from apps.evaluation.spreadsheets import forms_import

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    try:
        result = forms_import(actor=actor, source=path.read_bytes(), filename=path.name)
    except (FileRejected, PermissionDenied) as exc:
        raise CommandError(str(exc)) from None
    except ImportFailed as exc:
        print("Không nhập được, chưa có gì được ghi:", file=sys.stderr)
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        return 1
    print(result.summary)
    return 0


def _results(args, actor) -> int:
    from apps.core.vn import format_number
    from apps.evaluation.selectors import class_results

    klass = _class(actor, args.class_code)
    r = class_results(klass)
    if args.json:
        print(json.dumps({"class": klass.code, **r.as_json()}, ensure_ascii=False, indent=1))
        return 0
    index = format_number(r.index, 2) if r.index is not None else "—"
    print(f"Lớp {klass.code}: {r.forms} phiếu ({r.valid} hợp lệ, {r.invalid} không hợp lệ); chỉ số chung {index} {r.level}")
    for o in r.objects:
        print(f"  {o.label}: {o.valid} phiếu hợp lệ, chỉ số {format_number(o.index, 2) if o.index is not None else '—'} {o.level}")
        for c in o.criteria:
            for i in c.indicators:
                print(f"    {i.code:6} {format_number(i.mean, 2) if i.mean is not None else '—':>6}  {i.text}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("evaluation", help="đánh giá chất lượng đào tạo, bồi dưỡng (Thông tư 10/2017)")
    sub = p.add_subparsers(dest="evaluation_what", metavar="VIỆC")
    t = sub.add_parser("template", help="bảng tính phiếu giấy của một lớp: một dòng mỗi phiếu, một cột mỗi chỉ số")
    t.add_argument("--class", dest="class_code", required=True, metavar="MÃ_LỚP")
    t.add_argument("--object", required=True, choices=["programme", "learner", "instructor", "facilities", "course",
                                                       "effectiveness"])
    t.add_argument("--out", required=True, metavar="TỆP.xlsx")
    t.set_defaults(handler=_template)
    i = sub.add_parser("import", help="nhập phiếu giấy từ bảng tính (tất cả hoặc không gì cả)")
    i.add_argument("file", metavar="TỆP")
    i.set_defaults(handler=_import)
    r = sub.add_parser("results", help="kết quả đánh giá của một lớp")
    r.add_argument("--class", dest="class_code", required=True, metavar="MÃ_LỚP")
    r.add_argument("--json", action="store_true", help="in dạng JSON (forms, valid, invalid, index, level, indicators[].mean)")
    r.set_defaults(handler=_results)
