"""Core subcommands: migrate, serve, check and a passthrough to Django's manage commands."""

from __future__ import annotations


def _manage(args, actor) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dtbd", *args.rest])
    return 0


def _migrate(args, actor) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    return 0


def _serve(args, actor) -> int:
    from django.core.management import call_command

    call_command("runserver", args.addr, use_reloader=False)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("migrate", help="tạo, cập nhật cấu trúc cơ sở dữ liệu")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(handler=_migrate, needs_user=False)
    p = subparsers.add_parser("serve", help="chạy máy chủ web (mặc định 127.0.0.1:8000)")
    p.add_argument("addr", nargs="?", default="127.0.0.1:8000")
    p.set_defaults(handler=_serve, needs_user=False)
    p = subparsers.add_parser("manage", help="chạy một lệnh quản trị Django (ví dụ: dtbd manage check)")
    p.add_argument("rest", nargs="*")
    p.set_defaults(handler=_manage, needs_user=False)
