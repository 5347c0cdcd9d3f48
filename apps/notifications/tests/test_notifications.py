"""Notifications, the reminder schedule and the calendar feed, stated by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from apps.notifications import reminders
from apps.notifications.models import Notification
from apps.notifications.reminders import Deadline, reminder_title, reminders_due
from apps.notifications.services import calendar_ics, calendar_token_of, notify, send_reminders

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 8, 31)


def test_notify_once_per_key_and_mail_those_with_an_address(personas, django_capture_on_commit_callbacks):
    officer, hr = personas["can_bo_so_y_te"], personas["so_noi_vu"]
    officer.email = "tccb@syt.soctrang.gov.vn"
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(users=[officer, hr.pk], kind="plan_returned", title="Kế hoạch bị trả lại",
                      body="Bổ sung số lớp", url="/ke-hoach-nam/", key="annual:1:returned") == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(users=[officer], kind="plan_returned", title="Kế hoạch bị trả lại",
                      key="annual:1:returned") == 0
    assert Notification.objects.filter(key="annual:1:returned").count() == 2
    assert [m.to for m in mail.outbox] == [["tccb@syt.soctrang.gov.vn"]]
    assert "Bổ sung số lớp" in mail.outbox[0].body and "http://" in mail.outbox[0].body
    assert Notification.objects.get(user=officer).emailed_at is not None
    assert Notification.objects.get(user=hr).emailed_at is None


@pytest.mark.parametrize(("today", "title"), [
    (dt.date(2026, 8, 23), None),
    (dt.date(2026, 8, 24), "Còn 7 ngày (hạn 31/08/2026): Gửi kế hoạch"),
    (dt.date(2026, 8, 25), None),
    (dt.date(2026, 8, 30), "Còn 1 ngày (hạn 31/08/2026): Gửi kế hoạch"),
    (dt.date(2026, 8, 31), "Hôm nay đến hạn: Gửi kế hoạch"),
    (dt.date(2026, 9, 2), "Quá hạn 2 ngày (hạn 31/08/2026): Gửi kế hoạch"),
])
def test_the_reminder_schedule(today, title):
    assert reminder_title(Deadline(key="k", title="Gửi kế hoạch", due=DUE, overdue=today > DUE), today) == title


def test_finished_and_not_overdue_deadlines_send_nothing():
    assert reminder_title(Deadline(key="k", title="x", due=DUE, done=True), DUE) is None
    assert reminder_title(Deadline(key="k", title="x", due=DUE), DUE + dt.timedelta(days=3)) is None


def test_send_reminders_is_idempotent_within_a_day(personas, monkeypatch):
    officer = personas["can_bo_so_y_te"]
    monkeypatch.setitem(reminders._SOURCES, "test", lambda today: [
        Deadline(key="cycle:2027:submit", title="Gửi kế hoạch", due=DUE, users=[officer], url="/x/", overdue=today > DUE)])
    assert [r.key for r in reminders_due(dt.date(2026, 8, 24))] == ["cycle:2027:submit:d7"]
    assert send_reminders(dt.date(2026, 8, 24)) == 1
    assert send_reminders(dt.date(2026, 8, 24)) == 0
    assert send_reminders(dt.date(2026, 9, 1)) == 1 and send_reminders(dt.date(2026, 9, 2)) == 1
    assert list(Notification.objects.filter(user=officer).order_by("pk").values_list("title", flat=True)) == [
        "Còn 7 ngày (hạn 31/08/2026): Gửi kế hoạch", "Quá hạn 1 ngày (hạn 31/08/2026): Gửi kế hoạch",
        "Quá hạn 2 ngày (hạn 31/08/2026): Gửi kế hoạch"]


def test_the_calendar_feed_holds_only_the_users_deadlines(personas, monkeypatch, client):
    officer, other = personas["can_bo_so_y_te"], personas["can_bo_so_giao_duc"]
    monkeypatch.setitem(reminders._SOURCES, "test", lambda today: [
        Deadline(key="a", title="Gửi kế hoạch, Sở Y tế; năm 2027", due=DUE, users=[officer]),
        Deadline(key="b", title="Việc của Sở GD", due=DUE, users=[other])])
    ics = calendar_ics(officer, dt.date(2026, 8, 1))
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Gửi kế hoạch\\, Sở Y tế\\; năm 2027" in ics and "DTSTART;VALUE=DATE:20260831" in ics
    assert "Sở GD" not in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    token = calendar_token_of(officer)
    response = client.get(f"/thong-bao/lich.ics?token={token}")  # no sign-in: calendar programs cannot
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert client.get("/thong-bao/lich.ics?token=sai").status_code == 404
    renewed = calendar_token_of(officer, renew=True)
    assert renewed != token and client.get(f"/thong-bao/lich.ics?token={token}").status_code == 404


def test_pages_show_only_ones_own_notifications(personas, client_as):
    mine = Notification.objects.create(user=personas["can_bo_so_y_te"], kind="x", title="Của tôi", url="/thong-bao/")
    theirs = Notification.objects.create(user=personas["can_bo_so_giao_duc"], kind="x", title="Của người khác")
    c = client_as("can_bo_so_y_te")
    page = c.get("/thong-bao/").content.decode()
    assert "Của tôi" in page and "Của người khác" not in page and '<span class="badge">1</span>' in page
    assert c.get(f"/thong-bao/{theirs.pk}/").status_code == 404
    assert c.get(f"/thong-bao/{mine.pk}/").status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_outside_address_is_never_followed(personas, client_as):
    n = Notification.objects.create(user=personas["so_noi_vu"], kind="x", title="t", url="https://evil.example/")
    assert client_as("so_noi_vu").get(f"/thong-bao/{n.pk}/")["Location"] == "/thong-bao/"
