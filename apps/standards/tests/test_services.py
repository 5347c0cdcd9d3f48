"""Writing standards: Sở Nội vụ only, audited, replacements close the old one, overlaps refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM
from apps.core.models import AuditEntry
from apps.standards import services
from apps.standards.models import Standard
from apps.standards.tests.conftest import CVC, D


def _data(**kw):
    values = dict(code="TP-2026", name="Tiêu chuẩn Trưởng phòng (2026)", position_code="TRUONG_PHONG",
                  effective_from=D(2026, 1, 1), legal_basis="Quyết định 1/2026/QĐ-UBND",
                  requirements={"chuyen_mon": "dai_hoc", "ly_luan_chinh_tri": "cao_cap"})
    values.update(kw)
    return services.StandardData(**values)


def test_a_new_standard_closes_the_open_one_it_replaces_and_is_audited(standards, personas):
    new = services.standard_create(actor=personas["so_noi_vu"], data=_data())
    old = Standard.objects.get(code="TP-2020")
    assert old.effective_to == D(2025, 12, 31)
    assert {(r.dimension, r.min_level.code) for r in new.requirements.all()} == {
        ("chuyen_mon", "dai_hoc"), ("ly_luan_chinh_tri", "cao_cap")}
    entry = AuditEntry.objects.get(target_type="standard", target_id=new.pk)
    assert entry.actor == personas["so_noi_vu"] and "Thay thế TP-2020" in entry.note


def test_the_replacement_by_the_fixture_closed_cvc_2014_the_day_before(standards):
    assert standards["CVC-2014"].effective_to == D(2021, 7, 31)


def test_an_overlap_with_a_closed_standard_is_refused_and_nothing_written(standards):
    with pytest.raises(ValidationError, match="Trùng thời gian hiệu lực với tiêu chuẩn CVC-2014"):
        services.standard_create(actor=SYSTEM, data=_data(code="CVC-X", position_code="", rank_code=CVC,
                                                        effective_from=D(2020, 1, 1), effective_to=D(2020, 12, 31)))
    assert not Standard.objects.filter(code="CVC-X").exists()


@pytest.mark.parametrize("persona", ["can_bo_so_y_te", "lanh_dao", "hoc_vien"])
def test_only_the_department_of_home_affairs_writes_standards(standards, personas, persona):
    with pytest.raises(PermissionDenied):
        services.standard_create(actor=personas[persona], data=_data())


@pytest.mark.parametrize("change, message", [
    ({"position_code": "", "rank_code": ""}, "đúng một trong hai"),
    ({"rank_code": CVC}, "đúng một trong hai"),
    ({"position_code": "KHONG_CO"}, "Không có chức vụ mã"),
    ({"requirements": {"ly_luan_chinh_tri": "tien_si"}}, "Lý luận chính trị: không có trình độ mã “tien_si”"),
    ({"requirements": {"bogus": "x"}}, "Lĩnh vực “bogus”"),
    ({"required_fostering": "bogus"}, "Loại bồi dưỡng"),
    ({"effective_to": D(2025, 1, 1)}, "Ngày hết hiệu lực"),
    ({"legal_basis": ""}, "căn cứ pháp lý"),
])
def test_bad_input_is_refused_in_vietnamese(standards, change, message):
    with pytest.raises(ValidationError, match=message):
        services.standard_create(actor=SYSTEM, data=_data(**change))


def test_update_replaces_requirements_and_records_the_diff(standards, personas):
    tp = standards["TP-2020"]
    data = _data(code="TP-2020", effective_from=D(2020, 1, 1), requirements={"chuyen_mon": "thac_si"})
    services.standard_update(actor=personas["so_noi_vu"], standard=tp, data=data)
    assert [(r.dimension, r.min_level.code) for r in tp.requirements.all()] == [("chuyen_mon", "thac_si")]
    entry = AuditEntry.objects.filter(target_type="standard", target_id=tp.pk, action="update").get()
    assert "requirements" in entry.changes and "legal_basis" in entry.changes


def test_load_is_all_or_nothing_and_names_the_item(standards):
    good = _data(code="TP-2026")
    bad = _data(code="PTP-2026", position_code="KHONG_CO")
    with pytest.raises(ValidationError, match=r"Mục 2 \(mã PTP-2026\), chức vụ: Không có chức vụ mã"):
        services.standards_load(actor=SYSTEM, items=[good, bad])
    assert not Standard.objects.filter(code__in=["TP-2026", "PTP-2026"]).exists()
    assert Standard.objects.get(code="TP-2020").effective_to is None


def test_load_twice_updates_in_place(standards):
    assert services.standards_load(actor=SYSTEM, items=[_data()]) == (1, 0)
    assert services.standards_load(actor=SYSTEM, items=[_data()]) == (0, 1)
    assert Standard.objects.filter(position__code="TRUONG_PHONG").count() == 2
