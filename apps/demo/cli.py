"""dtbd demo: build the deterministic demo province (see apps.demo.province)."""

from __future__ import annotations

import sys

from apps.core.vn import format_number
from dtbd.cli import CommandError


def _print_accounts() -> None:
    from apps.demo.accounts import demo_accounts_lines

    print("\n".join(demo_accounts_lines()))


def _demo(args, actor) -> int:
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.db.models import ProtectedError

    from apps.demo.province import build_province, demo_reset
    from apps.people.models import Person

    existing = Person.objects.count()
    if args.if_empty and existing:
        print(f"Cơ sở dữ liệu đã có {format_number(existing)} hồ sơ: giữ nguyên, không tạo dữ liệu mẫu.")
        _print_accounts()
        return 0
    if settings.MODE == "production":
        raise CommandError("Không tạo dữ liệu mẫu ở chế độ production (DTBD_MODE=production).")
    if existing and not settings.DEMO_MODE:
        raise CommandError(f"Cơ sở dữ liệu đã có {format_number(existing)} hồ sơ. Chỉ tạo dữ liệu mẫu khi cơ sở "
                           f"dữ liệu chưa có hồ sơ nào, hoặc ở chế độ demo (DTBD_MODE=demo).")
    if args.reset and not settings.DEMO_MODE:
        raise CommandError("--reset chỉ dùng được ở chế độ demo (DTBD_MODE=demo).")
    if existing and not args.reset:
        raise CommandError(f"Cơ sở dữ liệu đã có {format_number(existing)} hồ sơ: dùng --reset để xóa toàn bộ hồ sơ, "
                           f"đơn vị, tài khoản mẫu và tạo lại.")
    if args.persons < 20:
        raise CommandError("--persons phải từ 20 trở lên.")
    try:
        if args.reset:
            print("Xóa hồ sơ, cây tổ chức và tài khoản mẫu cũ…", flush=True)
            demo_reset()
        build_province(persons=args.persons, seed=args.seed, stdout=sys.stdout)
    except ValidationError as exc:
        raise CommandError("Không tạo được dữ liệu mẫu: " + "; ".join(exc.messages)) from None
    except ProtectedError:
        raise CommandError("Không xóa được dữ liệu cũ: còn dữ liệu khác (khóa học, ghi danh…) tham chiếu đến "
                           "hồ sơ hoặc đơn vị.") from None
    _print_accounts()
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("demo", help="tạo tỉnh mẫu (dữ liệu giả lập, tất định theo --seed)")
    p.add_argument("--persons", type=int, default=60000, metavar="N", help="số hồ sơ (mặc định 60000)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="hạt giống ngẫu nhiên (mặc định 1)")
    p.add_argument("--if-empty", action="store_true",
                   help="nếu đã có hồ sơ thì không làm gì, chỉ in các tài khoản mẫu (dùng cho make run)")
    p.add_argument("--reset", action="store_true", help="xóa hồ sơ, cây tổ chức, tài khoản mẫu rồi tạo lại (chế độ demo)")
    p.set_defaults(handler=_demo, needs_user=False)
