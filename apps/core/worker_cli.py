"""``dtbd worker``: runs the background tasks queued in the database (django-tasks-db's
``db_worker``). On SIGTERM or Ctrl+C it finishes the task in hand and exits (a second signal
stops it at once). Several workers may run side by side: each claims a task under a row lock."""

from __future__ import annotations


def _worker(args, actor) -> int:
    from django.core.management import call_command

    from apps.core.tasks import housekeeping_schedule
    from apps.notifications.tasks import reminders_schedule, send_reminders_daily
    from apps.results.tasks import new_day_schedule

    housekeeping_schedule()
    send_reminders_daily.enqueue()  # today's reminders now (idempotent), then every day at 07:00
    reminders_schedule()
    new_day_schedule()  # the new day's plan figures at 00:05, before anyone asks
    call_command("db_worker", reload=False, interval=args.interval, batch=args.batch,
                 max_tasks=args.max_tasks, startup_delay=not args.batch, verbosity=2 if args.verbose else 1)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("worker", help="chạy các việc nền (dọn phiên hết hạn, …) cho đến khi bị dừng")
    p.add_argument("--interval", type=float, default=1.0, metavar="GIÂY",
                   help="chờ bao lâu giữa hai lần tìm việc khi hàng đợi trống (mặc định 1)")
    p.add_argument("--batch", action="store_true", help="chạy hết các việc đang đến hạn rồi thoát")
    p.add_argument("--max-tasks", type=int, default=None, metavar="N", help="thoát sau N việc")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(handler=_worker, needs_user=False)
