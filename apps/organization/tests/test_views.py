"""The restructuring pages and the person status form, through real URLs as the personas."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.core.models import AuditEntry
from apps.organization.models import Unit
from apps.people.models import Person, ServicePeriod

ACTION_URLS = ["/don-vi/them/", "/don-vi/sap-nhap/", "/don-vi/X01/sua/", "/don-vi/X01/chuyen/"]


@pytest.mark.parametrize("persona", ["can_bo_so_y_te", "lanh_dao", "hoc_vien"])
@pytest.mark.parametrize("url", ACTION_URLS)
def test_only_home_affairs_reaches_the_restructuring_pages(client_as, persona, url):
    client = client_as(persona)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "on": "01/07/2025"}).status_code == 403


def test_an_officer_still_gets_404_for_another_agencys_unit_page_but_403_for_its_edit_page(client_as):
    client = client_as("can_bo_so_y_te")
    assert client.get("/don-vi/SGD/").status_code == 404
    assert client.get("/don-vi/SYT/").status_code == 200
    assert client.get("/don-vi/SGD/sua/").status_code == 403


def test_home_affairs_sees_the_restructuring_buttons_and_a_leader_does_not(client_as):
    page = client_as("so_noi_vu").get("/don-vi/").content.decode()
    assert "Thành lập đơn vị" in page and "Sáp nhập đơn vị" in page
    assert "Sửa thông tin" in client_as("so_noi_vu").get("/don-vi/X01/").content.decode()
    page = client_as("lanh_dao").get("/don-vi/").content.decode()
    assert "Thành lập đơn vị" not in page
    assert "Sửa thông tin" not in client_as("lanh_dao").get("/don-vi/X01/").content.decode()


def test_creating_a_unit_through_the_form(client_as, province):
    response = client_as("so_noi_vu").post("/don-vi/them/", {
        "code": "TTYT", "name": "Trung tâm Y tế huyện Mỹ Tú", "level": "district", "kind": "public_service",
        "parent": province["H01"].pk, "valid_from": "01/01/2021", "decision": "Số 12/QĐ-UBND",
        "is_remote": "on"})
    assert response.status_code == 302 and response["Location"] == "/don-vi/TTYT/"
    unit = Unit.objects.get(code="TTYT")
    assert (unit.parent.code, unit.valid_from, unit.is_remote) == ("H01", dt.date(2021, 1, 1), True)
    assert AuditEntry.objects.filter(target_type="unit", target_id=unit.pk, action="create").exists()


def test_creating_a_unit_with_a_taken_code_or_bad_date_shows_vietnamese_errors(client_as, province):
    response = client_as("so_noi_vu").post("/don-vi/them/", {
        "code": "SYT", "name": "Sở Y tế", "level": "province", "kind": "state", "valid_from": "31/02/2021"})
    assert response.status_code == 422
    assert "Ngày 31/02/2021 không tồn tại." in response.content.decode()
    response = client_as("so_noi_vu").post("/don-vi/them/", {
        "code": "SYT", "name": "Sở Y tế", "level": "province", "kind": "state"})
    assert response.status_code == 422
    assert "Mã đơn vị SYT đã tồn tại." in response.content.decode()


def test_editing_a_unit_name_and_flags(client_as, province):
    client = client_as("so_noi_vu")
    assert 'value="UBND xã Long Hưng"' in client.get("/don-vi/X02/sua/").content.decode()
    response = client.post("/don-vi/X02/sua/", {"name": "UBND xã Long Hưng A", "kind": "state",
                                                "is_ethnic_minority_area": "on", "ethnic_languages": "Khmer, Hoa"})
    assert response.status_code == 302
    unit = Unit.objects.get(code="X02")
    assert (unit.name, unit.ethnic_languages) == ("UBND xã Long Hưng A", "Khmer, Hoa")
    response = client.post("/don-vi/X02/sua/", {"name": "X", "kind": "state", "ethnic_languages": "Khmer"})
    assert response.status_code == 422
    assert "Chỉ ghi tiếng dân tộc cho vùng đồng bào dân tộc thiểu số." in response.content.decode()


MERGE = {"new_code": "X03", "new_name": "UBND xã Mỹ Hương Long", "on": "01/07/2025", "decision": "Số 1234/NQ"}


def test_merging_asks_for_confirmation_with_the_number_of_people_then_merges(client_as, province, make_person):
    make_person(province["X01"], "Nguyễn Văn An")
    make_person(province["X01"], "Lê Thị Bình", gender="nu")
    make_person(province["X02"], "Thạch Châu")
    client = client_as("so_noi_vu")
    data = {**MERGE, "sources": [province["X01"].pk, province["X02"].pk]}

    preview = client.post("/don-vi/sap-nhap/", data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "3 người sẽ chuyển sang đơn vị tiếp nhận" in text
    assert "thôi hoạt động sau ngày 30/06/2025" in text
    assert not Unit.objects.filter(code="X03").exists()  # nothing saved yet
    assert Unit.objects.get(code="X01").valid_to is None

    done = client.post("/don-vi/sap-nhap/", {**data, "confirm": "True"})
    assert done.status_code == 302 and done["Location"] == "/don-vi/X03/"
    assert Person.objects.filter(unit__code="X03").count() == 3
    assert Unit.objects.get(code="X01").valid_to == dt.date(2025, 6, 30)
    page = client.get("/don-vi/X03/").content.decode()
    assert "UBND xã Mỹ Hương" in page and "Hợp nhất, sáp nhập" in page and "Số 1234/NQ" in page


def test_merging_a_unit_into_itself_is_refused_before_confirmation(client_as, province):
    response = client_as("so_noi_vu").post("/don-vi/sap-nhap/", {
        "sources": [province["X01"].pk, province["X02"].pk], "target": province["X01"].pk, "on": "01/07/2025"})
    assert response.status_code == 422
    assert "Không thể sáp nhập đơn vị X01 vào chính nó." in response.content.decode()


def test_the_merge_form_needs_a_target_and_sources(client_as, province):
    response = client_as("so_noi_vu").post("/don-vi/sap-nhap/", {"on": "01/07/2025"})
    text = response.content.decode()
    assert response.status_code == 422
    assert "Cần chọn ít nhất một đơn vị được sáp nhập." in text
    assert "Cần chọn đơn vị tiếp nhận hoặc nhập mã và tên đơn vị mới." in text


def test_moving_a_unit_confirms_then_changes_the_tree_from_the_date(client_as, province, make_person):
    make_person(province["BVDK"], "Phạm Thị Hoa", gender="nu")
    client = client_as("so_noi_vu")
    data = {"new_parent": province["SGD"].pk, "on": "01/01/2024"}
    preview = client.post("/don-vi/BVDK/chuyen/", data)
    # Phạm Thị Hoa and the learner persona (Trần Thị Bích) work in the hospital
    assert "2 người chuyển theo đơn vị; quá trình công tác của họ không đổi." in preview.content.decode()
    assert Unit.objects.get(code="BVDK").parent.code == "SYT"
    assert client.post("/don-vi/BVDK/chuyen/", {**data, "confirm": "True"}).status_code == 302
    assert Unit.objects.get(code="BVDK").parent.code == "SGD"
    assert "Bệnh viện Đa khoa tỉnh" in client.get("/don-vi/?ngay=31/12/2023").content.decode()
    refused = client.post("/don-vi/SYT/chuyen/", {"new_parent": province["BVDK"].pk, "on": "01/01/2023"})
    assert refused.status_code == 422 and "là đơn vị cấp dưới của nó" in refused.content.decode()


def test_tree_as_of_the_day_before_a_merger_still_shows_the_old_units(client_as, province):
    client = client_as("so_noi_vu")
    client.post("/don-vi/sap-nhap/", {**MERGE, "sources": [province["X01"].pk, province["X02"].pk],
                                      "confirm": "True"})
    before = tree_table(client.get("/don-vi/?ngay=30/06/2025"))
    after = tree_table(client.get("/don-vi/?ngay=01/07/2025"))
    assert "UBND xã Long Hưng" in before and "UBND xã Mỹ Hương Long" not in before
    assert "UBND xã Mỹ Hương Long" in after and "UBND xã Long Hưng" not in after


def tree_table(response) -> str:
    text = response.content.decode()
    return text[text.index('id="unit-tree"'):].split("</table>")[0]


# --- person status ---------------------------------------------------------------------------------

def test_an_editor_sees_the_status_form_and_a_leader_does_not(client_as, personas, province, make_person):
    person = make_person(province["SYT"], "Nguyễn Văn An")
    assert 'id="status-form"' in client_as("can_bo_so_y_te").get(f"/nhan-su/{person.code}/").content.decode()
    assert 'id="status-form"' not in client_as("lanh_dao").get(f"/nhan-su/{person.code}/").content.decode()


def test_retiring_through_the_status_form_closes_the_history(client_as, province, make_person):
    person = make_person(province["SYT"], "Nguyễn Văn An")
    response = client_as("can_bo_so_y_te").post(f"/nhan-su/{person.code}/trang-thai/", {
        "status": "retired", "on": "01/06/2025", "reason": "Quyết định 15/QĐ-SYT"})
    assert response.status_code == 302 and response["Location"] == f"/nhan-su/{person.code}/"
    person.refresh_from_db()
    assert (person.status, person.status_on) == ("retired", dt.date(2025, 6, 1))
    assert ServicePeriod.objects.get(person=person).valid_to == dt.date(2025, 5, 31)


def test_status_form_errors_are_shown_in_vietnamese(client_as, province, make_person):
    person = make_person(province["SYT"], "Nguyễn Văn An")
    response = client_as("so_noi_vu").post(f"/nhan-su/{person.code}/trang-thai/", {"status": "retired",
                                                                                  "on": "01/01/2019"})
    assert response.status_code == 422
    assert "Ngày nghỉ phải sau ngày 01/01/2020" in response.content.decode()


@pytest.mark.parametrize("persona, status", [("lanh_dao", 403), ("can_bo_so_giao_duc", 404), ("hoc_vien", 404)])
def test_status_changes_are_refused_to_readers_and_out_of_scope_officers(client_as, province, make_person,
                                                                        persona, status):
    person = make_person(province["SYT"], "Nguyễn Văn An")
    response = client_as(persona).post(f"/nhan-su/{person.code}/trang-thai/", {"status": "retired",
                                                                              "on": "01/06/2025"})
    assert response.status_code == status
    person.refresh_from_db()
    assert person.status == "working"
