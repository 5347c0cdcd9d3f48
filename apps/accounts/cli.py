"""dtbd users …"""

from __future__ import annotations

from dtbd.cli import CommandError


def _create(args, actor) -> int:
    from django.core.exceptions import PermissionDenied, ValidationError

    from apps.accounts.services import user_create
    from apps.organization.models import Unit
    from apps.people.models import Person

    unit = Unit.objects.filter(code=args.unit).first() if args.unit else None
    if args.unit and unit is None:
        raise CommandError(f"Không có đơn vị mã {args.unit}.")
    person = Person.objects.filter(code=args.person).first() if args.person else None
    if args.person and person is None:
        raise CommandError(f"Không có hồ sơ mã {args.person}.")
    instructor = None
    if args.instructor is not None:
        from apps.training.models import Instructor

        instructor = Instructor.objects.filter(pk=args.instructor).select_related("provider").first()
        if instructor is None:
            raise CommandError(f"Không có giảng viên số {args.instructor}.")
    try:
        user_create(actor=actor, username=args.username, password=args.password, role=args.role,
                    full_name=args.name or (instructor.full_name if instructor else ""), unit=unit, person=person,
                    instructor=instructor)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from None
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    print(f"Đã tạo tài khoản {args.username}.")
    return 0


def _list(args, actor) -> int:
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm
    from apps.accounts.services import accounts_visible_to

    scope_of(actor).require(Perm.MANAGE_USERS)
    for user in accounts_visible_to(actor).order_by("username"):
        p = getattr(user, "profile", None)
        role = p.get_role_display() if p else "(không vai trò)"
        anchor = p.unit.code if p and p.unit else (p.person.code if p and p.person else "")
        if p and p.instructor_id:
            anchor = f"giảng viên số {p.instructor_id}"
        state = "" if user.is_active else "  [đã khóa]"
        print(f"{user.username:24} {role:32} {anchor}{state}")
    return 0


def register(subparsers) -> None:
    users = subparsers.add_parser("users", help="quản lý tài khoản").add_subparsers(dest="users_cmd", metavar="LỆNH")
    p = users.add_parser("create", help="tạo tài khoản")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["home_affairs", "agency_officer", "leader", "provider", "learner",
                                                   "instructor"])
    p.add_argument("--password")
    p.add_argument("--name")
    p.add_argument("--unit", help="mã đơn vị (cán bộ tổ chức)")
    p.add_argument("--person", help="mã hồ sơ (học viên)")
    p.add_argument("--instructor", type=int, help="số của giảng viên trong danh mục (tài khoản giảng viên)")
    p.set_defaults(handler=_create)
    p = users.add_parser("list", help="liệt kê tài khoản")
    p.set_defaults(handler=_list)
