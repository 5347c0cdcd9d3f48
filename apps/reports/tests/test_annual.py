"""Every figure of the annual statistics over the dataset of conftest.py, stated by hand."""

from decimal import Decimal

import pytest

from apps.reports.annual import annual_stats, as_json
from apps.reports.selection import SelectionError, select

pytestmark = pytest.mark.django_db


def test_the_provinces_2025_figures(dataset):
    stats = annual_stats(select(dataset["personas"]["so_noi_vu"], year=2025))
    assert (stats.luot, stats.people, stats.abroad) == (6, 5, 1)
    cat = {c.value: (c.luot, c.people) for c in stats.dim("category")}
    assert cat == {"can_bo": (1, 1), "cong_chuc": (3, 2), "vien_chuc": (2, 2), "khong_chuyen_trach": (0, 0)}
    level = {c.value: (c.luot, c.people) for c in stats.dim("level")}
    assert level == {"province": (4, 3), "district": (1, 1), "commune": (1, 1)}
    assert stats.cell("kind", "dao_tao").luot == 2 and stats.cell("kind", "boi_duong").luot == 4
    assert stats.cell("degree", "thac_si").luot == 1 and stats.cell("degree", "trung_cap").luot == 1
    assert stats.cell("family", "cap_nhat").luot == 3 and stats.cell("family", "chuc_vu").luot == 1
    assert stats.cell("form", "tap_trung").luot == 6
    assert stats.cell("place", "trong_nuoc").luot == 5
    assert (stats.cell("leader", "co").luot, stats.cell("leader", "co").people) == (2, 1)
    assert stats.cell("women", "nu").luot == 2  # B and C
    assert stats.cell("minority", "dtts").luot == 2  # B and D
    assert {c.value: c.luot for c in stats.areas} == {
        "phap_luat": 2, "dao_duc": 1, "chuyen_mon_nghiep_vu": 1, "ly_luan_chinh_tri": 1, "lanh_dao_quan_ly": 1}
    assert [(c.value, c.luot) for c in stats.countries] == [("Úc", 1)]


def test_classes_spending_and_shares(dataset):
    stats = annual_stats(select(dataset["personas"]["so_noi_vu"], year=2025))
    assert stats.classes == 2
    assert {(r.label, r.classes, r.luot) for r in stats.by_organiser} == {("Sở Y tế", 1, 2), ("UBND tỉnh Sóc Trăng", 1, 1)}
    assert [(r.label, r.classes, r.luot) for r in stats.by_provider] == [("Trường Chính trị tỉnh", 2, 3)]
    sources = {r.code: (r.planned, r.amount, r.share) for r in stats.sources}
    assert sources == {
        "ngan_sach_trung_uong": (50_000_000, 48_000_000, Decimal("27.7")),
        "ngan_sach_dia_phuong": (30_000_000, 25_000_000, Decimal("14.5")),
        "tai_tro_nuoc_ngoai": (0, 100_000_000, Decimal("57.8")),
    }
    assert sum(r.share for r in stats.sources) == Decimal(100)
    assert (stats.planned, stats.spent) == (80_000_000, 173_000_000)


def test_the_yearly_minimum_and_the_year_before(dataset):
    stats = annual_stats(select(dataset["personas"]["so_noi_vu"], year=2025))
    # civil servants on 31/12/2025: A (40 tiết of LEAD after 1/7) met, E (8 tiết) short
    m = stats.minimum
    assert (m.applies, m.civil_servants, m.met, m.short) == (True, 2, 1, 1)
    assert (stats.previous[("all", "")].luot, stats.previous[("all", "")].people) == (1, 1)
    assert annual_stats(select(dataset["personas"]["so_noi_vu"], year=2024)).minimum.applies is False


def test_an_officer_gets_their_agency_only(dataset):
    stats = annual_stats(select(dataset["personas"]["can_bo_so_y_te"], year=2025))
    assert (stats.luot, stats.people, stats.abroad, stats.classes) == (3, 2, 0, 1)
    assert stats.sel.unit.code == "SYT"
    with pytest.raises(SelectionError, match="Không có đơn vị mã “SGD”"):
        select(dataset["personas"]["can_bo_so_y_te"], year=2025, unit="SGD")


def test_an_officers_unit_list_starts_with_their_agency_and_sentences_keep_its_capital(dataset):
    from apps.accounts.access import scope_of
    from apps.reports.annual_report import opening_sentence
    from apps.reports.units import unit_choices

    officer = dataset["personas"]["can_bo_so_y_te"]
    choices = unit_choices(scope_of(officer))
    assert choices[0][0] == "SYT" and len(choices) > 1  # then its sub-units (BVDK…), by name
    stats = annual_stats(select(officer, year=2025))
    assert opening_sentence(stats).startswith("Năm 2025, Sở Y tế đã tổ chức")
    assert "Năm 2025, toàn tỉnh đã tổ chức" in opening_sentence(annual_stats(select(dataset["personas"]["so_noi_vu"], year=2025)))


def test_a_unit_and_a_period(dataset):
    stats = annual_stats(select(dataset["personas"]["so_noi_vu"], start="2025-01-01", end="2025-06-30", unit="SGD"))
    assert (stats.luot, stats.people, stats.abroad) == (1, 1, 1)
    assert stats.sel.period_label == "Từ ngày 01/01/2025 đến ngày 30/06/2025"


def test_the_json_contract(dataset):
    data = as_json(annual_stats(select(dataset["personas"]["so_noi_vu"], year=2025)))
    assert (data["lượt"], data["people"], data["abroad"]) == (6, 5, 1)
    assert {c["code"]: c["lượt"] for c in data["by_category"]}["vien_chuc"] == 2
    assert [(s["code"], s["amount"], s["share"]) for s in data["by_funding_source"]] == [
        ("ngan_sach_trung_uong", 48_000_000, 27.7), ("ngan_sach_dia_phuong", 25_000_000, 14.5),
        ("tai_tro_nuoc_ngoai", 100_000_000, 57.8)]
    assert data["classes"]["total"] == 2


def test_a_learner_may_not(dataset):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        select(dataset["personas"]["hoc_vien"], year=2025)
