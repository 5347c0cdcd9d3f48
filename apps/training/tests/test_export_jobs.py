"""Long web exports run as background jobs: past ``DTBD_EXPORT_BACKGROUND_ROWS`` the export URL
queues a job and sends the user to its progress page; the worker writes the file (scoped by the
requester), which is then downloaded from the job and read back with openpyxl; the requester is
notified. Short exports are still answered at once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from apps.jobs.models import Job
from apps.jobs.testing import run_pending
from apps.notifications.models import Notification
from apps.training import services


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def enrolled(make_class, personas, province, make_person):
    officer = personas["can_bo_so_y_te"]
    klass = make_class(code="LOP-NEN", organiser="SYT")
    for n in range(3):
        person = make_person(province["SYT"], f"Nguyễn Văn Nền {n}", code=f"NEN{n:02d}")
        enrollment = services.enrollment_create(actor=officer, person=person, training_class=klass)
        services.enrollment_complete(actor=officer, enrollment=enrollment, completed_on=dt.date(2024, 3, 29),
                                     result="Giỏi")
    return klass


def download(client, response) -> bytes:
    assert response.status_code == 302 and response["Location"].startswith("/cong-viec/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "chế độ nền" in page.content.decode()
    [job] = run_pending()
    assert job.status == Job.Status.DONE, job.message
    file = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert file.status_code == 200
    assert Notification.objects.filter(user=job.created_by, url=job.get_absolute_url()).exists()
    return b"".join(file.streaming_content)


@pytest.mark.parametrize("url, sheet_rows", [
    ("/nhan-su/xuat.xlsx", "people"),
    ("/dao-tao/nhap-xuat/lop.xlsx", "classes"),
    ("/dao-tao/nhap-xuat/ket-qua.xlsx", "enrollments"),
])
def test_a_long_export_runs_in_the_background_and_is_downloaded_from_its_job(
        client_as, enrolled, settings, url, sheet_rows):
    settings.DTBD_EXPORT_BACKGROUND_ROWS = 0
    client = client_as("can_bo_so_y_te")
    rows = rows_of(download(client, client.get(url)))
    codes = {r[0] for r in rows[1:]} if sheet_rows != "enrollments" else {r[1] for r in rows[1:]}
    expected = {"people": {"NEN00", "NEN01", "NEN02"}, "classes": {"LOP-NEN"},
                "enrollments": {"NEN00", "NEN01", "NEN02"}}[sheet_rows]
    assert expected <= codes


def test_the_job_sees_only_what_its_requester_may_see(client_as, enrolled, settings, province, make_person):
    make_person(province["SGD"], "Lê Thị Giáo Dục", code="GD0001")
    settings.DTBD_EXPORT_BACKGROUND_ROWS = 0
    client = client_as("can_bo_so_y_te")
    rows = rows_of(download(client, client.get("/nhan-su/xuat.xlsx", {"trang_thai": "working"})))
    assert "GD0001" not in {r[0] for r in rows[1:]}


def test_a_short_export_is_answered_at_once(client_as, enrolled):
    response = client_as("can_bo_so_y_te").get("/dao-tao/nhap-xuat/ket-qua.xlsx")
    assert response.status_code == 200
    assert len(rows_of(response.content)) == 4
    assert not Job.objects.exists()
