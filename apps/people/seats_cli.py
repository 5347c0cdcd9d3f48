"""dtbd people seats list|add|end|remove: People's Council delegates (đại biểu HĐND)."""

from __future__ import annotations

import json

from dtbd.cli import CommandError, command_family


def _day(text: str | None, what: str):
    from apps.core.vn import parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CommandError(f"{what}: {exc}.") from None


def _person(actor, code: str):
    from django.http import Http404

    from apps.people.selectors import person_for

    try:
        return person_for(actor, code)
    except Http404:
        raise CommandError(f"Không có hồ sơ mã {code} (hoặc ngoài phạm vi quản lý của bạn).") from None


def _seat(actor, code: str, term: str, council: str | None):
    from apps.people.council import normal_term, term_problem

    person = _person(actor, code)
    if reason := term_problem(term):
        raise CommandError(reason[0].upper() + reason[1:] + ".")
    seats = person.council_seats.filter(term=normal_term(term)).select_related("council", "person")
    if council:
        seats = seats.filter(council__code__iexact=council)
    found = list(seats)
    if not found:
        raise CommandError(f"{person.full_name} ({person.code}) không có ghế đại biểu HĐND nhiệm kỳ {term}"
                           + (f" của {council}." if council else "."))
    if len(found) > 1:
        raise CommandError("Người này có nhiều ghế trong nhiệm kỳ này; hãy ghi --council MÃ_HĐND.")
    return found[0]


def _validation_error(exc) -> CommandError:
    return CommandError(" ".join(exc.messages))


def _list(args, actor) -> int:
    from apps.core.vn import format_date
    from apps.people.selectors import council_seats_visible_to
    from apps.privacy.services import Kind, access_log_write

    seats = list(council_seats_visible_to(actor, code=args.code or "", term=args.term or ""))
    access_log_write(actor=actor, kind=Kind.VIEW, what="Danh sách đại biểu HĐND (dòng lệnh)",
                     filters={"ma": args.code or "", "nhiem_ky": args.term or ""}, count=len(seats))
    if args.json:
        print(json.dumps([{"code": s.person.code, "full_name": s.person.full_name, "council": s.council.code,
                           "council_name": s.council.name, "term": s.term, "from": s.valid_from.isoformat(),
                           "to": s.valid_to.isoformat() if s.valid_to else None} for s in seats],
                         ensure_ascii=False, indent=2))
        return 0
    for s in seats:
        until = format_date(s.valid_to) if s.valid_to else "nay"
        print(f"{s.term}  {s.council.code:12} {s.person.code:12} {s.person.full_name} "
              f"({format_date(s.valid_from)} – {until})")
    print(f"{len(seats)} ghế đại biểu.")
    return 0


def _add(args, actor) -> int:
    from django.core.exceptions import ValidationError

    from apps.organization.models import Unit
    from apps.people.council import CouncilIndex
    from apps.people.services import council_seat_add

    person = _person(actor, args.code)
    council, reason = CouncilIndex().resolve(args.council, person.unit_id)
    if council is None:
        raise CommandError(f"--council: {reason}.")
    try:
        seat = council_seat_add(actor=actor, person=person, council=Unit.objects.get(pk=council.id), term=args.term,
                                valid_from=_day(args.from_date, "--from"), valid_to=_day(args.to_date, "--to"))
    except ValidationError as exc:
        raise _validation_error(exc) from None
    print(f"Đã ghi: {person.full_name} ({person.code}) là đại biểu {seat.council.name} nhiệm kỳ {seat.term}.")
    return 0


def _end(args, actor) -> int:
    from django.core.exceptions import ValidationError

    from apps.people.services import council_seat_end

    seat = _seat(actor, args.code, args.term, args.council)
    try:
        council_seat_end(actor=actor, seat=seat, on=_day(args.on, "--on"), reason=args.reason or "")
    except ValidationError as exc:
        raise _validation_error(exc) from None
    print(f"Đã ghi: ghế đại biểu {seat.council.name} nhiệm kỳ {seat.term} của {seat.person.full_name} "
          f"kết thúc ngày {seat.valid_to:%d/%m/%Y}.")
    return 0


def _remove(args, actor) -> int:
    from apps.people.services import council_seat_remove

    seat = _seat(actor, args.code, args.term, args.council)
    council_seat_remove(actor=actor, seat=seat)
    print(f"Đã xóa ghế đại biểu {seat.council.name} nhiệm kỳ {seat.term} của {seat.person.full_name}.")
    return 0


def register(subparsers) -> None:
    family = command_family(subparsers, "people", help="hồ sơ nhân sự")
    seats = family.add_parser("seats", help="đại biểu HĐND theo nhiệm kỳ").add_subparsers(
        dest="seats_cmd", metavar="LỆNH")
    p = seats.add_parser("list", help="liệt kê ghế đại biểu HĐND trong phạm vi của bạn")
    p.add_argument("--code", metavar="MÃ_CÁN_BỘ")
    p.add_argument("--term", metavar="NHIỆM_KỲ", help="ví dụ 2021-2026")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)
    p = seats.add_parser("add", help="ghi một ghế đại biểu HĐND")
    p.add_argument("code", metavar="MÃ_CÁN_BỘ")
    p.add_argument("--term", required=True, metavar="NHIỆM_KỲ", help="ví dụ 2026-2031")
    p.add_argument("--council", default="Tỉnh", metavar="CẤP_HOẶC_MÃ",
                   help="Tỉnh, Huyện, Xã (HĐND cấp đó nơi người này công tác) hoặc mã đơn vị của HĐND")
    p.add_argument("--from", dest="from_date", required=True, metavar="dd/mm/yyyy")
    p.add_argument("--to", dest="to_date", metavar="dd/mm/yyyy")
    p.set_defaults(handler=_add)
    p = seats.add_parser("end", help="ghi ngày cuối cùng của một ghế đại biểu")
    p.add_argument("code", metavar="MÃ_CÁN_BỘ")
    p.add_argument("--term", required=True, metavar="NHIỆM_KỲ")
    p.add_argument("--council", metavar="MÃ_HĐND", help="khi người này có nhiều ghế trong nhiệm kỳ")
    p.add_argument("--on", required=True, metavar="dd/mm/yyyy")
    p.add_argument("--reason", metavar="LÝ_DO")
    p.set_defaults(handler=_end)
    p = seats.add_parser("remove", help="xóa một ghế ghi nhầm")
    p.add_argument("code", metavar="MÃ_CÁN_BỘ")
    p.add_argument("--term", required=True, metavar="NHIỆM_KỲ")
    p.add_argument("--council", metavar="MÃ_HĐND")
    p.set_defaults(handler=_remove)
