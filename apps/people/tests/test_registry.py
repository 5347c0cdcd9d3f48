"""The personnel registry as its users meet it: search, Vietnamese order, the person page with its
history and audit trail, the personal-data access log, and what each persona may do."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from apps.organization.models import Level
from apps.people import selectors
from apps.people.models import Category, Ethnicity, Person
from apps.people.services import PersonData, person_create
from apps.privacy.models import AccessEntry


def _names(people) -> list[str]:
    return [p.full_name for p in people]


def _rows(html: str, table_id: str) -> list[str]:
    """Text of each body row of the table with ``table_id``, tags stripped."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert table, f"no table #{table_id}"
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", table[1], re.S)]


# --- search -------------------------------------------------------------------------------------


@pytest.fixture
def registry(province, personas, make_person):
    return {
        "an": make_person(province["SYT"], "Nguyễn Văn An", code="YT-AN", national_id="094085012345"),
        "anh": make_person(province["SYT"], "Nguyễn Văn Anh"),
        "lan": make_person(province["SYT"], "Nguyễn Thị Lan"),
        "duc": make_person(province["BVDK"], "Đỗ Đình Đức"),
        "an_gd": make_person(province["SGD"], "Nguyễn Văn An"),
    }


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYỄN VĂN AN", "Nguyen Van An", "nguyễn văn an",
                                   "  nguyen   VAN an "])
def test_search_ignores_diacritics_and_case(query, registry, personas):
    found = selectors.people_list(personas["can_bo_so_y_te"], query=query)
    assert "YT-AN" in [p.code for p in found]


def test_search_matches_word_starts_so_an_finds_anh_but_not_lan(registry, personas):
    found = _names(selectors.people_list(personas["can_bo_so_y_te"], query="nguyen an"))
    assert found == ["Nguyễn Văn An", "Nguyễn Văn Anh"]
    assert _names(selectors.people_list(personas["can_bo_so_y_te"], query="nguyen van anh")) == ["Nguyễn Văn Anh"]


@pytest.mark.parametrize("query", ["do dinh duc", "Đỗ Đình Đức", "đo đinh đuc", "DO DINH DUC", "dinh"])
def test_search_treats_d_with_stroke_as_d(query, registry, personas):
    assert _names(selectors.people_list(personas["can_bo_so_y_te"], query=query)) == ["Đỗ Đình Đức"]


@pytest.mark.parametrize("query", ["YT-AN", "yt-an", "094085012345", "094085"])
def test_search_finds_by_code_and_national_id(query, registry, personas):
    assert [p.code for p in selectors.people_list(personas["can_bo_so_y_te"], query=query)] == ["YT-AN"]


def test_search_stays_inside_the_officers_agency(registry, personas):
    codes = [p.code for p in selectors.people_list(personas["can_bo_so_giao_duc"], query="nguyen van an")]
    assert codes == [registry["an_gd"].code]


def test_list_page_searches_without_diacritics(registry, client_as):
    html = client_as("can_bo_so_y_te").get("/nhan-su/", {"q": "nguyen van an"}).content.decode()
    rows = _rows(html, "people-table")
    assert rows[0].startswith("Nguyễn Văn An YT-AN 17/05/1985 Sở Y tế")
    assert [r.split(" CB")[0] for r in rows[1:]] == ["Nguyễn Văn Anh"]  # "an" starts "Anh" too
    assert registry["an_gd"].code not in html


def test_live_search_answers_the_results_fragment_only(registry, client_as):
    response = client_as("can_bo_so_y_te").get("/nhan-su/", {"q": "do dinh"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Đỗ Đình Đức" in html and "Nguyễn Văn An" not in html


# --- Vietnamese order, applied by the database ---------------------------------------------------

# Given name first (a ă â b c d đ e ê … u ư …, tone only to break ties), then the rest.
VIETNAMESE_ORDER = [
    "Lê Văn An", "Nguyễn Văn An", "Hoàng Anh", "Trần Thị Ánh", "Phạm Thị Ân", "Trần Thị Bích",
    "Vũ Thị Bích", "Võ Dung", "Trần Dũng", "Đào Văn Duy", "Lê Đức", "Hà Em", "Trương Văn Út",
    "Lý Văn Ưng",
]


@pytest.fixture
def shuffled_people(province, personas, make_person):
    """VIETNAMESE_ORDER (less the learner, made by personas) inserted in a scrambled order, so
    neither insertion order nor code order can pass for the Vietnamese order."""
    names = [n for n in VIETNAMESE_ORDER if n != "Trần Thị Bích"]
    for index in (7, 2, 12, 0, 9, 4, 11, 1, 6, 10, 3, 8, 5):
        make_person(province["SYT"], names[index], code=f"S{99 - index:02d}")


def test_people_list_is_ordered_by_the_database_in_vietnamese_order(shuffled_people, personas):
    people = selectors.people_list(personas["so_noi_vu"])
    assert people.ordered and people.query.order_by == ("name_sort_key", "code")
    # values_list: the order comes straight from the SQL ORDER BY, no Python sorting involved
    assert list(people.values_list("full_name", flat=True)) == VIETNAMESE_ORDER


def test_same_name_is_ordered_by_code_so_pages_are_stable(province, personas, make_person):
    for code in ("T3", "T1", "T2"):
        make_person(province["SYT"], "Nguyễn Văn Bình", code=code)
    people = selectors.people_list(personas["so_noi_vu"], query="binh")
    assert list(people.values_list("code", flat=True)) == ["T1", "T2", "T3"]


def test_list_page_shows_people_in_vietnamese_order(shuffled_people, client_as):
    html = client_as("so_noi_vu").get("/nhan-su/").content.decode()
    assert [row.split(" S")[0].split(" CB")[0] for row in _rows(html, "people-table")] == VIETNAMESE_ORDER


# --- the person page: history, audit trail, access log ------------------------------------------


def _form_of(person, **changes) -> dict:
    data = {
        "full_name": person.full_name, "gender": person.gender,
        "birth_date": person.birth_date.strftime("%d/%m/%Y"), "ethnicity": person.ethnicity_id,
        "national_id": person.national_id or "", "unit": person.unit_id, "category": person.category,
        "joined_on": person.joined_on.strftime("%d/%m/%Y"), "job_position": person.job_position,
    }
    data.update(changes)
    return data


@pytest.fixture
def nurse(province, personas):
    """Created through the service by the Department of Home Affairs."""
    return person_create(actor=personas["so_noi_vu"], data=PersonData(
        code="YT-0042", full_name="Phan Thị Hồng", gender="nu", birth_date=dt.date(1990, 2, 3),
        ethnicity_id=Ethnicity.objects.get(name="Kinh").pk, unit_id=province["BVDK"].pk,
        category=Category.PUBLIC_EMPLOYEE, joined_on=dt.date(2015, 8, 1), national_id="094190000042",
    ))


def test_person_page_lists_who_changed_what(nurse, client_as):
    client = client_as("can_bo_so_y_te")
    response = client.post("/nhan-su/YT-0042/sua/", _form_of(nurse, job_position="Điều dưỡng trưởng",
                                                             effective_on="01/06/2025"))
    assert response.status_code == 302 and response["Location"] == "/nhan-su/YT-0042/"

    audit = _rows(client.get("/nhan-su/YT-0042/").content.decode(), "audit")
    assert len(audit) == 2  # newest first; opening the page is logged elsewhere, not listed here
    assert "Cán bộ TCCB Sở Y tế Cập nhật" in audit[0]
    assert "Điều dưỡng trưởng" in audit[0] and "Hiệu lực từ 01/06/2025" in audit[0]
    assert "vị trí việc làm: — → Điều dưỡng trưởng" in audit[0]  # field labels, not column names
    assert "job_position" not in audit[0]
    assert "ngày sinh: — → 03/02/1990" in audit[1] and "giới tính: — → Nữ" in audit[1]
    assert "Chuyên viên Sở Nội vụ Tạo mới" in audit[1] and "Phan Thị Hồng" in audit[1]


def test_person_page_shows_the_service_history_after_an_edit(nurse, client_as):
    client = client_as("can_bo_so_y_te")
    client.post("/nhan-su/YT-0042/sua/", _form_of(nurse, job_position="Điều dưỡng trưởng",
                                                  effective_on="01/06/2025"))
    history = _rows(client.get("/nhan-su/YT-0042/").content.decode(), "history")
    assert history[0].startswith("01/06/2025 nay Bệnh viện Đa khoa tỉnh")
    assert history[1].startswith("01/08/2015 31/05/2025 Bệnh viện Đa khoa tỉnh")


def test_opening_a_person_writes_a_view_entry_in_the_access_log(nurse, client_as, personas):
    client_as("can_bo_so_y_te").get("/nhan-su/YT-0042/")
    views = AccessEntry.objects.filter(kind=AccessEntry.Kind.VIEW, person=nurse)
    assert [(e.user, e.what, e.channel) for e in views] == [(personas["can_bo_so_y_te"], "Hồ sơ cán bộ", "web")]


def test_reading_a_person_through_the_api_is_logged_too(nurse, client_as, personas):
    assert client_as("lanh_dao").get("/api/people/YT-0042/").status_code == 200
    views = AccessEntry.objects.filter(kind=AccessEntry.Kind.VIEW, person=nurse)
    assert [(e.user, e.channel) for e in views] == [(personas["lanh_dao"], "api")]


def test_a_refused_look_at_another_agencys_person_is_logged_as_denied_not_as_a_view(nurse, client_as, personas):
    assert client_as("can_bo_so_giao_duc").get("/nhan-su/YT-0042/").status_code == 404
    assert not AccessEntry.objects.filter(kind=AccessEntry.Kind.VIEW).exists()
    denied = AccessEntry.objects.get(kind=AccessEntry.Kind.DENIED)
    assert (denied.user, denied.person_code, denied.count) == (personas["can_bo_so_giao_duc"], "YT-0042", 0)


# --- what each persona may do ------------------------------------------------------------------


def test_learner_sees_only_their_own_record(registry, client_as, personas):
    own = personas["hoc_vien"].profile.person
    client = client_as("hoc_vien")
    rows = _rows(client.get("/nhan-su/").content.decode(), "people-table")
    assert len(rows) == 1 and rows[0].startswith(f"Trần Thị Bích {own.code}")
    assert [p["code"] for p in client.get("/api/people/").json()["results"]] == [own.code]
    assert client.get(f"/nhan-su/{own.code}/").status_code == 200
    assert client.get("/nhan-su/YT-AN/").status_code == 404


def test_leader_reads_everyone_but_cannot_edit(nurse, client_as):
    client = client_as("lanh_dao")
    page = client.get("/nhan-su/YT-0042/").content.decode()
    assert "Phan Thị Hồng" in page and "Sửa hồ sơ" not in page
    assert "Thêm hồ sơ" not in client.get("/nhan-su/").content.decode()
    assert client.get("/nhan-su/YT-0042/sua/").status_code == 403
    assert client.post("/nhan-su/YT-0042/sua/", _form_of(nurse, job_position="X")).status_code == 403
    assert Person.objects.get(code="YT-0042").job_position == ""


def test_officer_sees_the_edit_link_on_own_agencys_person(nurse, client_as):
    assert "Sửa hồ sơ" in client_as("can_bo_so_y_te").get("/nhan-su/YT-0042/").content.decode()


# --- Vietnamese formats ------------------------------------------------------------------------


def test_dates_render_day_month_year(nurse, client_as):
    client = client_as("so_noi_vu")
    rows = _rows(client.get("/nhan-su/").content.decode(), "people-table")
    assert any(r.startswith("Phan Thị Hồng YT-0042 03/02/1990 Bệnh viện Đa khoa tỉnh") for r in rows)
    page = client.get("/nhan-su/YT-0042/").content.decode()
    assert "<dd>03/02/1990</dd>" in page and "<dd>01/08/2015</dd>" in page


def test_list_count_uses_dots_between_thousands(province, personas, client_as):
    kinh = Ethnicity.objects.get(name="Kinh")
    people = []
    for n in range(1233):  # + the learner = 1.234
        person = Person(code=f"BULK{n:05d}", full_name=f"Nguyễn Văn Số {n}", gender="nam",
                        birth_date=dt.date(1980, 1, 1), ethnicity=kinh, joined_on=dt.date(2010, 1, 1),
                        unit=province["SYT"], category=Category.CIVIL_SERVANT, level=Level.PROVINCE)
        person.refresh_derived()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=500)
    html = client_as("so_noi_vu").get("/nhan-su/").content.decode()
    assert "1.234 người" in html
    assert "Trang 1/25" in html


def test_an_empty_form_posted_shows_what_is_required_instead_of_a_blank_form(personas, client_as):
    response = client_as("so_noi_vu").post("/nhan-su/them/", {})
    assert "Trường này là bắt buộc" in response.content.decode()
    assert Person.objects.count() == 1  # only the personas' learner
