"""Deadlines as data, from every app, for reminders and the calendar feed.

An app declares where its deadlines come from in its own ``reminders.py`` (found at start-up)::

    from apps.notifications.reminders import Deadline, reminder_source

    @reminder_source("annual.milestones")
    def deadlines(today):
        yield Deadline(key="cycle:2027:submit", title="Gửi kế hoạch ĐTBD năm 2027", due=date(2026, 8, 31),
                       users=[...], url="/ke-hoach-nam/2027/")

``reminders_due(today)`` is the schedule: a reminder on each of ``remind_days`` before the due date
(7, 1 and 0 by default), and, for ``overdue=True`` deadlines past their date, one a day. The daily job
``send_reminders`` (apps/notifications/tasks.py) turns the schedule into notifications; the keys make
it idempotent (running it twice on a day sends nothing more). ``deadlines_of(user, today)`` feeds the
user's .ics calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

_SOURCES: dict[str, Callable[[dt.date], Iterable[Deadline]]] = {}


@dataclass(frozen=True)
class Deadline:
    key: str  # unique and stable: "task:12:2026", "cycle:2027:submit"
    title: str
    due: dt.date
    users: Iterable[Any] = ()  # User objects or user ids
    url: str = ""
    body: str = ""
    remind_days: tuple[int, ...] = (7, 1, 0)
    overdue: bool = False  # still open after its date: remind once a day
    done: bool = False  # finished: no reminder, still on the calendar
    kind: str = "deadline"

    def user_ids(self) -> set[int]:
        return {u if isinstance(u, int) else u.pk for u in self.users}


@dataclass(frozen=True)
class Reminder:
    user_id: int
    deadline: Deadline
    key: str
    title: str


def reminder_source(name: str) -> Callable[[Callable[[dt.date], Iterable[Deadline]]], Callable[[dt.date], Iterable[Deadline]]]:
    def register(fn: Callable[[dt.date], Iterable[Deadline]]) -> Callable[[dt.date], Iterable[Deadline]]:
        _SOURCES[name] = fn
        return fn
    return register


def sources() -> dict[str, Callable[[dt.date], Iterable[Deadline]]]:
    return dict(_SOURCES)


def all_deadlines(today: dt.date) -> Iterator[Deadline]:
    for fn in list(_SOURCES.values()):
        yield from fn(today)


def reminder_title(deadline: Deadline, today: dt.date) -> str | None:
    """What the reminder of ``deadline`` says ``today``, or None when no reminder is due today."""
    if deadline.done:
        return None
    days = (deadline.due - today).days
    when = f"{deadline.due:%d/%m/%Y}"
    if days in deadline.remind_days:
        if days == 0:
            return f"Hôm nay đến hạn: {deadline.title}"
        return f"Còn {days} ngày (hạn {when}): {deadline.title}"
    if days < 0 and deadline.overdue:
        return f"Quá hạn {-days} ngày (hạn {when}): {deadline.title}"
    return None


def reminders_due(today: dt.date, deadlines: Iterable[Deadline] | None = None) -> list[Reminder]:
    """The reminders to send ``today``: one per user and deadline whose schedule falls today."""
    out: list[Reminder] = []
    for deadline in (all_deadlines(today) if deadlines is None else deadlines):
        title = reminder_title(deadline, today)
        if title is None:
            continue
        days = (deadline.due - today).days
        suffix = f"d{days}" if days >= 0 else f"overdue:{today.isoformat()}"
        for user_id in sorted(deadline.user_ids()):
            out.append(Reminder(user_id, deadline, f"{deadline.key}:{suffix}"[:200], title))
    return out


def deadlines_of(user_id: int, today: dt.date) -> list[Deadline]:
    """Every deadline of one user (the calendar feed), soonest first."""
    mine = [d for d in all_deadlines(today) if user_id in d.user_ids()]
    return sorted(mine, key=lambda d: (d.due, d.key))


__all__ = ["Deadline", "Reminder", "reminder_source", "reminders_due", "deadlines_of", "reminder_title",
           "sources", "all_deadlines", "field"]
