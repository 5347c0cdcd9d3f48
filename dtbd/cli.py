"""The ``dtbd`` command: one entry point for every operation.

Each app contributes subcommands from its ``cli.py`` (a ``register(subparsers)`` function); a
subcommand's handler receives the parsed arguments and the acting user (``--as USERNAME``, or the
built-in system account) and calls the same services and scoped selectors as the web UI.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

APP_CLIS = [
    "apps.core.cli",
    "apps.core.worker_cli",
    "apps.organization.cli",
    "apps.people.cli",
    "apps.accounts.cli",
    "apps.training.cli",
    "apps.plans.cli",
    "apps.standards.cli",
    "apps.targets.cli",
    "apps.demo.cli",
    "apps.backup.cli",
    "apps.roadmap.cli",
    "apps.annual.cli",
    "apps.evaluation.cli",
    "apps.reports.cli",
    "apps.catalogues.cli",
    "apps.results.cli",
]


class CommandError(Exception):
    """Raised by handlers to exit with status 1 and a Vietnamese message."""


def command_family(subparsers, name: str, help: str):
    """The sub-subcommands of ``dtbd NAME`` (e.g. ``import``), created by the first app that asks:
    several apps add their own kinds (``dtbd import people``, ``dtbd import classes``)."""
    families = subparsers.__dict__.setdefault("dtbd_families", {})
    if name not in families:
        families[name] = subparsers.add_parser(name, help=help).add_subparsers(dest=f"{name}_what", metavar="LOẠI")
    return families[name]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django
    from django.apps import apps

    if not apps.ready:  # a second setup would re-bind the log handlers to whatever stderr is now
        django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dtbd",
        description="dtbd — quản lý đào tạo, bồi dưỡng cán bộ, công chức, viên chức.",
    )
    parser.add_argument("--as", dest="run_as", metavar="TÀI_KHOẢN",
                        help="thực hiện với quyền của tài khoản này (mặc định: tài khoản hệ thống)")
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH")
    for module_name in APP_CLIS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        module.register(subparsers)
    return parser


def acting_user(username: str | None):
    """The user a CLI run acts as; without ``--as``, the system account (Department rights)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if username:
        try:
            return User.objects.select_related("profile").get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"Không có tài khoản “{username}”.") from None
    from apps.accounts.services import system_user

    return system_user()


def _missing_table(exc: Exception) -> bool:
    """A database error saying a table does not exist (SQLite: "no such table"; PostgreSQL: an
    undefined table, SQLSTATE 42P01)."""
    cause = exc.__cause__
    return "no such table" in str(exc) or getattr(cause, "sqlstate", None) == "42P01"


def main(argv: list[str] | None = None) -> int:
    _setup_django()
    from django.core.exceptions import PermissionDenied
    from django.db import DatabaseError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        needs_user = getattr(args, "needs_user", True)
        actor = acting_user(args.run_as) if needs_user else None
        if actor is not None:
            from apps.accounts.access import bind_scope

            bind_scope(actor)  # one scope for the whole command, as for a web request
        result = args.handler(args, actor)
    except (CommandError, PermissionDenied) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except DatabaseError as exc:
        if not _missing_table(exc):
            raise
        print("Cơ sở dữ liệu chưa có các bảng của dtbd (chưa chạy migrate): hãy chạy `dtbd migrate` trước.",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
