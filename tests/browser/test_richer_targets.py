"""The richer targets in a real browser: a part ("trong đó") sits under its parent on the
dashboard, and the parent's drill-down says why it is not met (each agency must reach it alone)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.dashboard.tests.conftest import PL, plan, population, results_inline  # noqa: F401 (fixtures)
from apps.plans.models import PlanTarget

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("results_inline")]  # figures at once


def test_a_part_under_its_parent_and_the_reason_for_a_status(page, live_server, personas, login,
                                                             plan, population):  # noqa: F811
    pl = plan.targets.get(code="PL")
    pl.spec = {**PL, "goal": {"min": 50, "unit": "percent"}, "each_unit": True}
    pl.save()
    PlanTarget.objects.create(plan=plan, order=9, code="PL-SYT", text="trong đó Sở Y tế ít nhất 30%",
                              spec={"part_of": {"target": "PL", "population": {"units": ["SYT"]}},
                                    "goal": {"min": 30, "unit": "percent"}})
    login(page, live_server, "so_noi_vu")
    page.goto(f"{live_server.url}/ke-hoach/KH-TEST/chi-tieu/?ngay=31/12/2025")
    rows = page.locator("#targets tbody tr")
    expect(rows.nth(1)).to_have_attribute("id", "target-PL-SYT")
    expect(rows.nth(1)).to_contain_text("1/3")
    expect(page.locator("#target-PL .badge")).to_have_text("Chưa đạt")

    page.locator("#target-PL").get_by_role("link", name="PL").click()
    why = page.locator("#why")
    expect(why).to_contain_text("Kết quả chung 3/6 = 50,0%, đạt mục tiêu ≥ 50%.")
    expect(why).to_contain_text("từng cơ quan, đơn vị tự đạt: 2/3 cơ quan, đơn vị đạt; chưa đạt: Sở Y tế (33,3%)")
