"""dtbd standards … : list standards, check a person's readiness, load standards from a YAML file."""

from __future__ import annotations

from dtbd.cli import CommandError


def _date(text: str | None):
    from django.utils import timezone

    from apps.core.vn import parse_date

    if not text:
        return timezone.localdate()
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CommandError(f"--at: {exc}.") from None


def _list(args, actor) -> int:
    from apps.core.vn import format_date
    from apps.standards.selectors import standards_list

    standards = standards_list()
    if not args.all:
        standards = standards.in_force(_date(args.at))
    for s in standards:
        subject = f"Ngạch {s.rank.name} ({s.rank.code})" if s.rank else f"Chức vụ {s.position.name} ({s.position.code})"
        period = f"{format_date(s.effective_from)} – {format_date(s.effective_to) or 'nay'}"
        default = " [mặc định, cần đối chiếu]" if s.is_configurable_default else ""
        print(f"{s.code:28} {subject} · {period}{default}")
        for r in s.requirements.all():
            print(f"    {r.get_dimension_display()}: {r.min_level.name}")
        if s.required_fostering:
            print(f"    Bồi dưỡng: {s.get_required_fostering_display()}")
        print(f"    Căn cứ: {s.legal_basis}")
    return 0


def _check(args, actor) -> int:
    from django.http import Http404

    from apps.core.vn import format_date
    from apps.people.models import Position, Rank
    from apps.people.selectors import person_for
    from apps.privacy.services import Kind, access_log_write
    from apps.standards import selectors

    at = _date(args.at)
    try:
        person = person_for(actor, args.code)
    except Http404:
        raise CommandError(f"Không có hồ sơ mã {args.code}.") from None
    if args.position:
        subject = Position.objects.filter(code=args.position).first()
        kind, label = {"position": subject}, "chức vụ"
    else:
        subject = Rank.objects.filter(code=args.rank).first()
        kind, label = {"rank": subject}, "ngạch"
    if subject is None:
        raise CommandError(f"Không có {label} mã {args.position or args.rank}.")
    access_log_write(actor=actor, kind=Kind.VIEW, what="Kiểm tra tiêu chuẩn", person=person)
    standard = selectors.standard_in_force(at=at, **kind)
    print(f"{person.full_name} ({person.code}) — {label} {subject.name}, ngày {format_date(at)}")
    if standard is None:
        print("Chưa có tiêu chuẩn có hiệu lực ngày này: không có yêu cầu nào.")
        return 0
    print(f"Tiêu chuẩn: {standard.name} (căn cứ {standard.legal_basis})")
    gaps = selectors.gaps_against(person, standard, at=at)
    if not gaps:
        print("Đủ điều kiện: đáp ứng mọi yêu cầu của tiêu chuẩn.")
    for gap in gaps:
        print(f"  - {gap.text}")
    return 0


def _load(args, actor) -> int:
    from django.core.exceptions import PermissionDenied, ValidationError

    from apps.standards.loading import LoadError, read_standards
    from apps.standards.services import standards_load

    try:
        items = read_standards(args.file)
        created, updated = standards_load(actor=actor, items=items)
    except LoadError as exc:
        raise CommandError("\n".join(exc.messages)) from None
    except ValidationError as exc:
        raise CommandError("\n".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    print(f"Đã nạp {len(items)} tiêu chuẩn: {created} mới, {updated} cập nhật.")
    return 0


def register(subparsers) -> None:
    standards = subparsers.add_parser("standards", help="tiêu chuẩn ngạch, chức vụ: xem, kiểm tra điều kiện, nạp")
    commands = standards.add_subparsers(dest="standards_cmd", metavar="LỆNH")
    p = commands.add_parser("list", help="các tiêu chuẩn có hiệu lực (mặc định: hôm nay)")
    p.add_argument("--at", help="ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")
    p.add_argument("--all", action="store_true", help="cả tiêu chuẩn đã hết hiệu lực")
    p.set_defaults(handler=_list)
    p = commands.add_parser("check", help="một người còn thiếu gì so với tiêu chuẩn của chức vụ hoặc ngạch")
    p.add_argument("code", help="mã cán bộ")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--position", help="mã chức vụ, ví dụ TRUONG_PHONG")
    target.add_argument("--rank", help="mã ngạch, ví dụ 01.002")
    p.add_argument("--at", help="ngày xét (mặc định: hôm nay)")
    p.set_defaults(handler=_check)
    p = commands.add_parser("load", help="nạp hoặc cập nhật tiêu chuẩn từ tệp YAML (tất cả hoặc không)")
    p.add_argument("file", help="tệp .yaml")
    p.set_defaults(handler=_load)
