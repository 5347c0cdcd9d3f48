"""Core subcommands: migrate, serve (production server), dev (reloading development server) and a
passthrough to Django's manage commands."""

from __future__ import annotations

import argparse
import os
import re
import sys

from dtbd.cli import CommandError

DEFAULT_ADDR = "127.0.0.1:8000"
_ADDR = re.compile(r"^(?:(?P<host>\[[0-9a-fA-F:.]+\]|[^:\[\]]+):)?(?P<port>\d{1,5})$")


def default_workers() -> int:
    """Gunicorn's rule of thumb, 2 × cores + 1 (5 on the 2-core server the province runs)."""
    return 2 * (os.cpu_count() or 1) + 1


def _bind(addr: str) -> str:
    """``127.0.0.1:8000``, ``[::1]:8000``, ``0.0.0.0:8000`` or a bare port → gunicorn's --bind."""
    match = _ADDR.match(addr.strip())
    if not match or not 0 < int(match["port"]) < 65536:
        raise CommandError(f"Địa chỉ “{addr}” không hợp lệ: dùng dạng 127.0.0.1:8000 hoặc 8000.")
    return f"{match['host'] or '127.0.0.1'}:{match['port']}"


def gunicorn_argv(*, addr: str, workers: int, threads: int, timeout: int) -> list[str]:
    """The command ``dtbd serve`` replaces itself with. SIGTERM to it is gunicorn's graceful
    shutdown: workers finish the requests in flight (up to 30 s) and exit."""
    return [
        sys.executable, "-m", "gunicorn", "dtbd.wsgi:application",
        "--bind", _bind(addr),
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", str(timeout),
        "--graceful-timeout", "30",
        "--access-logfile", "-",
        "--error-logfile", "-",
        "--access-logformat", '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"',
        "--worker-tmp-dir", "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
    ]


def _manage(args, actor) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dtbd", *args.rest])
    return 0


def _migrate(args, actor) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    return 0


def _collect_static() -> None:
    """Demo and production serve hashed, compressed files from STATIC_ROOT: (re)collect them so a
    fresh clone or an upgrade never answers 404 for /static/. Takes well under a second."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.STATIC_MANIFEST:
        call_command("collectstatic", interactive=False, verbosity=0)


def _serve(args, actor) -> int:
    if args.workers < 1 or args.threads < 1:
        raise CommandError("--workers và --threads phải từ 1 trở lên.")
    argv = gunicorn_argv(addr=args.addr, workers=args.workers, threads=args.threads, timeout=args.timeout)
    _collect_static()
    # each gunicorn process sizes its PostgreSQL pool from its threads (settings: DTBD_THREADS)
    os.environ["DTBD_THREADS"] = str(args.threads)
    print(f"dtbd: máy chủ gunicorn tại http://{_bind(args.addr)}/ ({args.workers} tiến trình)", flush=True)
    os.execv(sys.executable, argv)
    return 0  # not reached


def _dev(args, actor) -> int:
    from django.core.management import call_command

    _collect_static()  # demo mode runs with DEBUG off: runserver then leaves /static/ to WhiteNoise
    call_command("runserver", args.addr, use_reloader=not args.no_reload)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("migrate", help="tạo, cập nhật cấu trúc cơ sở dữ liệu")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(handler=_migrate, needs_user=False)
    p = subparsers.add_parser("serve", help=f"chạy máy chủ web gunicorn (mặc định {DEFAULT_ADDR})")
    p.add_argument("addr", nargs="?", default=DEFAULT_ADDR, help="địa chỉ:cổng lắng nghe")
    p.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                   help=f"số tiến trình xử lý (mặc định 2 × số lõi + 1 = {default_workers()})")
    p.add_argument("--threads", type=int, default=1, metavar="N", help="số luồng mỗi tiến trình (mặc định 1)")
    p.add_argument("--timeout", type=int, default=120, metavar="GIÂY",
                   help="huỷ một yêu cầu chạy quá số giây này (mặc định 120)")
    p.set_defaults(handler=_serve, needs_user=False)
    p = subparsers.add_parser("dev", help=f"máy chủ phát triển của Django, tự nạp lại mã (mặc định {DEFAULT_ADDR})")
    p.add_argument("addr", nargs="?", default=DEFAULT_ADDR)
    p.add_argument("--no-reload", action="store_true", help="không tự nạp lại khi mã thay đổi")
    p.set_defaults(handler=_dev, needs_user=False)
    p = subparsers.add_parser("manage", help="chạy một lệnh quản trị Django (ví dụ: dtbd manage check --deploy)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(handler=_manage, needs_user=False)
