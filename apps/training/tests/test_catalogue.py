"""The catalogue: reference data from the migration, programmes, providers, instructors and classes,
and who may change them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.models import AuditEntry
from apps.training import services
from apps.training.models import ContentArea, DeliveryForm, ReimbursementRule


def test_migration_loads_the_seed_content_areas_with_digital_skills_last(db):
    names = list(ContentArea.objects.values_list("name", flat=True))
    assert len(names) == 15
    assert names[0] == "Lý luận chính trị"
    assert "Tiếng dân tộc thiểu số" in names and "Kỹ năng hoạt động đại biểu HĐND" in names
    assert names[-1] == "Kỹ năng số, chuyển đổi số"


def test_migration_loads_five_forms_of_which_only_tap_trung_is_full_time(db):
    forms = dict(DeliveryForm.objects.values_list("code", "is_full_time"))
    assert forms == {"tap_trung": True, "ban_tap_trung": False, "vua_lam_vua_hoc": False, "tu_xa": False,
                     "truc_tuyen": False}


def test_migration_seeds_decree_101_for_everyone_and_decree_171_for_civil_servants(db):
    d101 = ReimbursementRule.objects.get(legal_basis__startswith="Nghị định 101/2017")
    d171 = ReimbursementRule.objects.get(legal_basis__startswith="Nghị định 171/2025")
    assert d101.effective_from == dt.date(2017, 9, 1) and set(d101.categories) >= {"can_bo", "cong_chuc", "vien_chuc"}
    assert d171.effective_from == dt.date(2025, 7, 1) and d171.categories == ["cong_chuc"]
    assert d171.commitment_multiplier == 3 and d171.is_configurable_default
    assert dict(d101.causes.values_list("cause", "method")) == {
        "left_service": "pro_rata", "quit_course": "full", "no_degree": "full"}


def test_department_extends_content_areas_and_an_agency_officer_cannot(personas):
    area = services.content_area_create(actor=personas["so_noi_vu"], code="tri_tue_nhan_tao",
                                        name="Trí tuệ nhân tạo trong công vụ")
    assert area in ContentArea.objects.all()
    with pytest.raises(PermissionDenied):
        services.content_area_create(actor=personas["can_bo_so_y_te"], code="x", name="Nội dung khác")


def test_a_programme_needs_at_least_one_content_area(personas):
    with pytest.raises(ValidationError, match="ít nhất một nội dung"):
        services.programme_create(actor=personas["so_noi_vu"], code="P1", name="Không nội dung",
                                  kind="boi_duong", fostering_family="cap_nhat", content_areas=[])


def test_a_degree_programme_needs_a_degree_level_and_no_fostering_family(personas):
    areas = ContentArea.objects.filter(code="chuyen_mon_nghiep_vu")
    with pytest.raises(ValidationError, match="Đào tạo phải có trình độ"):
        services.programme_create(actor=personas["so_noi_vu"], code="P2", name="Đại học", kind="dao_tao",
                                  content_areas=areas)
    with pytest.raises(ValidationError):
        services.programme_create(actor=personas["so_noi_vu"], code="P3", name="Lẫn lộn", kind="dao_tao",
                                  degree_level="dai_hoc", fostering_family="cap_nhat", content_areas=areas)


def test_programme_creation_is_audited_with_its_content_areas(catalogue):
    entry = AuditEntry.objects.get(target_type="programme", target_id=catalogue["programmes"]["tcllct"].pk)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["content_areas"] == [None, "ly_luan_chinh_tri, quan_ly_nha_nuoc"]


def test_a_provider_adds_its_own_instructors_but_not_another_providers(catalogue):
    own = services.instructor_create(actor=catalogue["truong_chinh_tri"], provider=catalogue["school"],
                                     full_name="Lê Văn Tám", kind="co_huu", practical_management_years=7)
    assert own.provider == catalogue["school"]
    with pytest.raises(PermissionDenied):
        services.instructor_create(actor=catalogue["truong_chinh_tri"], provider=catalogue["university"],
                                   full_name="Người Khác", kind="co_huu")


def test_an_agency_officer_organises_classes_in_their_subtree_only(make_class, personas):
    klass = make_class(organiser="BVDK", actor=personas["can_bo_so_y_te"])
    assert klass.organiser.code == "BVDK"
    with pytest.raises(PermissionDenied):
        make_class(organiser="SGD", actor=personas["can_bo_so_y_te"])


def test_a_provider_cannot_create_or_change_classes(make_class, catalogue):
    with pytest.raises(PermissionDenied):
        make_class(actor=catalogue["truong_chinh_tri"])


def test_a_class_cannot_end_before_it_starts(make_class):
    with pytest.raises(ValidationError, match="Ngày kết thúc"):
        make_class(start=dt.date(2024, 5, 1), end=dt.date(2024, 4, 30))


def test_instructors_of_another_provider_cannot_teach_a_class(make_class, catalogue, personas):
    klass = make_class(provider="school")
    outsider = services.instructor_create(actor=personas["so_noi_vu"], provider=catalogue["university"],
                                          full_name="Phạm Thị Hoa", kind="thinh_giang")
    with pytest.raises(ValidationError, match="không thuộc Trường Chính trị"):
        services.class_set_instructors(actor=personas["so_noi_vu"], training_class=klass,
                                       assignments=[(outsider, 10)])


def test_the_provider_staffs_its_own_class_and_the_set_is_replaced(make_class, catalogue):
    klass = make_class(provider="school")
    actor = catalogue["truong_chinh_tri"]
    a = services.instructor_create(actor=actor, provider=catalogue["school"], full_name="Lê Văn A", kind="co_huu")
    b = services.instructor_create(actor=actor, provider=catalogue["school"], full_name="Lê Văn B",
                                   kind="thinh_giang")
    services.class_set_instructors(actor=actor, training_class=klass, assignments=[(a, 20), (b, 20)])
    services.class_set_instructors(actor=actor, training_class=klass, assignments=[(b, 40)])
    assert [(t.instructor.full_name, t.hours_taught) for t in klass.teaching.all()] == [("Lê Văn B", 40)]


def test_class_budget_lines_are_stored_per_funding_source_in_dong(make_class, personas):
    klass = make_class()
    services.class_set_budget(actor=personas["so_noi_vu"], training_class=klass,
                              lines={"ngan_sach_dia_phuong": (63_900_219_000, 60_000_000_000),
                                     "ca_nhan_tu_tuc": (5_000_000, None)})
    assert dict(klass.budget.values_list("funding_source", "planned_amount")) == {
        "ngan_sach_dia_phuong": 63_900_219_000, "ca_nhan_tu_tuc": 5_000_000}
