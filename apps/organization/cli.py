"""dtbd units list | create | update | merge | move | dissolve | abolish-level | import.

Handlers parse arguments, look units up by code and call the services, which check rights
(``--as``) and validate; a ValidationError or PermissionDenied becomes a CommandError (exit 1).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dtbd.cli import CommandError

LEVEL_WORDS = {"province": "province", "tinh": "province", "district": "district", "huyen": "district",
               "commune": "commune", "xa": "commune"}


def _date(text: str | None, option: str):
    from django.utils import timezone

    from apps.core.vn import parse_date

    if not text:
        return timezone.localdate()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CommandError(f"{option}: {exc}.") from None


def _unit(code: str):
    from apps.organization.models import Unit

    unit = Unit.objects.filter(code=code).select_related("parent").first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã {code}.")
    return unit


def _level(text: str) -> str:
    from apps.core.vn import fold

    level = LEVEL_WORDS.get(fold(text).removeprefix("cap ").strip())
    if level is None:
        raise CommandError(f"Cấp “{text}” không hợp lệ (province/tinh, district/huyen, commune/xa).")
    return level


def _run(action):
    """Call ``action()``, turning service refusals into CommandError."""
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        return action()
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    except ValidationError as exc:
        raise CommandError("\n".join(exc.messages)) from None


# --- handlers -----------------------------------------------------------------------------------

def _list(args, actor) -> int:
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.organization import selectors

    scope = scope_of(actor)
    if not scope.can(Perm.VIEW_UNITS):
        raise CommandError("Tài khoản này không xem được sơ đồ tổ chức.")
    day = _date(args.at, "--at")
    rows = selectors.unit_tree_rows(day, root_ids=scope.roots)
    if args.json:
        from apps.organization.models import Unit

        parents = selectors.parent_map(day)
        codes = dict(Unit.objects.filter(id__in={p for p in parents.values() if p}).values_list("id", "code"))
        data = [{"code": u.code, "name": u.name, "level": u.level, "kind": u.kind, "depth": depth,
                 "parent": codes.get(parents.get(u.pk) or 0), "valid_from": _iso(u.valid_from),
                 "valid_to": _iso(u.valid_to), "successor": u.successor.code if u.successor else None,
                 "is_remote": u.is_remote, "is_especially_difficult": u.is_especially_difficult,
                 "is_ethnic_minority_area": u.is_ethnic_minority_area, "ethnic_languages": u.language_list}
                for u, depth in rows]
        print(json.dumps({"date": day.isoformat(), "units": data}, ensure_ascii=False, indent=2))
        return 0
    print(f"Sơ đồ tổ chức ngày {day:%d/%m/%Y} ({len(rows)} đơn vị)")
    for unit, depth in rows:
        print(f"{'  ' * depth}{unit.name} [{unit.code}] — {unit.get_level_display()}")
    return 0


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _create(args, actor) -> int:
    from apps.organization.services import unit_create

    parent = _unit(args.parent) if args.parent else None
    unit = _run(lambda: unit_create(
        actor=actor, code=args.code, name=args.name, level=_level(args.level), kind=args.kind, parent=parent,
        valid_from=_date(args.valid_from, "--from") if args.valid_from else None, decision=args.decision or "",
        is_remote=args.remote, is_especially_difficult=args.difficult,
        is_ethnic_minority_area=args.ethnic_area, ethnic_languages=args.languages or "",
    ))
    print(f"Đã tạo đơn vị {unit}.")
    return 0


def _update(args, actor) -> int:
    from apps.organization.services import unit_update

    unit = _unit(args.code)
    changes = {k: v for k, v in {
        "name": args.name, "kind": args.kind, "is_remote": args.remote, "is_especially_difficult": args.difficult,
        "is_ethnic_minority_area": args.ethnic_area, "ethnic_languages": args.languages,
    }.items() if v is not None}
    _run(lambda: unit_update(actor=actor, unit=unit, **changes))
    print(f"Đã cập nhật đơn vị {unit}.")
    return 0


def _merge(args, actor) -> int:
    from apps.organization.models import Unit
    from apps.organization.services import check_can_restructure, unit_merge, unit_merge_into_new
    from apps.people.selectors import people_moving_count

    _run(lambda: check_can_restructure(actor))  # a dry run tells what a merger would do: same right

    on = _date(args.on, "--on")
    sources = [_unit(code) for code in args.sources]
    existing = Unit.objects.filter(code=args.into).first()
    if existing is None and not args.new_name:
        raise CommandError(f"Không có đơn vị mã {args.into} (dùng --new-name để tạo đơn vị mới).")
    if existing is not None and args.new_name:
        raise CommandError(f"Đơn vị mã {args.into} đã tồn tại; bỏ --new-name để sáp nhập vào đơn vị này.")
    count = people_moving_count([s.pk for s in sources], on)
    if args.dry_run:
        print(f"Sẽ sáp nhập {len(sources)} đơn vị vào {args.into} từ ngày {on:%d/%m/%Y}; {count} người chuyển đơn vị.")
        return 0
    if existing is None:
        event = _run(lambda: unit_merge_into_new(actor=actor, sources=sources, code=args.into, name=args.new_name,
                                                 on=on, decision=args.decision or ""))
    else:
        event = _run(lambda: unit_merge(actor=actor, sources=sources, target=existing, on=on,
                                        decision=args.decision or ""))
    print(f"Đã sáp nhập {', '.join(s.code for s in sources)} vào {event.target} từ ngày {on:%d/%m/%Y}; "
          f"{event.people_moved} người chuyển đơn vị.")
    return 0


def _move(args, actor) -> int:
    from apps.organization.services import unit_move

    unit, parent, on = _unit(args.code), _unit(args.to), _date(args.on, "--on")
    _run(lambda: unit_move(actor=actor, unit=unit, new_parent=parent, on=on, decision=args.decision or ""))
    print(f"Đã chuyển {unit.code} vào trực thuộc {parent.code} từ ngày {on:%d/%m/%Y}.")
    return 0


def _dissolve(args, actor) -> int:
    from apps.organization.services import unit_dissolve

    unit, on = _unit(args.code), _date(args.on, "--on")
    _run(lambda: unit_dissolve(actor=actor, unit=unit, on=on, decision=args.decision or ""))
    print(f"Đã giải thể {unit.code} từ ngày {on:%d/%m/%Y}.")
    return 0


MAP_HEADERS = ("Mã đơn vị bị bỏ", "Mã đơn vị kế thừa")


def read_successor_map(path: Path) -> dict[str, str]:
    """{abolished code: successor code} from a csv/xlsx with the two MAP_HEADERS columns."""
    from apps.core.vn import fold
    from apps.people.io.reading import FileRejected, open_table

    try:
        with open_table(path, path.name) as table:
            headers = [fold(str(h or "")) for h in table.headers]
            wanted = [fold(h) for h in MAP_HEADERS]
            if not all(h in headers for h in wanted):
                raise CommandError(f"Tệp {path.name} cần hai cột “{MAP_HEADERS[0]}” và “{MAP_HEADERS[1]}”.")
            old_i, new_i = (headers.index(h) for h in wanted)
            mapping: dict[str, str] = {}
            for number, cells in table.rows:
                old = str(cells[old_i] or "").strip() if old_i < len(cells) else ""
                new = str(cells[new_i] or "").strip() if new_i < len(cells) else ""
                if not old and not new:
                    continue
                if not old or not new:
                    raise CommandError(f"Dòng {number}: cần đủ mã đơn vị bị bỏ và mã đơn vị kế thừa.")
                if old in mapping:
                    raise CommandError(f"Dòng {number}, cột {MAP_HEADERS[0]}: mã {old} xuất hiện hai lần.")
                mapping[old] = new
    except FileRejected as exc:
        raise CommandError(str(exc)) from None
    return mapping


def _abolish_level(args, actor) -> int:
    from apps.organization.models import Level, Unit
    from apps.organization.services import unit_abolish_level

    level, on, path = _level(args.level), _date(args.on, "--on"), Path(args.map)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    mapping = read_successor_map(path)
    units = {u.code: u for u in Unit.objects.filter(code__in=set(mapping) | set(mapping.values()))}
    unknown = sorted(c for c in set(mapping) | set(mapping.values()) if c not in units)
    if unknown:
        raise CommandError(f"Không có đơn vị mã: {', '.join(unknown)}.")
    successors = {units[old].pk: units[new] for old, new in mapping.items()}
    event = _run(lambda: unit_abolish_level(actor=actor, level=level, on=on, successors=successors,
                                            decision=args.decision or ""))
    print(f"Đã bỏ {event.sources.count()} đơn vị {Level(level).label.lower()} từ ngày {on:%d/%m/%Y}; "
          f"{event.people_moved} người chuyển đơn vị.")
    return 0


def _import(args, actor) -> int:
    from apps.organization.importing import ImportFailed, units_import

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    try:
        result = _run(lambda: units_import(actor=actor, source=path, filename=path.name))
    except ImportFailed as exc:
        raise CommandError(f"Tệp {path.name} không được nhập ({len(exc.errors)} lỗi, dữ liệu không thay đổi):\n"
                           + "\n".join(exc.lines())) from None
    print(result.summary)
    return 0


# --- parser -------------------------------------------------------------------------------------

def _flags(p: argparse.ArgumentParser, *, optional: bool) -> None:
    kwargs = {"action": argparse.BooleanOptionalAction, "default": None} if optional else {"action": "store_true"}
    p.add_argument("--remote", help="vùng sâu, vùng xa", **kwargs)  # type: ignore[arg-type]
    p.add_argument("--difficult", help="vùng đặc biệt khó khăn", **kwargs)  # type: ignore[arg-type]
    p.add_argument("--ethnic-area", help="vùng đồng bào dân tộc thiểu số", **kwargs)  # type: ignore[arg-type]
    p.add_argument("--languages", help="tiếng dân tộc sử dụng tại địa bàn, ví dụ Khmer,Hoa")


def register(subparsers) -> None:
    kinds = ["party", "state", "public_service", "socio_political", "council"]
    units = subparsers.add_parser("units", help="cơ quan, đơn vị và sắp xếp tổ chức").add_subparsers(
        dest="units_cmd", metavar="LỆNH")

    p = units.add_parser("list", help="sơ đồ tổ chức tại một ngày (mặc định hôm nay)")
    p.add_argument("--at", metavar="NGÀY", help="dd/mm/yyyy hoặc YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="in ra JSON")
    p.set_defaults(handler=_list)

    p = units.add_parser("create", help="thành lập đơn vị")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("name", metavar="TÊN")
    p.add_argument("--level", required=True, help="province/tinh, district/huyen, commune/xa")
    p.add_argument("--kind", required=True, choices=kinds)
    p.add_argument("--parent", metavar="MÃ_CẤP_TRÊN")
    p.add_argument("--from", dest="valid_from", metavar="NGÀY", help="hiệu lực từ ngày")
    p.add_argument("--decision", metavar="SỐ_QĐ")
    _flags(p, optional=False)
    p.set_defaults(handler=_create)

    p = units.add_parser("update", help="sửa tên, loại hình, địa bàn của đơn vị")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--name", metavar="TÊN")
    p.add_argument("--kind", choices=kinds)
    _flags(p, optional=True)
    p.set_defaults(handler=_update)

    p = units.add_parser("merge", help="hợp nhất, sáp nhập đơn vị")
    p.add_argument("sources", nargs="+", metavar="MÃ_BỊ_SÁP_NHẬP")
    p.add_argument("--into", required=True, metavar="MÃ_TIẾP_NHẬN")
    p.add_argument("--new-name", metavar="TÊN", help="tạo đơn vị tiếp nhận mới với mã --into và tên này")
    p.add_argument("--on", required=True, metavar="NGÀY", help="ngày có hiệu lực")
    p.add_argument("--decision", metavar="SỐ_QĐ")
    p.add_argument("--dry-run", action="store_true", help="chỉ cho biết bao nhiêu người sẽ chuyển")
    p.set_defaults(handler=_merge)

    p = units.add_parser("move", help="chuyển đơn vị sang trực thuộc đơn vị khác")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--to", required=True, metavar="MÃ_CẤP_TRÊN_MỚI")
    p.add_argument("--on", required=True, metavar="NGÀY")
    p.add_argument("--decision", metavar="SỐ_QĐ")
    p.set_defaults(handler=_move)

    p = units.add_parser("dissolve", help="giải thể đơn vị không còn người, không còn đơn vị trực thuộc")
    p.add_argument("code", metavar="MÃ")
    p.add_argument("--on", required=True, metavar="NGÀY")
    p.add_argument("--decision", metavar="SỐ_QĐ")
    p.set_defaults(handler=_dissolve)

    p = units.add_parser("abolish-level", help="bỏ một cấp hành chính (ví dụ cấp huyện từ 01/07/2025)")
    p.add_argument("level", metavar="CẤP", help="district/huyen …")
    p.add_argument("--on", required=True, metavar="NGÀY")
    p.add_argument("--map", required=True, metavar="TỆP",
                   help="csv/xlsx hai cột “Mã đơn vị bị bỏ”, “Mã đơn vị kế thừa”")
    p.add_argument("--decision", metavar="SỐ_QĐ")
    p.set_defaults(handler=_abolish_level)

    p = units.add_parser("import", help="nhập danh sách đơn vị từ .xlsx hoặc .csv (tất cả hoặc không gì cả)")
    p.add_argument("file", metavar="TỆP")
    p.set_defaults(handler=_import)


__all__ = ["register", "read_successor_map"]
