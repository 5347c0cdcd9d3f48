"""dtbd catalogues list|add|edit|retire|restore|import|export: the reference data (Sở Nội vụ).

Values are given as ``--set FIELD=VALUE`` with the field's name (``--set name="Phó Trưởng khoa"``)
or its Vietnamese header, written as in the spreadsheet (Có/Không, a choice's label or code)."""

from __future__ import annotations

import json
from pathlib import Path

from dtbd.cli import CommandError


def _cat(key: str):
    from apps.catalogues.registry import CATALOGUES

    if key not in CATALOGUES:
        raise CommandError(f"Không có danh mục “{key}” (có: {', '.join(CATALOGUES)}).")
    return CATALOGUES[key]


def _values(cat, pairs: list[str]) -> dict:
    from apps.catalogues import files
    from apps.core.tabular import header_key

    names = {header_key(c.header): c.key for c in files.columns(cat)} | {c.key: c.key for c in files.columns(cat)}
    values = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        key = names.get(name.strip()) or names.get(header_key(name))
        if not sep or key is None:
            raise CommandError(f"--set {pair}: cần dạng TRƯỜNG=GIÁ_TRỊ với một trường của danh mục "
                               f"({', '.join(c.key for c in files.columns(cat))}).")
        try:
            values[key] = files._cell(cat, key, text)
        except ValueError as exc:
            raise CommandError(f"--set {name}: {exc}.") from None
    return values


def _save(cat, actor, values, obj=None):
    from django.core.exceptions import ValidationError

    from apps.catalogues.services import reference_save

    try:
        return reference_save(actor=actor, cat=cat, values=values, obj=obj)
    except ValidationError as exc:
        raise CommandError("; ".join(f"{cat.header(k) if k in cat.fields else k}: {' '.join(v)}"
                                     for k, v in exc.message_dict.items())) from None


def _get(cat, code):
    obj = cat.model._default_manager.filter(code=code).first()
    if obj is None:
        raise CommandError(f"Danh mục {cat.key} không có mã {code}.")
    return obj


def _list(args, actor) -> int:
    from apps.catalogues import files
    from apps.catalogues.services import check_can_manage

    check_can_manage(actor)
    cat = _cat(args.key)
    rows = list(files.export_rows(cat))
    body = rows[1:]
    if not args.all:
        body = [r for r in body if r[-1] == "Có"]
    if args.json:
        print(json.dumps([dict(zip([c.key for c in files.columns(cat)], r, strict=True)) for r in body],
                         ensure_ascii=False, indent=2))
        return 0
    for r in body:
        print("  ".join(r[:2]) + ("" if r[-1] == "Có" else "  [ngừng dùng]"))
    print(f"{len(body)} giá trị.")
    return 0


def _add(args, actor) -> int:
    cat = _cat(args.key)
    obj = _save(cat, actor, {"code": args.code, **_values(cat, args.set or [])})
    print(f"Đã thêm {cat.noun} {obj.code}: {obj}.")
    return 0


def _edit(args, actor) -> int:
    cat = _cat(args.key)
    obj = _save(cat, actor, _values(cat, args.set or []), obj=_get(cat, args.code))
    print(f"Đã lưu {cat.noun} {obj.code}: {obj}.")
    return 0


def _active(args, actor) -> int:
    from apps.catalogues.services import reference_set_active

    cat = _cat(args.key)
    obj = reference_set_active(actor=actor, cat=cat, obj=_get(cat, args.code), active=args.active)
    print(f"{'Đã dùng lại' if args.active else 'Đã ngừng dùng'} {cat.noun} {obj.code}.")
    return 0


def _import(args, actor) -> int:
    from apps.catalogues.files import ImportFailed, reference_import

    cat = _cat(args.key)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    try:
        result = reference_import(actor=actor, cat=cat, source=path, filename=path.name, dry_run=args.dry_run)
    except ImportFailed as exc:
        raise CommandError(f"Tệp {path.name} không được nhập ({exc.total} lỗi, dữ liệu không thay đổi):\n"
                           + "\n".join(exc.lines())) from None
    print(result.summary)
    return 0


def _export(args, actor) -> int:
    from apps.catalogues.files import reference_export

    path = Path(args.file)
    path.write_bytes(reference_export(actor=actor, cat=_cat(args.key)).content)
    print(f"Đã xuất ra {path}.")
    return 0


def register(subparsers) -> None:
    from apps.catalogues.registry import CATALOGUES

    keys = ", ".join(CATALOGUES)
    family = subparsers.add_parser("catalogues", help="danh mục dùng chung: chức vụ, ngạch, chương trình…").add_subparsers(
        dest="catalogues_cmd", metavar="LỆNH")
    p = family.add_parser("list", help="liệt kê một danh mục")
    p.add_argument("key", metavar="DANH_MỤC", help=keys)
    p.add_argument("--all", action="store_true", help="cả giá trị đã ngừng dùng")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)
    p = family.add_parser("add", help="thêm một giá trị")
    p.add_argument("key", metavar="DANH_MỤC", help=keys)
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--set", action="append", metavar="TRƯỜNG=GIÁ_TRỊ")
    p.set_defaults(handler=_add)
    p = family.add_parser("edit", help="sửa một giá trị (mã không đổi)")
    p.add_argument("key", metavar="DANH_MỤC", help=keys)
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--set", action="append", metavar="TRƯỜNG=GIÁ_TRỊ")
    p.set_defaults(handler=_edit)
    for name, active, text in (("retire", False, "ngừng dùng (hồ sơ cũ vẫn giữ)"), ("restore", True, "dùng lại")):
        p = family.add_parser(name, help=text)
        p.add_argument("key", metavar="DANH_MỤC", help=keys)
        p.add_argument("code", metavar="MÃ")
        p.set_defaults(handler=_active, active=active)
    p = family.add_parser("import", help="nhập danh mục từ .xlsx hoặc .csv (tất cả hoặc không gì cả)")
    p.add_argument("key", metavar="DANH_MỤC", help=keys)
    p.add_argument("file", metavar="TỆP")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(handler=_import)
    p = family.add_parser("export", help="xuất danh mục ra .xlsx")
    p.add_argument("key", metavar="DANH_MỤC", help=keys)
    p.add_argument("file", metavar="TỆP")
    p.set_defaults(handler=_export)
