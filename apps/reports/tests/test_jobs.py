"""Official forms and plan reviews made as background jobs (apps.reports.jobs): the page posts,
the requester follows the job, the file is the one the CLI makes, with the requester's scope."""

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from apps.documents.testing import assert_nd30
from apps.jobs.models import Job
from apps.jobs.testing import run_pending
from apps.notifications.models import Notification
from apps.plans.models import Plan

pytestmark = pytest.mark.django_db


def _read(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def test_the_party_form_as_a_job(dataset, client_as):
    c = client_as("so_noi_vu")
    page = c.get("/bao-cao/bieu-mau/10-BTCTW/?year=2025").content.decode()
    assert 'action="/bao-cao/bieu-mau/10-BTCTW/nen/xlsx/"' in page and 'formaction="/bao-cao/bieu-mau/10-BTCTW/nen/docx/"' in page
    started = c.post("/bao-cao/bieu-mau/10-BTCTW/nen/docx/", {"year": "2025"})
    assert started.status_code == 302
    job = Job.objects.get()
    assert started["Location"] == f"/cong-viec/{job.pk}/" and job.status == "queued"
    assert "0%" in c.get(started["Location"]).content.decode()  # the progress page before the worker's turn
    [job] = run_pending()
    assert (job.status, job.filename, job.title) == ("done", "10-btctw-2025.docx", "Biểu số 10-BTCTW năm 2025 (docx)")
    assert_nd30(_read(job), party=True)
    assert Notification.objects.filter(user=dataset["personas"]["so_noi_vu"], url=job.get_absolute_url()).exists()
    done = c.get(started["Location"]).content.decode()
    assert f'href="/cong-viec/{job.pk}/tai-ve/"' in done and "100%" in done


def test_the_home_affairs_form_as_xlsx_for_an_officer(dataset, client_as):
    c = client_as("can_bo_so_y_te")
    assert c.post("/bao-cao/bieu-mau/BNV-DTBD-01/nen/xlsx/", {"year": "2025"}).status_code == 302
    [job] = run_pending()
    rows = [r for r in load_workbook(io.BytesIO(_read(job))).active.iter_rows(values_only=True)]
    assert job.filename == "bnv-dtbd-01-2025-SYT.xlsx" and any(r[0] == "Đơn vị: Sở Y tế" for r in rows)


def test_bad_form_requests_are_refused_before_a_job(dataset, client_as):
    c = client_as("so_noi_vu")
    assert c.post("/bao-cao/bieu-mau/KHONG-CO/nen/xlsx/", {"year": "2025"}).status_code == 404
    assert c.post("/bao-cao/bieu-mau/10-BTCTW/nen/doc/", {"year": "2025"}).status_code == 404
    assert c.post("/bao-cao/bieu-mau/10-BTCTW/nen/xlsx/", {"year": "abc"}).status_code == 422
    assert client_as("can_bo_so_y_te").post("/bao-cao/bieu-mau/10-BTCTW/nen/xlsx/",
                                            {"year": "2025", "unit": "SGD"}).status_code == 422
    assert not Job.objects.exists()


def test_an_officers_review_job_counts_their_agency(dataset, client_as):
    Plan.objects.create(code="KH-TEST", title="Kế hoạch đào tạo, bồi dưỡng giai đoạn 2024 - 2025",
                        issuing_body="Ủy ban nhân dân tỉnh Sóc Trăng", period_start=dt.date(2024, 1, 1),
                        period_end=dt.date(2025, 12, 31))
    c = client_as("can_bo_so_y_te")
    assert c.post("/bao-cao/so-ket/KH-TEST/", {"at": "2024-12-31", "fmt": "docx"}).status_code == 302
    [job] = run_pending()
    assert job.status == "done" and job.filename == "so-ket-KH-TEST-20241231-SYT.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(_read(job))).paragraphs)
    assert "Sở Y tế đã tổ chức đào tạo, bồi dưỡng cho 0 lượt" in text  # A's and B's lượt are in 2025
    bad = c.post("/bao-cao/so-ket/KH-TEST/", {"at": "2023-01-01", "fmt": "docx"})
    assert bad.status_code == 422 and "trước khi kế hoạch bắt đầu" in bad.content.decode()
    assert Job.objects.count() == 1
