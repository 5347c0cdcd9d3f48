"""One target's drill-down: by-unit figures, the gap list (who is missing what), its filter by unit
(htmx), paging and the xlsx download, scoped like the rest of the registry."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from apps.dashboard import views
from apps.organization.models import Unit

URL = "/ke-hoach/KH-TEST/chi-tieu/"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()


def _gap_codes(html: str) -> list[str]:
    table = html.split('id="gap-list"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/nhan-su/[^"]*">([^<]+)</a>', table)


def _xlsx_rows(response) -> list[tuple]:
    """The table of the gap list workbook: from its header row on (the title block above skipped)."""
    rows = _xlsx_all(response)
    return rows[[r[0] for r in rows].index("Mã cán bộ"):]


def _xlsx_all(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_drill_down_shows_the_figures_by_unit(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "PL/?ngay=30/06/2025").content.decode()
    by_unit = html.split('id="by-unit"', 1)[1].split("</table>", 1)[0]
    syt = re.sub(r"\s+", " ", re.search(r'data-unit="SYT">(.*?)</tr>', by_unit, re.S).group(1))
    assert "<td class=\"num\">1</td> <td class=\"num\">3</td>" in syt and "33,3%" in syt
    assert "3/6" in html.split('id="result"', 1)[1].split("</dl>", 1)[0]


def test_gap_list_names_who_is_missing_what_in_name_order(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert _gap_codes(html) == ["YT-BINH", "YT-CUONG", "GD-EM"]  # Bình, Cường, Em
    assert "Chưa được bồi dưỡng về kiến thức pháp luật trong năm 2025" in html
    assert "3 người chưa đạt" in html


def test_gap_list_for_a_qualification_says_what_is_held_and_needed(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "TC/?ngay=30/06/2025").content.decode()
    assert _gap_codes(html) == ["YT-BINH", "YT-CUONG", "GD-EM", "X-PHUC"]
    assert "chưa có, cần trung cấp" in html


def test_officer_sees_only_their_own_people_in_the_gap_list(client_as, plan, population):
    html = client_as("can_bo_so_y_te").get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert _gap_codes(html) == ["YT-BINH", "YT-CUONG"]
    assert "GD-EM" not in html


@pytest.mark.parametrize("unit", ["SGD", "KHONG-CO"])
def test_officer_filtering_on_another_agency_gets_404(client_as, plan, population, unit):
    client = client_as("can_bo_so_y_te")
    assert client.get(URL + f"PL/?don_vi={unit}").status_code == 404
    assert client.get(URL + f"PL/thieu.xlsx?don_vi={unit}").status_code == 404


def test_missing_target_is_404_and_learner_403(client_as, plan, population):
    assert client_as("so_noi_vu").get(URL + "KHONG-CO/").status_code == 404
    assert client_as("hoc_vien").get(URL + "PL/").status_code == 403
    assert client_as("hoc_vien").get(URL + "PL/thieu.xlsx").status_code == 403


def test_filter_by_unit_through_htmx_returns_the_list_alone(client_as, plan, population):
    response = client_as("so_noi_vu").get(URL + "PL/?ngay=30/06/2025&don_vi=SGD", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and _gap_codes(html) == ["GD-EM"]


def test_gap_list_is_paginated(client_as, plan, population, monkeypatch):
    monkeypatch.setattr(views, "GAP_PAGE_SIZE", 2)
    client = client_as("so_noi_vu")
    first = client.get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert _gap_codes(first) == ["YT-BINH", "YT-CUONG"] and "Trang 1/2" in first
    second = client.get(URL + "PL/?ngay=30/06/2025&trang=2", HTTP_HX_REQUEST="true").content.decode()
    assert _gap_codes(second) == ["GD-EM"]


def test_count_target_has_no_personal_gap_list(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "THS/?ngay=30/06/2025").content.decode()
    assert 'id="gap-list"' not in html and "không có danh sách cá nhân" in html


def test_xlsx_download_has_a_header_and_one_row_per_person_missing(client_as, plan, population):
    response = client_as("so_noi_vu").get(URL + "PL/thieu.xlsx?ngay=30/06/2025")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    rows = _xlsx_rows(response)
    assert rows[0] == ("Mã cán bộ", "Họ và tên", "Đơn vị", "Đối tượng", "Ngạch, chức danh", "Chức vụ",
                       "Còn thiếu", "Lượt học phù hợp gần nhất")
    assert [r[0] for r in rows[1:]] == ["YT-BINH", "YT-CUONG", "GD-EM"]
    assert rows[1][1] == "Trần Thị Bình"


def test_xlsx_download_has_a_title_block_and_readable_widths(client_as, plan, population):
    response = client_as("can_bo_so_y_te").get(URL + "PL/thieu.xlsx?ngay=30/06/2025&don_vi=BVDK")
    block = {r[0]: r[1] for r in _xlsx_all(response)[:6] if r and r[0]}
    assert block["Kế hoạch:"].startswith(plan.code + ": ") and plan.title in block["Kế hoạch:"]
    assert block["Chỉ tiêu:"].startswith("PL: ")
    assert block["Tính đến ngày:"] == "30/06/2025"
    assert block["Đơn vị:"] == Unit.objects.get(code="BVDK").name
    assert block["Số người:"] == 1 and isinstance(block["Số người:"], int)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert all(w >= 14 for w in widths) and widths[6] >= 50  # "Còn thiếu" holds a sentence
    assert sheet.freeze_panes == "C9"  # the header row and the code and name stay in view


def test_officers_xlsx_holds_their_own_people_only(client_as, plan, population):
    rows = _xlsx_rows(client_as("can_bo_so_y_te").get(URL + "PL/thieu.xlsx?ngay=30/06/2025&don_vi=BVDK"))
    assert [r[0] for r in rows[1:]] == ["YT-BINH"]


def test_gap_list_is_stored_per_unit_until_the_data_changes(client_as, plan, population, monkeypatch):
    from apps.dashboard.tests.conftest import _trained
    from apps.targets import gaps
    from apps.training.models import Programme

    calls = []
    real = gaps.gap_rows
    monkeypatch.setattr(gaps, "gap_rows", lambda *a, **k: calls.append(k["unit"]) or real(*a, **k))
    client = client_as("so_noi_vu")
    client.get(URL + "PL/?ngay=30/06/2025")
    client.get(URL + "PL/?ngay=30/06/2025&trang=1", HTTP_HX_REQUEST="true")
    client.get(URL + "PL/thieu.xlsx?ngay=30/06/2025")
    assert calls == [None]  # computed once for the province, stored
    html = client_as("can_bo_so_y_te").get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert [u.code for u in calls[1:]] == ["SYT"]  # the officer's agency is another list
    assert set(_gap_codes(html)) <= {"YT-BINH", "YT-CUONG"}  # filtered to the officer's people
    _trained(population["cuong"], Programme.objects.get(code="LAW"), population["cuong"].joined_on.replace(year=2025))
    html = client_as("so_noi_vu").get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert len(calls) == 3 and _gap_codes(html) == ["YT-BINH", "GD-EM"]
