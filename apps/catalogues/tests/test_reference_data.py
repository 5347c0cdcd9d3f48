"""Reference data for Sở Nội vụ: list, add, edit, retire, import/export (round trip), CLI."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from apps.catalogues.files import ImportFailed, reference_export, reference_import
from apps.catalogues.registry import CATALOGUES
from apps.core.models import AuditEntry
from apps.people.models import Position
from apps.people.tests.test_import_export import person_row, xlsx
from dtbd import cli


@pytest.fixture
def admin(personas):
    return personas["so_noi_vu"]


@pytest.fixture
def catalogue_data(admin):
    """A programme with two content areas and a provider, so every catalogue has rows."""
    from apps.training import services
    from apps.training.models import ContentArea

    services.provider_create(actor=admin, code="TCT", name="Trường Chính trị tỉnh")
    services.programme_create(actor=admin, code="CDS", name="Cập nhật kỹ năng số", kind="boi_duong",
                              fostering_family="cap_nhat", standard_hours=16,
                              content_areas=ContentArea.objects.filter(code__in=["tin_hoc", "phap_luat"]))


def _sheet(content: bytes) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def _book(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("key", sorted(CATALOGUES))
def test_export_import_export_is_a_no_op(admin, catalogue_data, key):
    cat = CATALOGUES[key]
    first = reference_export(actor=admin, cat=cat).content
    assert len(_sheet(first)) > 1, "every catalogue has values to round-trip"
    audit = AuditEntry.objects.count()
    result = reference_import(actor=admin, cat=cat, source=first, filename="dm.xlsx")
    assert (result.created, result.updated) == (0, 0) and result.unchanged == len(_sheet(first)) - 1
    assert AuditEntry.objects.count() == audit
    assert _sheet(reference_export(actor=admin, cat=cat).content) == _sheet(first)


def test_an_import_adds_edits_and_retires_then_changes_nothing_the_second_time(admin):
    cat = CATALOGUES["chuc-vu"]
    rows = _sheet(reference_export(actor=admin, cat=cat).content)
    header = rows[0]
    some = next(r for r in rows[1:] if r[-1] == "Có")
    retired = [*some[:-1], "Không"]
    new = ["PHO_TRUONG_KHOA", "Phó Trưởng khoa", "Có", "Không", "60", "Có"]
    content = _book([header, retired, new])
    result = reference_import(actor=admin, cat=cat, source=content, filename="chuc-vu.xlsx")
    assert (result.created, result.updated) == (1, 1)
    assert Position.objects.get(code="PHO_TRUONG_KHOA").name == "Phó Trưởng khoa"
    assert not Position.objects.get(code=some[0]).active
    audit = AuditEntry.objects.count()
    again = reference_import(actor=admin, cat=cat, source=content, filename="chuc-vu.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize(("key", "row", "message"), [
    ("ngach", ["01.999", "Chuyên viên thử", "Công nhân", "3", "Có"], "Dòng 2, cột Đối tượng: “Công nhân” không hợp lệ"),
    ("ngach", ["01.999", "", "Công chức", "3", "Có"], "Dòng 2, cột Tên:"),
    ("ngach", ["01.999", "Chuyên viên thử", "Công chức", "ba", "Có"], "Dòng 2, cột Thứ bậc: “ba” không phải số nguyên"),
    ("chuc-vu", ["PTK", "Phó Trưởng khoa", "Có", "Không", "60", "Có lẽ"], "Dòng 2, cột Đang dùng: “Có lẽ” không hợp lệ"),
    ("chuong-trinh", ["KNS", "Kỹ năng số", "Bồi dưỡng", "", "Cập nhật kiến thức, kỹ năng, phương pháp", "khong_co",
                      "8", "Không", "", "", "Có"], "Dòng 2, cột Nội dung: Không có mã khong_co"),
    ("chuong-trinh", ["KNS", "Kỹ năng số", "Đào tạo", "", "", "tin_hoc", "8", "Không", "", "", "Có"],
     "Dòng 2: Đào tạo phải có trình độ"),
])
def test_a_bad_row_rejects_the_whole_file(admin, catalogue_data, key, row, message):
    cat = CATALOGUES[key]
    header = _sheet(reference_export(actor=admin, cat=cat).content)[0]
    before = cat.model.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ImportFailed) as info:
        reference_import(actor=admin, cat=cat, source=_book([header, row]), filename="dm.xlsx")
    assert any(line.startswith(message) for line in info.value.lines()), info.value.lines()
    assert (cat.model.objects.count(), AuditEntry.objects.count()) == before


def test_a_code_twice_in_a_file_is_refused(admin):
    cat = CATALOGUES["hinh-thuc"]
    header = _sheet(reference_export(actor=admin, cat=cat).content)[0]
    with pytest.raises(ImportFailed) as info:
        reference_import(actor=admin, cat=cat, source=_book([header, ["x_1", "Hình thức A", "Không", "5", "Có"],
                                                             ["x_1", "Hình thức B", "Không", "6", "Có"]]))
    assert info.value.lines() == ["Dòng 3, cột Mã: mã x_1 trùng với dòng 2"]


def test_only_so_noi_vu_manages_reference_data(personas, client):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reference_export(actor=personas["can_bo_so_y_te"], cat=CATALOGUES["chuc-vu"])
    client.force_login(personas["can_bo_so_y_te"])
    assert client.get("/danh-muc/").status_code == 403
    assert client.post("/danh-muc/chuc-vu/them/", {"code": "X", "name": "Y"}).status_code == 403


def test_sngv_adds_a_position_on_the_web_and_a_retired_one_is_not_offered(admin, client, province, make_person):
    client.force_login(admin)
    page = client.get("/danh-muc/chuc-vu/them/")
    assert page.status_code == 200 and "Select an option" not in page.content.decode()
    response = client.post("/danh-muc/chuc-vu/them/", {"code": "PHO_TRUONG_KHOA", "name": "Phó Trưởng khoa",
                                                      "is_leadership": "on", "order": "60"})
    assert response.status_code == 302
    added = Position.objects.get(code="PHO_TRUONG_KHOA")
    assert "Phó Trưởng khoa" in client.get("/nhan-su/them/").content.decode()
    holder = make_person(province["BVDK"], "Lê Văn Khoa", position_id=added.pk,
                         position_appointed_on=__import__("datetime").date(2024, 1, 1))
    assert client.post("/danh-muc/chuc-vu/PHO_TRUONG_KHOA/ngung-dung/").status_code == 302
    assert "Phó Trưởng khoa" not in client.get("/nhan-su/them/").content.decode()
    assert "Phó Trưởng khoa" in client.get(f"/nhan-su/{holder.code}/sua/").content.decode()  # kept for history
    assert "Phó Trưởng khoa" in client.get(f"/nhan-su/{holder.code}/").content.decode()
    listing = client.get("/danh-muc/chuc-vu/").content.decode()
    assert "Ngừng dùng" in listing and "Dùng lại" in listing
    # a new person with the retired position is refused by the people import
    from apps.people.io.importing import people_import

    with pytest.raises(ImportFailed) as info:
        people_import(actor=admin, source=xlsx([person_row(1, **{"Mã chức vụ": "PHO_TRUONG_KHOA",
                                                                 "Ngày bổ nhiệm chức vụ": "01/01/2024"})]))
    assert "Dòng 2, cột Mã chức vụ: mã PHO_TRUONG_KHOA đã ngừng dùng trong danh mục" in info.value.lines()


def test_catalogues_with_training_pages_send_add_and_edit_there(admin, client, catalogue_data):
    client.force_login(admin)
    assert client.get("/danh-muc/chuong-trinh/them/")["Location"] == "/dao-tao/chuong-trinh/them/"
    assert client.get("/danh-muc/co-so/TCT/sua/")["Location"] == "/dao-tao/co-so/TCT/sua/"
    assert "Cập nhật kỹ năng số" in client.get("/danh-muc/chuong-trinh/").content.decode()


def test_cli_adds_edits_retires_and_lists(admin, capsys):
    assert cli.main(["--as", "so_noi_vu", "catalogues", "add", "chuc-vu", "PHO_TRUONG_KHOA",
                     "--set", "name=Phó Trưởng khoa", "--set", "Thứ tự=60"]) == 0
    assert cli.main(["--as", "so_noi_vu", "catalogues", "edit", "chuc-vu", "PHO_TRUONG_KHOA",
                     "--set", "Cán bộ chủ chốt cấp xã=Không", "--set", "name=Phó trưởng khoa"]) == 0
    assert cli.main(["--as", "so_noi_vu", "catalogues", "retire", "chuc-vu", "PHO_TRUONG_KHOA"]) == 0
    capsys.readouterr()
    assert cli.main(["--as", "so_noi_vu", "catalogues", "list", "chuc-vu", "--all", "--json"]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out) if r["code"] == "PHO_TRUONG_KHOA")
    assert row["name"] == "Phó trưởng khoa" and row["active"] == "Không" and row["order"] == "60"
    assert cli.main(["--as", "so_noi_vu", "catalogues", "add", "ngach", "01.999", "--set", "name=Thử",
                     "--set", "category=Công nhân"]) == 1
    assert "không hợp lệ" in capsys.readouterr().err
    assert cli.main(["--as", "can_bo_so_y_te", "catalogues", "list", "chuc-vu"]) == 1
    assert "Chỉ Sở Nội vụ" in capsys.readouterr().err
