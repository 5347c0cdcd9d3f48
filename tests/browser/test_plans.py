"""Plans in a real browser: Sở Nội vụ uploads the seed plan with a mistake, reads the line's
message, uploads the good file and lands on the plan page with its targets and roadmap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[2] / "plans" / "soc-trang-2021-2025.yaml"


def _seed_units() -> None:
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    root = unit_create(actor=SYSTEM, code="UBND", name="UBND tỉnh", level=Level.PROVINCE, kind=UnitKind.STATE,
                       valid_from=dt.date(2020, 1, 1), audit=False)
    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):
        unit_create(actor=SYSTEM, code=code, name=name, level=Level.PROVINCE, kind=UnitKind.STATE, parent=root,
                    valid_from=dt.date(2020, 1, 1), audit=False)


def test_department_fixes_a_plan_file_and_opens_the_plan(page, live_server, personas, login, tmp_path):
    from apps.plans.models import Plan

    _seed_units()
    text = SEED.read_text(encoding="utf-8")
    bad, good = tmp_path / "ke-hoach-loi.yaml", tmp_path / "ke-hoach.yaml"
    bad.write_text(text.replace("goal: {min: 80, unit: percent}", 'goal: {min: "tám mươi", unit: percent}', 1),
                   encoding="utf-8")
    good.write_text(text, encoding="utf-8")
    line = bad.read_text(encoding="utf-8").split("tám mươi")[0].count("\n") + 1
    login(page, live_server, "so_noi_vu")

    page.locator("header nav").get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Tải lên tệp kế hoạch").click()
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Kiểm tra và nạp").click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text("chưa nạp gì")
    expect(problems).to_contain_text(f"Dòng {line}, targets[3].goal.min: phải là số")
    assert not Plan.objects.exists()

    page.set_input_files("input[type=file]", str(good))
    page.get_by_role("button", name="Kiểm tra và nạp").click()
    expect(page.locator(".messages")).to_contain_text("Đã tạo kế hoạch soc-trang-2021-2025.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Sóc Trăng giai đoạn 2021 - 2025")
    targets = page.locator("#targets tbody tr")
    expect(targets).to_have_count(18)
    expect(page.locator("#targets")).to_contain_text("được cập nhật kiến thức pháp luật")
    expect(page.locator("#roadmap")).to_contain_text("Sơ kết trong năm 2023 và tổng kết trong quý IV/2025")
    expect(page.locator("#target-dashboard")).to_be_visible()

    page.locator("header nav").get_by_role("link", name="Kế hoạch", exact=True).click()
    expect(page.locator("#plans")).to_contain_text("soc-trang-2021-2025")
