"""The dashboard with the richer targets (issue 14): an empty province is "Không có đối tượng",
never Đạt; parts sit under their parent; aspirational targets say "phấn đấu"; the drill-down says
why its status is what it is (each agency on its own, rounding, forecast)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache

from apps.dashboard.explain import explain
from apps.dashboard.tests.conftest import PL, TC
from apps.plans.models import Plan, PlanTarget

URL = "/ke-hoach/KH-TEST/chi-tieu/"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {row_id}"
    return re.sub(r"\s+", " ", match.group(1))


def test_a_plan_over_a_province_without_data_shows_no_target_as_met(client_as, plan, personas):
    """Only the learner persona (a viên chức) exists: PL and TC have nobody to count, THS counts 0."""
    html = client_as("so_noi_vu").get(URL + "?ngay=31/12/2025").content.decode()
    statuses = dict(re.findall(r'<tr id="target-([A-Z]+)" data-status="([a-z_]+)"', html))
    assert statuses == {"PL": "no_population", "TC": "no_population", "THS": "not_met"}
    assert "Không có đối tượng" in _row(html, "target-PL")
    assert 'class="badge s-met"' not in html.split('id="targets"', 1)[1].split("</table>", 1)[0]
    assert 'class="badge s-no_population">Không có đối tượng</span>' in html.split('class="legend"', 1)[1]
    assert "phấn đấu" not in html.split('class="legend"', 1)[1].split("</p>", 1)[0]  # no such target here
    detail = client_as("so_noi_vu").get(URL + "PL/?ngay=31/12/2025").content.decode()
    why = detail.split('id="why"', 1)[1].split("</div>", 1)[0]
    assert "Vì sao không có đối tượng?" in why and "không có ai thuộc đối tượng của chỉ tiêu" in why


def test_dtbd_targets_json_reports_no_population(plan, personas, capsys):
    from dtbd.cli import main

    assert main(["targets", "--plan", "KH-TEST", "--at", "2025-12-31", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [(t["code"], t["status"], t["value"]) for t in result["targets"]] == [
        ("PL", "no_population", None), ("TC", "no_population", None), ("THS", "not_met", 0)]
    assert main(["targets", "--plan", "KH-TEST", "--at", "2025-12-31"]) == 0
    assert "Không có đối tượng" in capsys.readouterr().out


def test_each_agency_on_its_own_is_explained_with_how_many_reach_it(client_as, plan, population):
    """PL at 50% on 31/12/2025: 3/6 overall (SYT 1/3, SGD 1/2, H01 1/1), each agency on its own."""
    target = plan.targets.get(code="PL")
    target.spec = {**PL, "goal": {"min": 50, "unit": "percent"}, "each_unit": True}
    target.save()
    html = client_as("so_noi_vu").get(URL + "PL/?ngay=31/12/2025").content.decode()
    why = re.sub(r"\s+", " ", html.split('id="why"', 1)[1].split("</div>", 1)[0])
    assert "Vì sao chưa đạt?" in why
    assert "Kết quả chung 3/6 = 50,0%, đạt mục tiêu ≥ 50%." in why
    assert ("Chỉ tiêu yêu cầu từng cơ quan, đơn vị tự đạt: 2/3 cơ quan, đơn vị đạt; chưa đạt: Sở Y tế (33,3%)."
            in why)
    assert "Vì vậy, dù tỷ lệ chung đạt, chỉ tiêu được đánh giá là chưa đạt." in why
    assert "Thời hạn 31/12/2025 đã đến." in why
    board = client_as("so_noi_vu").get(URL + "?ngay=31/12/2025").content.decode()
    assert "1/3 cơ quan, đơn vị chưa đạt" in _row(board, "target-PL")
    assert "cơ quan, đơn vị chưa đạt" not in _row(board, "target-TC")  # not reached overall: no hint
    # Sở Y tế's officer sees their own agency's status: no sentence about the other agencies
    own = client_as("can_bo_so_y_te").get(URL + "PL/?ngay=31/12/2025").content.decode()
    assert "cơ quan, đơn vị tự đạt" not in own.split('id="why"', 1)[1].split("</div>", 1)[0]


def test_a_value_rounded_up_to_the_goal_is_explained():
    """1.599/2.000 = 79,95% is shown 80,0% but does not reach ≥ 80%."""
    result = {"code": "X", "numerator": 1599, "denominator": 2000, "value": 80.0, "status": "not_met",
              "goal": {"min": 80, "max": None, "unit": "percent"}, "deadline": "2024-12-31", "forecast": 80.0,
              "by_unit": []}
    assert explain(result) == [
        "Kết quả 80,0% là số đã làm tròn: 1.599/2.000 = 79,95%, vẫn thấp hơn mục tiêu ≥ 80% "
        "(so sánh chính xác, không làm tròn).", "Thời hạn 31/12/2024 đã đến."]


def test_approximate_aspirational_and_forecast_sentences():
    result = {"code": "HV", "numerator": 6200, "denominator": None, "value": 6200, "status": "met",
              "goal": {"min": 6500, "max": None, "unit": "lượt", "about": True, "tolerance": 5, "threshold": 6175.0},
              "deadline": "2024-12-31", "forecast": 6200, "by_unit": [], "aspirational": True}
    assert explain(result) == [
        "Mục tiêu “khoảng 6.500”: đạt khi từ 6.175 lượt trở lên (cho phép thiếu 5%).",
        "Kết quả chung 6.200 lượt, đạt mục tiêu khoảng 6.500 lượt.",
        "Đây là mục tiêu phấn đấu của kế hoạch, không phải chỉ tiêu bắt buộc."]
    risky = {"code": "PL", "numerator": 1, "denominator": 10, "value": 10.0, "status": "at_risk",
             "goal": {"min": 50, "max": None, "unit": "percent"}, "deadline": "2024-06-30", "forecast": 20.0,
             "by_unit": []}
    assert explain(risky)[-1] == "Có nguy cơ không đạt: giữ nhịp như hiện nay, đến 30/06/2024 dự báo chỉ đạt 20,0%."


@pytest.fixture
def plan_with_parts(db, plan):
    """PL-SYT (Sở Y tế's part of PL) written last in the plan, and TC aspirational."""
    PlanTarget.objects.create(plan=plan, order=9, code="PL-SYT", text="trong đó Sở Y tế ít nhất 30%",
                              spec={"code": "PL-SYT", "text": "trong đó Sở Y tế ít nhất 30%",
                                    "part_of": {"target": "PL", "population": {"units": ["SYT"]}},
                                    "goal": {"min": 30, "unit": "percent"}})
    tc = plan.targets.get(code="TC")
    tc.spec = {**TC, "aspirational": True}
    tc.save()
    return Plan.objects.get(pk=plan.pk)


def test_a_part_is_shown_nested_under_its_parent(client_as, plan_with_parts, population):
    html = client_as("so_noi_vu").get(URL + "?ngay=30/06/2025").content.decode()
    table = html.split('id="targets"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<tr id="target-([A-Z-]+)"', table) == ["PL", "PL-SYT", "TC", "THS"]
    assert 'class="part depth-1" data-part-of="PL"' in table
    part = _row(html, "target-PL-SYT")
    assert "trong đó Sở Y tế" in part and "trong đó:" not in part and "1/3" in part and "33,3%" in part and "Đạt" in part
    grid_head = html.split('id="grid"', 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'class="num target"[^>]*>([A-Z-]+)<', grid_head) == ["PL", "PL-SYT", "TC", "THS"]
    assert "phấn đấu" in _row(html, "target-TC")
    legend = html.split('class="legend"', 1)[1].split("</p>", 1)[0]
    assert "mục tiêu phấn đấu, không bắt buộc" in legend and "“trong đó”: một phần" in legend
    detail = client_as("so_noi_vu").get(URL + "PL-SYT/?ngay=30/06/2025").content.decode()
    assert 'id="part-of"' in detail and "Một phần (“trong đó”) của chỉ tiêu" in detail
    assert "YT-BINH" in detail and "GD-EM" not in detail  # the part's gap list: Sở Y tế only


def test_dtbd_targets_table_nests_parts(plan_with_parts, population, capsys):
    from dtbd.cli import main

    assert main(["targets", "--plan", "KH-TEST", "--at", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith(("PL", "TC", "THS", "  ↳"))]
    assert [line.split()[0 if not line.startswith("  ") else 1] for line in lines] == ["PL", "PL-SYT", "TC", "THS"]
    assert "(phấn đấu)" in next(line for line in lines if line.startswith("TC"))
