"""dtbd backup FILE / dtbd restore FILE [--force]: the whole database in one portable file."""

from __future__ import annotations

import time
from pathlib import Path

from dtbd.cli import CommandError


def operator(run_as: str | None):
    """The account a backup or restore runs as: the system account (no ``--as``) or a Sở Nội vụ
    account; anyone else is refused. Returns SYSTEM for the system account (not the built-in
    account row, which a restore must not create in the database it is about to fill)."""
    from apps.accounts.access import SYSTEM, scope_of
    from apps.accounts.permissions import Perm

    if not run_as:
        return SYSTEM
    from dtbd.cli import acting_user

    user = acting_user(run_as)
    if not scope_of(user).can(Perm.BACKUP):
        raise CommandError(f"Tài khoản “{run_as}” không có quyền sao lưu, khôi phục dữ liệu: "
                           "chỉ tài khoản hệ thống hoặc Sở Nội vụ được làm việc này.")
    return user


def _backup(args, actor) -> int:
    from apps.backup.services import BackupError, backup_create

    user = operator(args.run_as)
    started = time.monotonic()
    try:
        summary = backup_create(actor=user, path=Path(args.file))
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    size = summary.path.stat().st_size / 1e6
    print(f"Đã sao lưu {summary.rows:,} dòng của {len(summary.tables)} bảng vào {summary.path} "
          f"({size:.1f} MB, {time.monotonic() - started:.1f} giây).")
    return 0


def _restore(args, actor) -> int:
    from apps.backup.services import BackupError, backup_restore

    user = operator(args.run_as)
    started = time.monotonic()
    try:
        summary = backup_restore(actor=user, path=Path(args.file), force=args.force)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    print(f"Đã khôi phục {summary.rows:,} dòng của {len(summary.tables)} bảng từ {summary.path} "
          f"(sao lưu lúc {summary.header.get('created')}, {time.monotonic() - started:.1f} giây).")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="sao lưu toàn bộ cơ sở dữ liệu vào một tệp")
    p.add_argument("file", metavar="TỆP")
    p.set_defaults(handler=_backup, needs_user=False)
    p = subparsers.add_parser("restore", help="khôi phục cơ sở dữ liệu từ tệp sao lưu (tất cả hoặc không)")
    p.add_argument("file", metavar="TỆP")
    p.add_argument("--force", action="store_true", help="xoá dữ liệu đang có trước khi khôi phục")
    p.set_defaults(handler=_restore, needs_user=False)
