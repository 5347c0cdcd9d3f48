"""The task pages through real URLs: scoping, the status form, product uploads and their limits,
the overdue list, the htmx filter partial, and the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.roadmap.models import RoadmapTask, TaskStatus
from apps.roadmap.services import roadmap_generate
from apps.roadmap.tests.conftest import make_plan

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def tasks(agencies, personas, media):
    """Plan KH-NV over this year and the next: row 1 for every agency (due 30/6 and 31/12 each
    year), row 2 for Sở Nội vụ, due last year-end within the period (so overdue now)."""
    year = timezone.localdate().year
    plan = make_plan(start=dt.date(year - 1, 1, 1), end=dt.date(year + 1, 12, 31), rows=[
        ("1", "Phổ biến, quán triệt trách nhiệm", "Các cơ quan hành chính, đơn vị sự nghiệp các cấp của tỉnh", (),
         "02 lần/năm"),
        ("2", "Rà soát, đánh giá công tác đào tạo", "Sở Nội vụ", ("SNV",), f"Năm {year - 1}"),
    ])
    roadmap_generate(actor=SYSTEM, plan=plan)
    return plan


def _task(unit: str, number: str = "1") -> RoadmapTask:
    return RoadmapTask.objects.filter(unit__code=unit, number=number).order_by("due").last()


def test_an_officer_lists_their_agencys_tasks_only(tasks, client_as):
    page = client_as("can_bo_so_y_te").get("/nhiem-vu/").content.decode()
    assert "Nhiệm vụ của đơn vị" in page
    assert page.count("data-task=") == 6 and "Sở Y tế" in page and "Sở Giáo dục" not in page


def test_home_affairs_lists_every_task_and_filters_by_unit_year_and_state_with_htmx(tasks, client_as):
    client = client_as("so_noi_vu")
    assert client.get("/nhiem-vu/").content.decode().count("data-task=") == 5 * 6 + 1
    year = timezone.localdate().year
    partial = client.get(f"/nhiem-vu/?don_vi=SGD&nam={year}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and partial.count("data-task=") == 2
    overdue = client.get("/nhiem-vu/?trang_thai=overdue").content.decode()
    assert overdue.count("data-task=") == RoadmapTask.objects.overdue(timezone.localdate()).count() >= 5 + 1


def test_the_overdue_list_is_home_affairs_own(tasks, client_as):
    page = client_as("so_noi_vu").get("/nhiem-vu/qua-han/").content.decode()
    assert "Nhiệm vụ quá hạn" in page and 'data-state="overdue"' in page and 'data-state="todo"' not in page
    assert RoadmapTask.objects.filter(number="2").get().pk in [int(x) for x in _task_ids(page)]
    assert client_as("can_bo_so_y_te").get("/nhiem-vu/qua-han/").status_code == 403


def _task_ids(page: str) -> list[str]:
    import re

    return re.findall(r'data-task="(\d+)"', page)


def test_another_agencys_task_is_404_everywhere(tasks, client_as, media):
    sgd = _task("SGD")
    client = client_as("can_bo_so_y_te")
    assert client.get(f"/nhiem-vu/{sgd.pk}/").status_code == 404
    assert client.post(f"/nhiem-vu/{sgd.pk}/cap-nhat/", {"status": "done"}).status_code == 404
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/nhiem-vu/{sgd.pk}/san-pham/", {"file": upload}).status_code == 404
    assert client.get(f"/nhiem-vu/{sgd.pk}/san-pham/tai-ve/").status_code == 404
    sgd.refresh_from_db()
    assert sgd.status == TaskStatus.TODO and not sgd.product and not list(media.rglob("*.pdf"))


def test_an_officer_uploads_a_product_and_marks_the_task_done(tasks, client_as, media):
    task = _task("SYT")
    client = client_as("can_bo_so_y_te")
    upload = SimpleUploadedFile("Báo cáo quý.pdf", PDF, content_type="application/pdf")
    assert client.post(f"/nhiem-vu/{task.pk}/san-pham/", {"file": upload}).status_code == 302
    task.refresh_from_db()
    assert task.product_name == "Báo cáo quý.pdf" and task.product_size == len(PDF) and task.status == TaskStatus.DOING
    assert task.product.name.startswith(f"roadmap/{task.year}/{task.pk}-") and "Báo" not in task.product.name
    assert (media / task.product.name).read_bytes() == PDF
    response = client.get(f"/nhiem-vu/{task.pk}/san-pham/tai-ve/")
    assert b"".join(response.streaming_content) == PDF and "attachment" in response["Content-Disposition"]
    assert client.post(f"/nhiem-vu/{task.pk}/cap-nhat/", {"status": "done", "note": "Đã gửi Sở Nội vụ"}).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.note) == (TaskStatus.DONE, timezone.localdate(), "Đã gửi Sở Nội vụ")
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Hoàn thành" in page and "Tải lên sản phẩm" in page and "Cán bộ TCCB Sở Y tế" in page
    assert client_as("lanh_dao").get(f"/nhiem-vu/{task.pk}/san-pham/tai-ve/").status_code == 200


@pytest.mark.parametrize("name, content, reason", [
    ("virus.exe", b"MZ\x90\x00", "không được nhận"),
    ("bao-cao.pdf", b"<html>not a pdf</html>", "không đúng định dạng .pdf"),
    ("rong.docx", b"", "rỗng"),
    ("lon.pdf", PDF + b"0" * 2048, "vượt giới hạn"),
])
def test_an_unacceptable_product_is_refused_with_its_reason_and_nothing_is_stored(tasks, client_as, media, settings,
                                                                                   name, content, reason):
    settings.ROADMAP_MAX_PRODUCT_BYTES = 1024
    task = _task("SYT")
    response = client_as("can_bo_so_y_te").post(f"/nhiem-vu/{task.pk}/san-pham/",
                                                {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 422 and reason in response.content.decode()
    task.refresh_from_db()
    assert not task.product and task.status == TaskStatus.TODO
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_new_product_replaces_the_old_file(tasks, client_as, media, django_capture_on_commit_callbacks):
    task = _task("SYT")
    client = client_as("can_bo_so_y_te")
    client.post(f"/nhiem-vu/{task.pk}/san-pham/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    task.refresh_from_db()
    first = task.product.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nhiem-vu/{task.pk}/san-pham/", {"file": SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"x" * 10)})
    task.refresh_from_db()
    assert task.product_name == "b.png" and task.product.name != first
    assert [p.name for p in media.rglob("*") if p.is_file()] == [task.product.name.rsplit("/", 1)[-1]]


def test_a_bad_status_is_a_422_naming_the_field(tasks, client_as):
    task = _task("SYT")
    response = client_as("can_bo_so_y_te").post(f"/nhiem-vu/{task.pk}/cap-nhat/", {"status": "xong"})
    assert response.status_code == 422 and "Trạng thái" in response.content.decode()


def test_learners_see_no_tasks(tasks, client_as):
    assert client_as("hoc_vien").get("/nhiem-vu/").status_code == 403


def test_cli_lists_the_tasks_in_the_scope_of_as(tasks, capsys):
    from dtbd.cli import main

    year = timezone.localdate().year
    assert main(["--as", "can_bo_so_giao_duc", "roadmap", "tasks", "--plan", "KH-NV", "--year", str(year), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["unit"], r["due"]) for r in rows] == [("SGD", f"{year}-06-30"), ("SGD", f"{year}-12-31")]
    assert main(["--as", "so_noi_vu", "roadmap", "tasks", "--plan", "KH-NV", "--overdue", "--json"]) == 0
    overdue = json.loads(capsys.readouterr().out)
    assert {r["unit"] for r in overdue} == {"H01", "SGD", "SNV", "STC", "SYT"} and all(r["overdue"] for r in overdue)
    assert main(["--as", "hoc_vien", "roadmap", "tasks", "--plan", "KH-NV", "--json"]) == 1


def test_a_retired_task_is_read_only_and_listed_apart(tasks, client_as):
    task = _task("SYT")
    task.status = TaskStatus.DOING
    task.retired_at = timezone.now()
    task.save()
    client = client_as("can_bo_so_y_te")
    page = client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Thôi theo dõi" in page and 'id="status-form"' not in page
    response = client.post(f"/nhiem-vu/{task.pk}/cap-nhat/", {"status": "done"})
    assert response.status_code == 422 and "đã thôi theo dõi" in response.content.decode()
    assert str(task.pk) not in _task_ids(client.get("/nhiem-vu/").content.decode())
    assert _task_ids(client.get("/nhiem-vu/?thoi_theo_doi=1").content.decode()) == [str(task.pk)]


def test_unassigned_tasks_are_seen_by_home_affairs_only(agencies, personas, client_as):
    plan = make_plan(code="KH-KHAC", rows=[("1", "Nhiệm vụ của cơ quan báo chí", "Các cơ quan truyền thông", (), "Năm 2027")])
    roadmap_generate(actor=SYSTEM, plan=plan)
    task = RoadmapTask.objects.get(plan=plan)
    assert task.unit is None
    assert client_as("so_noi_vu").get("/nhiem-vu/?don_vi=-").content.decode().count("data-task=") == 1
    assert client_as("can_bo_so_y_te").get(f"/nhiem-vu/{task.pk}/").status_code == 404
