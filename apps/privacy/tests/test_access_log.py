"""Every kind of access to personal data leaves one entry naming who, what kind, whose record or
which filter, and how many people; Sở Nội vụ reads the log; a person sees who looked at them."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from apps.privacy.models import AccessEntry
from dtbd import cli

K = AccessEntry.Kind


@pytest.fixture
def nurse(province, make_person):
    return make_person(province["BVDK"], "Phan Thị Hồng", code="YT-0042")


@pytest.fixture
def teacher(province, make_person):
    return make_person(province["THPT1"], "Lê Văn Giáo", code="GD-0007")


def only_entry(**filters) -> AccessEntry:
    entries = list(AccessEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def test_leader_viewing_a_record_is_logged_with_who_whose_ip_and_channel(client_as, personas, nurse):
    assert client_as("lanh_dao").get("/nhan-su/YT-0042/").status_code == 200
    e = only_entry()
    assert (e.user, e.kind, e.what, e.person, e.person_code, e.count, e.channel, e.ip) == (
        personas["lanh_dao"], K.VIEW, "Hồ sơ cán bộ", nurse, "YT-0042", 1, "web", "127.0.0.1")
    assert e.get_kind_display() == "Xem"


def test_opening_the_edit_form_is_logged_as_a_view_of_that_record(client_as, personas, nurse):
    assert client_as("can_bo_so_y_te").get("/nhan-su/YT-0042/sua/").status_code == 200
    e = only_entry()
    assert (e.user, e.kind, e.what, e.person) == (personas["can_bo_so_y_te"], K.VIEW, "Sửa hồ sơ", nurse)


def test_the_people_list_is_one_entry_with_its_filter_and_the_number_shown(client_as, personas, nurse, teacher):
    assert client_as("so_noi_vu").get("/nhan-su/", {"q": "hong", "don_vi": "SYT"}).status_code == 200
    e = only_entry()
    assert (e.user, e.kind, e.what, e.person, e.count) == (personas["so_noi_vu"], K.VIEW, "Danh sách nhân sự", None, 1)
    assert e.filters == {"q": "hong", "don_vi": "SYT", "trang_thai": "working", "trang": 1}


def test_the_api_list_with_everyones_birth_dates_is_logged_as_an_api_access(client_as, personas, nurse, teacher):
    body = client_as("lanh_dao").get("/api/people/").json()
    e = only_entry()
    assert (e.user, e.kind, e.channel, e.count) == (personas["lanh_dao"], K.VIEW, "api", len(body["results"]))
    assert e.count == 3  # the nurse, the teacher and the learner


def test_exporting_people_from_the_web_logs_the_filter_and_the_count(client_as, personas, nurse, teacher):
    assert client_as("so_noi_vu").get("/nhan-su/xuat.xlsx", {"don_vi": "SGD"}).status_code == 200
    e = only_entry(kind=K.EXPORT)
    assert (e.user, e.channel, e.count, e.person) == (personas["so_noi_vu"], "web", 1, None)
    assert e.filters == {"don_vi": "SGD", "trang_thai": "working", "dinh_dang": "xlsx"}


def test_exporting_people_from_the_cli_is_logged_with_the_cli_channel(personas, nurse, tmp_path, capsys):
    assert cli.main(["--as", "can_bo_so_y_te", "export", "people", str(tmp_path / "ds.csv")]) == 0
    e = only_entry(kind=K.EXPORT)
    assert (e.user, e.channel, e.ip, e.count) == (personas["can_bo_so_y_te"], "cli", None, 2)  # nurse, learner


def test_downloading_a_training_record_is_logged_as_a_download(client_as, personas, nurse):
    assert client_as("can_bo_so_y_te").get("/dao-tao/can-bo/YT-0042/qua-trinh.xlsx").status_code == 200
    e = only_entry()
    assert (e.user, e.kind, e.person, e.what) == (personas["can_bo_so_y_te"], K.DOWNLOAD, nurse,
                                                  "Quá trình đào tạo, bồi dưỡng (xlsx)")
    assert e.get_kind_display() == "Tải hồ sơ"


def test_another_agencys_officer_gets_404_and_the_attempt_is_logged_as_denied(client_as, personas, nurse):
    assert client_as("can_bo_so_giao_duc").get("/nhan-su/YT-0042/").status_code == 404
    assert client_as("can_bo_so_giao_duc").get("/dao-tao/can-bo/YT-0042/qua-trinh.pdf").status_code == 404
    entries = list(AccessEntry.objects.order_by("id"))
    assert [(e.user, e.kind, e.person, e.person_code, e.count) for e in entries] == [
        (personas["can_bo_so_giao_duc"], K.DENIED, nurse, "YT-0042", 0)] * 2
    assert [e.what for e in entries] == ["Hồ sơ cán bộ", "Quá trình đào tạo, bồi dưỡng (pdf)"]


def test_a_missing_code_is_logged_as_denied_with_the_code_asked_for(client_as, personas):
    assert client_as("hoc_vien").get("/api/people/KHONG-CO/").status_code == 404
    e = only_entry()
    assert (e.user, e.kind, e.person, e.person_code, e.channel) == (personas["hoc_vien"], K.DENIED, None,
                                                                    "KHONG-CO", "api")


def test_the_people_list_costs_a_single_insert(client_as, nurse, teacher):
    client = client_as("so_noi_vu")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/nhan-su/").status_code == 200
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "privacy_accessentry" in q["sql"]]
    assert len(inserts) == 1


# --- the log page --------------------------------------------------------------------------------


def test_home_affairs_filters_the_log_by_person_code_and_kind(client_as, nurse, teacher):
    client_as("lanh_dao").get("/nhan-su/YT-0042/")
    client_as("lanh_dao").get("/nhan-su/GD-0007/")
    client_as("can_bo_so_giao_duc").get("/nhan-su/YT-0042/")
    html = client_as("so_noi_vu").get("/nhat-ky/truy-cap/", {"ma_can_bo": "YT-0042", "loai": "denied"}).content.decode()
    table = html.split('id="access-log"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr class=") == 1
    assert "can_bo_so_giao_duc" in table and "Bị từ chối" in table and "Phan Thị Hồng (YT-0042)" in table


def test_the_log_filters_by_user_and_date_range(client_as, nurse):
    client_as("lanh_dao").get("/nhan-su/YT-0042/")
    client = client_as("so_noi_vu")
    assert "1 lượt truy cập" in client.get("/nhat-ky/truy-cap/", {"nguoi_dung": "lanh_dao"}).content.decode()
    assert "0 lượt truy cập" in client.get("/nhat-ky/truy-cap/", {"tu_ngay": "01/01/2000", "den_ngay": "31/12/2000"}
                                           ).content.decode()
    bad = client.get("/nhat-ky/truy-cap/", {"tu_ngay": "32/13/2024"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()


@pytest.mark.parametrize("persona", ["can_bo_so_y_te", "can_bo_so_giao_duc", "lanh_dao", "hoc_vien"])
def test_only_home_affairs_reads_the_log(client_as, persona):
    assert client_as(persona).get("/nhat-ky/truy-cap/").status_code == 403
    assert client_as(persona).get("/nhat-ky/truy-cap/xuat.xlsx").status_code == 403


def test_exporting_the_log_gives_its_rows_and_is_itself_logged(client_as, personas, nurse):
    client_as("lanh_dao").get("/nhan-su/YT-0042/")
    response = client_as("so_noi_vu").get("/nhat-ky/truy-cap/xuat.xlsx", {"ma_can_bo": "YT-0042"})
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:5] == ("Thời điểm", "Người truy cập", "Tài khoản", "Vai trò", "Loại")
    assert [r[2:8] for r in rows[1:]] == [("lanh_dao", "Lãnh đạo", "Xem", "Hồ sơ cán bộ", "YT-0042", "Phan Thị Hồng")]
    e = only_entry(kind=K.EXPORT)
    assert (e.user, e.what, e.filters, e.count) == (personas["so_noi_vu"], "Nhật ký truy cập dữ liệu cá nhân",
                                                    {"ma_can_bo": "YT-0042"}, 1)


# --- the learner's own view ---------------------------------------------------------------------


def test_the_learner_sees_who_viewed_their_record_and_nothing_about_anyone_else(client_as, personas, nurse):
    own = personas["hoc_vien"].profile.person
    client_as("lanh_dao").get(f"/nhan-su/{own.code}/")
    client_as("can_bo_so_y_te").get(f"/dao-tao/can-bo/{own.code}/qua-trinh.xlsx")
    client_as("lanh_dao").get("/nhan-su/YT-0042/")  # someone else's record
    html = client_as("hoc_vien").get(f"/nhan-su/{own.code}/").content.decode()
    section = html.split('id="who-viewed"', 1)[1].split("</table>", 1)[0]
    assert "Ai đã xem hồ sơ của tôi" in html
    assert section.count("<tr><td>") == 2  # their own look is not listed
    assert "Lãnh đạo UBND tỉnh" in section and "Xem: Hồ sơ cán bộ" in section
    assert "Cán bộ TCCB Sở Y tế" in section and "Sở Y tế" in section and "Tải hồ sơ" in section
    assert "YT-0042" not in section and "lanh_dao" not in section  # names, not usernames


def test_others_opening_the_learners_record_do_not_get_the_section(client_as, personas):
    own = personas["hoc_vien"].profile.person
    html = client_as("so_noi_vu").get(f"/nhan-su/{own.code}/").content.decode()
    assert "Ai đã xem hồ sơ của tôi" not in html
