"""dtbd training … : training records from the command line, through the same scoped selectors."""

from __future__ import annotations

from dtbd.cli import CommandError, command_family


def _classes(args, actor) -> int:
    from apps.core.vn import format_date
    from apps.training.selectors import classes_visible_to

    classes = classes_visible_to(actor).select_related("programme", "provider", "organiser").order_by("-start_date")
    if args.year:
        classes = classes.filter(start_date__year=args.year)
    for c in classes:
        print(f"{c.code:16} {format_date(c.start_date)}–{format_date(c.end_date)} {c.get_status_display():12} "
              f"{c.programme.name} — {c.provider.name}")
    return 0


def _history(args, actor) -> int:
    from django.http import Http404

    from apps.core.vn import format_date, format_money
    from apps.people.selectors import person_for
    from apps.training.selectors import person_training_history

    try:
        person = person_for(actor, args.code)
    except Http404:
        raise CommandError(f"Không có hồ sơ mã {args.code}.") from None
    print(f"{person.full_name} ({person.code})")
    for e in person_training_history(person):
        areas = ", ".join(a.name for a in e.programme.content_areas.all())
        print(f"  {format_date(e.start_date)}–{format_date(e.end_date)} {e.get_status_display():10} "
              f"{e.programme.name} — {e.provider_label} [{areas}] {e.certificate_number} {format_money(e.cost_total)}")
    return 0


def _instructors(args, actor) -> int:
    from apps.core.vn import format_percent
    from apps.training.selectors import (
        instructors_with_short_experience,
        visiting_share_by_provider,
    )

    print("Giảng viên chưa đủ số năm kinh nghiệm thực tiễn quản lý:")
    for i in instructors_with_short_experience():
        print(f"  {i.provider.name}: {i.full_name} ({i.practical_management_years} năm)")
    print(f"Tỷ lệ thời lượng do giảng viên thỉnh giảng đảm nhiệm năm {args.year}:")
    for s in visiting_share_by_provider(args.year):
        verdict = "đạt" if s.meets_requirement else "chưa đạt"
        print(f"  {s.provider_name}: {format_percent(s.share * 100)} ({verdict}, yêu cầu "
              f"{format_percent(s.required * 100, 0)})")
    return 0


IMPORTERS = {"classes": "apps.training.io.classes:classes_import",
             "enrollments": "apps.training.io.enrollments:enrollments_import"}


def _import_file(args, actor) -> int:
    """dtbd import classes|enrollments FILE: all or nothing; exit 1 with every row's message."""
    import importlib
    import sys
    from pathlib import Path

    from django.core.exceptions import PermissionDenied

    from apps.core.tabular import ImportFailed

    module, name = IMPORTERS[args.import_what].split(":")
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    try:
        result = getattr(importlib.import_module(module), name)(
            actor=actor, source=path, filename=path.name, dry_run=args.dry_run)
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    except ImportFailed as exc:
        raise CommandError(f"Tệp {path.name} không được nhập ({exc.total} lỗi, dữ liệu không thay đổi):\n"
                           + "\n".join(exc.lines(limit=args.max_errors))) from None
    if result.ignored_columns:
        print("Bỏ qua các cột không nhận ra: " + ", ".join(result.ignored_columns), file=sys.stderr)
    print(result.summary)
    return 0


def _export_file(args, actor) -> int:
    """dtbd export classes|enrollments FILE (.xlsx or .csv), scoped like the web."""
    from pathlib import Path

    from django.core.exceptions import PermissionDenied

    from apps.training.io.classes import classes_export
    from apps.training.io.enrollments import enrollments_export

    path = Path(args.file)
    fmt = args.format or path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise CommandError("Tên tệp phải có đuôi .xlsx hoặc .csv (hoặc dùng --format).")
    try:
        if args.export_what == "classes":
            export = classes_export(actor=actor, fmt=fmt, year=args.year)
        else:
            export = enrollments_export(actor=actor, fmt=fmt, class_code=args.class_code or "")
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    path.write_bytes(export.content)
    print(f"Đã xuất ra {path}.")
    return 0


def _register_files(subparsers) -> None:
    imports = command_family(subparsers, "import", help="nhập dữ liệu từ tệp")
    for kind, what in (("classes", "danh sách lớp"), ("enrollments", "kết quả học tập (học viên theo lớp)")):
        q = imports.add_parser(kind, help=f"nhập {what} từ .xlsx hoặc .csv (tất cả hoặc không gì cả)")
        q.add_argument("file", metavar="TỆP")
        q.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        q.add_argument("--max-errors", type=int, default=200, metavar="N", help="số lỗi tối đa được in")
        q.set_defaults(handler=_import_file)
    exports = command_family(subparsers, "export", help="xuất dữ liệu ra tệp")
    q = exports.add_parser("classes", help="xuất danh sách lớp trong phạm vi của bạn")
    q.add_argument("file", metavar="TỆP")
    q.add_argument("--format", choices=["xlsx", "csv"], help="mặc định theo đuôi tên tệp")
    q.add_argument("--year", type=int, help="năm khai giảng")
    q.set_defaults(handler=_export_file)
    q = exports.add_parser("enrollments", help="xuất kết quả học tập trong phạm vi của bạn")
    q.add_argument("file", metavar="TỆP")
    q.add_argument("--format", choices=["xlsx", "csv"], help="mặc định theo đuôi tên tệp")
    q.add_argument("--class", dest="class_code", metavar="MÃ_LỚP", help="chỉ một lớp")
    q.set_defaults(handler=_export_file)


def register(subparsers) -> None:
    _register_files(subparsers)
    training = subparsers.add_parser("training", help="đào tạo, bồi dưỡng: lớp, quá trình học, giảng viên")
    commands = training.add_subparsers(dest="training_cmd", metavar="LỆNH")
    p = commands.add_parser("classes", help="liệt kê các lớp trong phạm vi của bạn")
    p.add_argument("--year", type=int, help="năm khai giảng")
    p.set_defaults(handler=_classes)
    p = commands.add_parser("history", help="quá trình đào tạo, bồi dưỡng của một người")
    p.add_argument("code", help="mã cán bộ")
    p.set_defaults(handler=_history)
    p = commands.add_parser("instructors", help="kiểm tra kinh nghiệm giảng viên và tỷ lệ thỉnh giảng")
    p.add_argument("--year", type=int, required=True)
    p.set_defaults(handler=_instructors)
