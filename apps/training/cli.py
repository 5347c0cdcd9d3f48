"""dtbd training … : training records from the command line, through the same scoped selectors."""

from __future__ import annotations

from dtbd.cli import CommandError


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


def register(subparsers) -> None:
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
