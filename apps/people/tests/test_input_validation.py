"""One validation for codes, names and dates, shared by the web forms and the imports: the same
bad value is refused by both with the same reason, and never answers 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.core.codes import person_code_problem
from apps.people.models import Ethnicity, Person
from apps.people.tests.test_import_export import failure, person_row, run, xlsx
from apps.people.validation import birth_date_problem, full_name_problem, too_old_problem

LONG_GIVEN = "Nguyễn Văn " + "A" * 41


def person_form(province, **changes) -> dict:
    data = {"code": "YT-9001", "full_name": "Lê Thị Hoa", "gender": "nu", "birth_date": "02/09/1990",
            "ethnicity": Ethnicity.objects.get(name="Kinh").pk, "national_id": "", "unit": province["SYT"].pk,
            "category": "cong_chuc", "joined_on": "01/07/2015", "job_position": ""}
    data.update(changes)
    return data


def years_ago(n: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - n) - dt.timedelta(days=days)


def posted(client_as, province, **changes):
    response = client_as("so_noi_vu").post("/nhan-su/them/", person_form(province, **changes))
    return response.status_code, response.content.decode()


# ------------------------------------------------------------------------------------- codes


@pytest.mark.parametrize("code", ["AB/ 12", "AB 12", "a/b", "..", ".x", "them", "NK#1", "Mã1", "A" * 33])
def test_a_bad_person_code_is_refused_by_the_form_and_the_list_still_opens(client_as, province, code):
    status, page = posted(client_as, province, code=code)
    assert status == 200 and "Mã cán bộ" in page
    assert not Person.objects.filter(full_name="Lê Thị Hoa").exists()
    assert client_as("so_noi_vu").get("/nhan-su/").status_code == 200


@pytest.mark.parametrize("code", ["AB/ 12", "a/b", "them", "NK#1"])
def test_the_import_refuses_the_same_person_codes_with_the_same_reason(personas, code):
    errors = failure(personas["so_noi_vu"], xlsx([person_row(1, **{"Mã cán bộ": code})]))
    assert errors == [f"Dòng 2, cột Mã cán bộ: {person_code_problem(code)}"]


def test_a_valid_person_code_is_accepted_by_the_form(client_as, province):
    status, _ = posted(client_as, province, code="YT-2026_01.a")
    assert status == 302 and Person.objects.filter(code="YT-2026_01.a").exists()


# -------------------------------------------------------------------------------- dates, names


def bad_dates():
    today = timezone.localdate()
    return {
        "future": (today + dt.timedelta(days=3), dt.date(2015, 7, 1)),
        "under 15": (years_ago(14), years_ago(0)),
        "over 80": (years_ago(81), dt.date(2000, 1, 1)),
        "joined before birth": (dt.date(1990, 9, 2), dt.date(1989, 1, 1)),
    }


def expected_reason(case: str, born: dt.date) -> str:
    today = timezone.localdate()
    if case == "joined before birth":
        return "ngày vào cơ quan trước ngày sinh"
    return birth_date_problem(born, today=today) or too_old_problem(born, today=today)


@pytest.mark.parametrize("case", ["future", "under 15", "over 80", "joined before birth"])
def test_the_form_and_the_import_refuse_the_same_dates_with_the_same_reason(client_as, province, personas, case):
    born, joined = bad_dates()[case]
    reason = expected_reason(case, born)
    status, page = posted(client_as, province, birth_date=f"{born:%d/%m/%Y}", joined_on=f"{joined:%d/%m/%Y}")
    assert status == 200 and (reason[0].upper() + reason[1:] + ".") in page
    column = "Ngày vào cơ quan" if case == "joined before birth" else "Ngày sinh"
    errors = failure(personas["so_noi_vu"], xlsx([person_row(1, **{
        "Ngày sinh": f"{born:%d/%m/%Y}", "Ngày vào cơ quan": f"{joined:%d/%m/%Y}"})]))
    assert errors == [f"Dòng 2, cột {column}: {reason}"]


def test_an_unchanged_retirees_birth_date_still_saves_but_a_typed_one_over_80_does_not(client_as, province, make_person):
    old = make_person(province["SYT"], "Trần Văn Lão", birth_date=years_ago(85), joined_on=dt.date(1970, 1, 1),
                      code="YT-OLD")
    client = client_as("so_noi_vu")
    form = person_form(province, full_name="Trần Văn Lão", birth_date=f"{old.birth_date:%d/%m/%Y}",
                       joined_on="01/01/1970", job_position="Cố vấn", national_id=old.national_id)
    assert client.post("/nhan-su/YT-OLD/sua/", form).status_code == 302
    form["birth_date"] = f"{years_ago(86):%d/%m/%Y}"
    assert "trên 80 tuổi" in client.post("/nhan-su/YT-OLD/sua/", form).content.decode()


def test_a_given_name_longer_than_40_characters_is_a_message_in_the_form(client_as, province):
    status, page = posted(client_as, province, full_name=LONG_GIVEN)
    assert status == 200 and "dài quá 40 ký tự" in page
    assert not Person.objects.filter(code="YT-9001").exists()


def test_a_given_name_longer_than_40_characters_is_a_message_in_the_import(personas):
    errors = failure(personas["so_noi_vu"], xlsx([person_row(1, **{"Họ và tên": LONG_GIVEN})]))
    assert errors == [f"Dòng 2, cột Họ và tên: {full_name_problem(LONG_GIVEN)}"]


def test_a_given_name_of_40_characters_is_accepted(personas):
    assert run(personas["so_noi_vu"], xlsx([person_row(1, **{"Họ và tên": "Lê " + "B" * 40})])).created == 1
