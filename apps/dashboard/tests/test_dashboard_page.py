"""The dashboard page over the hand-built population (conftest): figures come from the real engine
and are checked against hand-computed values."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.dashboard import selectors

URL = "/ke-hoach/KH-TEST/chi-tieu/"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return re.sub(r"\s+", " ", match.group(1))


def _grid_row(html: str, unit: str) -> str:
    match = re.search(rf'<tr data-unit="{re.escape(unit)}">(.*?)</tr>', html, re.S)
    assert match, f"no grid row {unit}"
    return re.sub(r"\s+", " ", match.group(1))


def _year_cells(html: str, code: str) -> dict[str, str]:
    table = html.split('id="by-year"', 1)[1].split("</table>", 1)[0]
    row = re.search(rf"<tr><td>{code}</td>(.*?)</tr>", table, re.S).group(1)
    return {y: re.sub(r"<[^>]+>", "", v).strip() for y, v in re.findall(r'data-year="(\d+)"[^>]*>(.*?)</td>', row, re.S)}


def test_url_is_mounted_under_the_plan():
    assert reverse("dashboard:plan", kwargs={"plan_code": "KH-TEST"}) == URL
    assert reverse("dashboard:target", kwargs={"plan_code": "KH-TEST", "target_code": "PL"}) == URL + "PL/"


def test_home_affairs_sees_every_target_with_figures_goal_deadline_and_status(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025").content.decode()
    pl = _row(html, "target-PL")
    assert "3/6" in pl and "50,0%" in pl and "≥ 80%" in pl and "31/12/2025" in pl
    # half the year gone, half the people updated: the linear pace reaches 100% by 31/12
    assert 'class="badge s-not_due">Chưa đến hạn' in pl and "dự báo 100,0%" in pl
    tc = _row(html, "target-TC")
    assert "2/6" in tc and "33,3%" in tc and "≥ 100%" in tc and "s-at_risk" in tc
    ths = _row(html, "target-THS")
    assert "2 người" in ths and "2–3 người" in ths and 'class="badge s-met">Đạt' in ths
    assert "toàn tỉnh" in html


def test_years_table_evaluates_past_years_at_year_end_and_this_year_at_the_date(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025&phan=theo-nam").content.decode()
    assert _year_cells(html, "PL") == {"2021": "0,0%", "2022": "0,0%", "2023": "0,0%", "2024": "33,3%", "2025": "50,0%"}
    assert "30/06/2025" in html.split('id="by-year"', 1)[1].split("</thead>", 1)[0]
    assert _year_cells(html, "THS")["2023"] == "2 người"
    assert _year_cells(html, "THS")["2022"] == "0 người"


def test_years_after_the_date_are_left_empty(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=31/03/2024&phan=theo-nam").content.decode()
    cells = _year_cells(html, "PL")
    assert cells["2024"] == "16,7%"  # An, 10/03/2024: 1/6
    assert cells["2025"] == "–"


def test_page_shows_the_days_figures_and_asks_for_the_years_through_htmx(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025&don_vi=SGD").content.decode()
    assert 'hx-get="/ke-hoach/KH-TEST/chi-tieu/?ngay=30/06/2025&amp;don_vi=SGD&amp;phan=theo-nam"' in html
    assert 'id="by-year"' not in html
    part = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025&don_vi=SGD&phan=theo-nam").content.decode()
    assert "<html" not in part and _year_cells(part, "PL")["2025"] == "50,0%"  # Dũng of Dũng, Em


def test_agency_grid_has_one_row_per_top_level_unit_with_coloured_values(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025").content.decode()
    assert "33,3%" in _grid_row(html, "SYT")  # An of An, Bình, Cường
    assert "50,0%" in _grid_row(html, "SGD")
    assert "100,0%" in _grid_row(html, "H01") and "s-met" in _grid_row(html, "H01")


def test_each_target_has_a_trend_chart_with_a_point_per_evaluated_year(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025&phan=theo-nam").content.decode()
    chart = html.split('id="chart-PL"', 1)[1].split("</figure>", 1)[0]
    assert chart.count("<circle") == 5
    assert "2024: 33,3%" in chart and 'class="goal"' in chart


def test_officer_sees_their_agency_against_the_provincial_total(client_as, plan, population):
    html = client_as("can_bo_so_y_te").get(URL + "?ngay=30/06/2025").content.decode()
    pl = _row(html, "target-PL")
    assert "1/3" in pl and "33,3%" in pl  # Sở Y tế: An of An, Bình, Cường
    assert "50,0%" in pl.split('class="num province"', 1)[1]  # the province, for comparison
    assert 'data-unit="SGD"' not in html and 'data-unit="H01"' not in html
    assert "Toàn tỉnh (để so sánh)" in html
    # the grid breaks the agency down: its own office (An, Cường) and each sub-unit (Bình)
    assert "Cơ quan Sở Y tế" in _grid_row(html, "SYT") and "50,0%" in _grid_row(html, "SYT")
    assert "Bệnh viện" in _grid_row(html, "BVDK") and "0,0%" in _grid_row(html, "BVDK")
    assert html.index('data-unit="SYT"') < html.index('data-unit="BVDK"')


def test_home_affairs_may_narrow_to_any_unit(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025&don_vi=SGD").content.decode()
    assert "1/2" in _row(html, "target-PL")


@pytest.mark.parametrize("unit", ["SGD", "THPT1", "KHONG-CO"])
def test_officer_asking_for_a_unit_outside_their_agency_gets_404(client_as, plan, population, unit):
    assert client_as("can_bo_so_y_te").get(URL + f"?don_vi={unit}").status_code == 404


def test_officer_may_narrow_to_a_unit_inside_their_agency(client_as, plan, population):
    html = client_as("can_bo_so_y_te").get(URL + "?ngay=31/12/2024&don_vi=BVDK").content.decode()
    assert "1/1" in _row(html, "target-PL")  # Bình, 01/06/2024


def test_learner_gets_403_and_a_missing_plan_404(client_as, plan, population):
    assert client_as("hoc_vien").get(URL).status_code == 403
    assert client_as("so_noi_vu").get("/ke-hoach/KHONG-CO/chi-tieu/").status_code == 404


def test_a_bad_date_is_reported_and_the_default_date_used(client_as, plan, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=31/02/2025").content.decode()
    assert "không hợp lệ" in html and "31/12/2025" in html


def test_default_date_is_today_or_the_plans_last_day(plan):
    import datetime as dt

    assert selectors.default_date(plan, dt.date(2026, 11, 23)) == dt.date(2025, 12, 31)
    assert selectors.default_date(plan, dt.date(2023, 5, 2)) == dt.date(2023, 5, 2)


def test_results_are_stored_until_the_data_changes(client_as, plan, population, monkeypatch):
    from apps.dashboard.tests.conftest import _trained
    from apps.targets import engine
    from apps.training.models import Programme

    calls = []
    real = engine.evaluate_plan
    monkeypatch.setattr(engine, "evaluate_plan", lambda *a, **k: calls.append(k) or real(*a, **k))
    client = client_as("so_noi_vu")
    client.get(URL + "?ngay=30/06/2025")
    assert len(calls) == 1  # the figures of the day
    client.get(URL + "?ngay=30/06/2025&phan=theo-nam")
    first = len(calls)
    assert first == 5  # one run per year of the period, 2025 (the day's) stored
    client.get(URL + "?ngay=30/06/2025")
    client.get(URL + "?ngay=30/06/2025&phan=theo-nam")
    assert len(calls) == first  # read from the stored results
    _trained(population["cuong"], Programme.objects.get(code="LAW"), selectors.dt.date(2025, 6, 1))
    html = client.get(URL + "?ngay=30/06/2025").content.decode()
    assert len(calls) > first and "4/6" in _row(html, "target-PL")


def test_a_target_the_engine_refuses_is_reported_in_words(client_as, plan, population):
    target = plan.targets.get(code="PL")
    target.spec = {**target.spec, "measure": {"kind": "khong_co"}}
    target.save()
    response = client_as("so_noi_vu").get(URL)
    assert response.status_code == 422 and "measure.kind" in response.content.decode()
    assert client_as("so_noi_vu").get(URL + "PL/").status_code == 422


def test_officer_whose_agency_was_merged_away_follows_its_successor(client_as, plan, population, province,
                                                                    personas):
    import datetime as dt

    from apps.organization.services import unit_merge

    unit_merge(actor=personas["so_noi_vu"], sources=[province["SYT"]], target=province["SGD"], on=dt.date(2025, 7, 1))
    html = client_as("can_bo_so_y_te").get(URL + "?ngay=31/12/2025").content.decode()
    assert "Sở Giáo dục và Đào tạo" in html.split('id="scope"', 1)[1][:80]
    assert "2/5" in _row(html, "target-PL")  # An and Dũng of An, Bình, Cường, Dũng, Em
