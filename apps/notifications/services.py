"""Sending and reading notifications. ``notify`` is the one way a notification is made (the app's
bell and list, and an e-mail to users with an address). Notifications are messages, not records of
the province's data: they are not audited (what caused them is).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import mailers
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.notifications.models import CalendarToken, Notification
from apps.notifications.reminders import Deadline, deadlines_of, reminders_due

log = logging.getLogger(__name__)


def _ids(users: Iterable[Any]) -> list[int]:
    return sorted({u if isinstance(u, int) else u.pk for u in users if u is not None})


def notify(*, users: Iterable[Any], kind: str, title: str, body: str = "", url: str = "", key: str = "",
           email: bool = True) -> int:
    """Create one notification per user (User objects or ids); with ``key``, a user who already has
    a notification with that key gets nothing more. E-mails those with an address (after the
    transaction commits). Returns how many notifications were created. Three queries."""
    user_ids = _ids(users)
    if not user_ids:
        return 0
    if key:
        have = set(Notification.objects.filter(key=key, user_id__in=user_ids).values_list("user_id", flat=True))
        user_ids = [u for u in user_ids if u not in have]
    rows = [Notification(user_id=u, kind=kind, title=title[:250], body=body, url=url[:500], key=key[:200])
            for u in user_ids]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    if email and rows:
        created = [r.user_id for r in rows]
        transaction.on_commit(lambda: _mail(created, title, body, url, key))
    return len(rows)


def _absolute(url: str) -> str:
    base = getattr(settings, "DTBD_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def _mail(user_ids: list[int], title: str, body: str, url: str, key: str) -> None:
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    messages = []
    for user in users:
        text = "\n\n".join(x for x in (body, _absolute(url)) if x) or title
        text += "\n\n-- \nThư tự động của hệ thống quản lý đào tạo, bồi dưỡng CBCCVC (dtbd)."
        messages.append(EmailMessage(subject=f"[dtbd] {title}", body=text, to=[user.email]))
    if not messages:
        return
    try:
        mailers.default.send_messages(messages)
    except Exception:  # a mail server down must not undo what caused the message
        log.exception("could not send %d e-mail(s)", len(messages))
        return
    sent = [u.pk for u in users]
    query = Notification.objects.filter(user_id__in=sent, emailed_at__isnull=True, title=title[:250])
    (query.filter(key=key) if key else query).update(emailed_at=timezone.now())


def notifications_of(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    query = Notification.objects.filter(user=user)
    return query.filter(read_at__isnull=True) if unread_only else query


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_open(*, actor: Any, pk: int) -> Notification:
    """Mark one of the actor's notifications read and return it (another user's: DoesNotExist)."""
    notification = Notification.objects.get(pk=pk, user=actor)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


def send_reminders(today: dt.date | None = None) -> int:
    """Send today's reminders of every registered deadline source. Idempotent per day."""
    today = today or timezone.localdate()
    sent = 0
    for reminder in reminders_due(today):
        d = reminder.deadline
        sent += notify(users=[reminder.user_id], kind=d.kind, title=reminder.title, body=d.body, url=d.url,
                       key=reminder.key)
    return sent


def calendar_token_of(user: Any, *, renew: bool = False) -> str:
    token, created = CalendarToken.objects.get_or_create(user=user)
    if renew and not created:
        token.delete()
        token = CalendarToken.objects.create(user=user)
    return token.token


def calendar_user(token: str) -> Any | None:
    found = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    return found.user if found else None


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 folds lines longer than 75 octets."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > 74:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return out


def calendar_ics(user: Any, today: dt.date | None = None) -> str:
    """The user's deadlines as an iCalendar feed: one all-day event per deadline, with an alarm."""
    today = today or timezone.localdate()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dtbd//Han cong viec//VI", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:dtbd - hạn công việc", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh"]
    for d in deadlines_of(user.pk, today):
        lines += _event(d, stamp)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"


def _event(d: Deadline, stamp: str) -> list[str]:
    start = d.due.strftime("%Y%m%d")
    end = (d.due + dt.timedelta(days=1)).strftime("%Y%m%d")
    title = ("[Đã xong] " if d.done else "") + d.title
    event = ["BEGIN:VEVENT", f"UID:{_ics_text(d.key)}@dtbd", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{start}",
             f"DTEND;VALUE=DATE:{end}", f"SUMMARY:{_ics_text(title)}"]
    if d.body:
        event.append(f"DESCRIPTION:{_ics_text(d.body)}")
    if d.url:
        event.append(f"URL:{_ics_text(_absolute(d.url))}")
    if not d.done:
        event += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_ics_text(d.title)}", "TRIGGER:-P1D", "END:VALARM"]
    event.append("END:VEVENT")
    return event
