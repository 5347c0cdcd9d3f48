"""dtbd import people FILE / dtbd export people FILE (xlsx or csv, chosen by the extension)."""

from __future__ import annotations

import sys
from pathlib import Path

from dtbd.cli import CommandError, command_family


def _import_people(args, actor) -> int:
    from django.core.exceptions import PermissionDenied

    from apps.people.io.importing import ImportFailed, people_import

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    try:
        result = people_import(actor=actor, source=path, filename=path.name, dry_run=args.dry_run)
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    except ImportFailed as exc:
        lines = exc.lines(limit=args.max_errors)
        raise CommandError(f"Tệp {path.name} không được nhập ({exc.total} lỗi, dữ liệu không thay đổi):\n"
                           + "\n".join(lines)) from None
    if result.ignored_columns:
        print("Bỏ qua các cột không nhận ra: " + ", ".join(result.ignored_columns), file=sys.stderr)
    print(result.summary)
    return 0


def _export_people(args, actor) -> int:
    from django.core.exceptions import PermissionDenied

    from apps.people.io.exporting import people_export

    path = Path(args.file)
    fmt = args.format or path.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "csv"):
        raise CommandError("Tên tệp phải có đuôi .xlsx hoặc .csv (hoặc dùng --format).")
    try:
        export = people_export(actor=actor, fmt=fmt)
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    path.write_bytes(export.content)
    print(f"Đã xuất ra {path}.")
    return 0


def register(subparsers) -> None:
    p = command_family(subparsers, "import", help="nhập dữ liệu từ tệp")
    q = p.add_parser("people", help="nhập danh sách nhân sự từ .xlsx hoặc .csv (tất cả hoặc không gì cả)")
    q.add_argument("file", metavar="TỆP")
    q.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    q.add_argument("--max-errors", type=int, default=200, metavar="N", help="số lỗi tối đa được in (mặc định 200)")
    q.set_defaults(handler=_import_people)
    p = command_family(subparsers, "export", help="xuất dữ liệu ra tệp")
    q = p.add_parser("people", help="xuất danh sách nhân sự trong phạm vi của bạn ra .xlsx hoặc .csv")
    q.add_argument("file", metavar="TỆP")
    q.add_argument("--format", choices=["xlsx", "csv"], help="mặc định theo đuôi tên tệp")
    q.set_defaults(handler=_export_people)
    from apps.people import seats_cli

    seats_cli.register(subparsers)
