"""Sở Nội vụ keeps the reference data (/danh-muc/) and an officer records People's Council seats
on the person form, in a real browser at 1366 and 390 px; then a walk over the main pages as Sở
Nội vụ finds no English placeholder and no raw key. Screenshots go to $DTBD_SCREENSHOTS when set."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.accounts.access import SYSTEM

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)


def _check_fits(page, name: str, tmp_path: Path) -> None:
    """Nothing wider than the screen but the tables' own scroll boxes; a screenshot per width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .filter(e => !e.closest('.table-scroll, table.list'))
            .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert not wide, f"{name} at {width}px: wider than the screen: {wide}"
        folder = Path(os.environ.get("DTBD_SCREENSHOTS") or tmp_path)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def council(province):
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create

    return unit_create(actor=SYSTEM, code="HDND", name="HĐND tỉnh Sóc Trăng", level=Level.PROVINCE,
                       kind=UnitKind.COUNCIL, parent=province["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)


def test_so_noi_vu_adds_then_retires_a_leadership_position(page, live_server, personas, login, tmp_path):
    login(page, live_server, "so_noi_vu")
    page.locator("header nav summary", has_text="Quản trị").click()  # the admin pages are grouped
    page.get_by_role("link", name="Danh mục", exact=True).click()
    expect(page.get_by_role("heading", name="Danh mục dùng chung")).to_be_visible()
    _check_fits(page, "danh-muc", tmp_path)
    page.get_by_role("link", name="Chức vụ lãnh đạo, quản lý").click()
    page.get_by_role("link", name="Thêm chức vụ").click()
    page.fill("#id_code", "PHO_TRUONG_KHOA")
    page.fill("#id_name", "Phó Trưởng khoa")
    page.fill("#id_order", "60")
    _check_fits(page, "danh-muc-them", tmp_path)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu chức vụ PHO_TRUONG_KHOA")
    row = page.locator("#values tbody tr", has_text="Phó Trưởng khoa")
    expect(row).to_contain_text("Đang dùng")
    _check_fits(page, "danh-muc-chuc-vu", tmp_path)
    row.get_by_role("button", name="Ngừng dùng").click()
    expect(page.locator(".messages")).to_contain_text("hồ sơ cũ vẫn giữ, nhưng không còn để chọn")
    expect(page.locator("#values tbody tr", has_text="Phó Trưởng khoa")).to_contain_text("Ngừng dùng")
    page.goto(f"{live_server.url}/nhan-su/them/")
    expect(page.locator("#id_position option", has_text="Phó Trưởng khoa")).to_have_count(0)
    expect(page.locator("#id_position option").first).to_have_text("— Chọn —")


def test_an_officer_records_and_ends_a_council_seat_on_the_person_form(page, live_server, personas, login, tmp_path,
                                                                       council, province, make_person):
    teacher = make_person(province["BVDK"], "Thạch Thị Sa Rinh", category="vien_chuc")
    login(page, live_server, "can_bo_so_y_te")
    page.goto(f"{live_server.url}/nhan-su/{teacher.code}/sua/")
    editor = page.locator("#council-seats")
    expect(editor).to_contain_text("Chưa có ghế đại biểu HĐND nào.")
    editor.locator("#id_term").select_option("2021-2026")
    editor.locator("#id_council").select_option(label="HĐND tỉnh Sóc Trăng (cấp tỉnh)")
    editor.locator("#id_valid_from").fill("01/07/2021")
    editor.get_by_role("button", name="Thêm ghế đại biểu").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi ghế đại biểu HĐND tỉnh Sóc Trăng nhiệm kỳ 2021-2026")
    seat = page.locator("#seats-table tbody tr", has_text="2021-2026")
    expect(seat).to_contain_text("nay")
    page.locator("#council-seats").scroll_into_view_if_needed()
    _check_fits(page, "ho-so-dai-bieu-hdnd", tmp_path)
    seat.locator("input[name=on]").fill("31/12/2024")
    seat.get_by_role("button", name="Ghi", exact=True).click()
    expect(page.locator("#seats-table tbody tr", has_text="2021-2026")).to_contain_text("31/12/2024")
    page.goto(f"{live_server.url}/nhan-su/{teacher.code}/")
    expect(page.locator("#council-seats")).to_contain_text("HĐND tỉnh Sóc Trăng")
    audit = page.locator("#audit")
    expect(audit).to_contain_text("Đại biểu HĐND")
    expect(audit).not_to_contain_text("— → —")


def _history(admin, province, make_person) -> None:
    """Audit entries of the kinds that read badly before: a person created (ids), a demo summary
    and a plan load (raw keys), a roadmap generation (a nested dict)."""
    from django.conf import settings

    from apps.core.audit import audit_write
    from apps.core.models import AuditEntry
    from apps.organization.models import Level, UnitKind
    from apps.organization.services import unit_create
    from apps.plans.services import plan_load

    for code, name in (("SNV", "Sở Nội vụ"), ("STC", "Sở Tài chính")):  # the seed plan's roadmap names them
        unit_create(actor=SYSTEM, code=code, name=name, level=Level.PROVINCE, kind=UnitKind.STATE,
                    parent=province["TINH"], valid_from=dt.date(2020, 1, 1), audit=False)
    make_person(province["SYT"], "Hồ Thị Nhật Ký")
    audit_write(actor=SYSTEM, action=AuditEntry.Action.IMPORT, target_type="demo",
                changes={"province": [None, "Sóc Trăng"], "persons": [None, 600], "units_created": [None, 429]})
    plan_load(actor=admin, text=(settings.BASE_DIR / "plans" / "soc-trang-2021-2025.yaml").read_text(encoding="utf-8"))


ENGLISH = ("Select an option", "---------", "docs/", "measure standard", "persons:", "units created",
           "legal_bases", "targets 18", "— → —", "None", "True", "False", "national id",
           "units total", "roadmap tasks")


def test_the_main_pages_show_no_english_placeholder_nor_raw_key(page, live_server, personas, login, province,
                                                                 make_person, council, tmp_path):
    from apps.people.models import Person

    _history(personas["so_noi_vu"], province, make_person)
    person = Person.objects.get(full_name="Hồ Thị Nhật Ký")
    login(page, live_server, "so_noi_vu")
    pages = ["/nhan-su/", "/nhan-su/them/", f"/nhan-su/{person.code}/", f"/nhan-su/{person.code}/sua/",
             "/nhan-su/nhap/", "/dao-tao/lop/", "/dao-tao/lop/them/", "/dao-tao/chuong-trinh/", "/ke-hoach/",
             "/ke-hoach/tai-len/", "/ke-hoach/soc-trang-2021-2025/", "/nhat-ky/", "/don-vi/", "/tieu-chuan/",
             "/tai-khoan/", "/tai-khoan/them/", "/danh-muc/",
             *[f"/danh-muc/{key}/" for key in ("chuc-vu", "ngach", "chuong-trinh", "co-so", "noi-dung", "hinh-thuc")],
             "/danh-muc/ngach/them/", "/danh-muc/chuc-vu/nhap/"]
    found = []
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        text = page.locator("body").inner_text()
        options = " ".join(page.locator("option").all_inner_texts())
        found += [f"{path}: “{word}”" for word in ENGLISH if word in text or word in options]
        found += [f"{path}: id in “{m.group(0)}”" for m in re.finditer(r"(dân tộc|đơn vị|ngạch, chức danh|chức vụ): — → \d+\b",
                                                                    text)]
    assert not found, "\n".join(found)
    page.goto(f"{live_server.url}/nhat-ky/")
    log = page.locator("body")
    expect(log).to_contain_text("số hồ sơ: — → 600")
    expect(log).to_contain_text("dân tộc: — → Kinh")
    expect(log).to_contain_text("chỉ tiêu 18")
    _check_fits(page, "nhat-ky", tmp_path)
    page.goto(f"{live_server.url}/dao-tao/lop/them/")
    _check_fits(page, "lop-them", tmp_path)
