"""A person's dated service history: updates with an effective date, status changes, and who may
write which unit's people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM
from apps.core.models import AuditEntry
from apps.people.models import Ethnicity, Person, Rank, ServicePeriod
from apps.people.services import (
    PersonData,
    check_can_write_unit,
    person_create,
    person_set_status,
    person_update,
)

D = dt.date



def data_of(person: Person, **changes) -> PersonData:
    fields = {f: getattr(person, f) for f in PersonData.__dataclass_fields__ if hasattr(person, f)}
    return PersonData(**{**fields, **changes})


def history(person: Person) -> list[tuple]:
    return [(p.valid_from, p.valid_to, p.unit.code, p.rank.code if p.rank else None, p.reason)
            for p in ServicePeriod.objects.filter(person=person).select_related("unit", "rank").order_by("valid_from")]


@pytest.fixture
def an(province, make_person):
    return make_person(province["SYT"], "Nguyễn Văn An", rank_id=Rank.objects.get(code="01.003").pk)


def test_changing_rank_with_an_effective_date_closes_the_period_the_day_before_and_opens_one(personas, an):
    senior = Rank.objects.get(code="01.002")
    person_update(actor=personas["so_noi_vu"], person=an, data=data_of(an, rank_id=senior.pk),
                  effective_on=D(2024, 4, 1), reason="Nâng ngạch")
    assert history(an) == [(D(2020, 1, 1), D(2024, 3, 31), "SYT", "01.003", "Tiếp nhận"),
                           (D(2024, 4, 1), None, "SYT", "01.002", "Nâng ngạch")]
    assert Person.objects.get(pk=an.pk).rank == senior
    assert ServicePeriod.objects.on(D(2024, 3, 31)).get(person=an).rank.code == "01.003"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, target_id=an.pk, target_type="person")
    assert entry.actor == personas["so_noi_vu"] and "rank_id" in entry.changes
    assert entry.note == "Hiệu lực từ 01/04/2024"


def test_a_second_change_on_the_same_day_rewrites_that_days_period(personas, an):
    senior, top = Rank.objects.get(code="01.002"), Rank.objects.get(code="01.001")
    person_update(actor=SYSTEM, person=an, data=data_of(an, rank_id=senior.pk), effective_on=D(2024, 4, 1))
    person_update(actor=SYSTEM, person=an, data=data_of(an, rank_id=top.pk), effective_on=D(2024, 4, 1),
                  reason="Sửa sai sót")
    assert history(an) == [(D(2020, 1, 1), D(2024, 3, 31), "SYT", "01.003", "Tiếp nhận"),
                           (D(2024, 4, 1), None, "SYT", "01.001", "Sửa sai sót")]


def test_a_change_dated_before_the_current_period_began_is_refused(personas, an):
    person_update(actor=SYSTEM, person=an, data=data_of(an, rank_id=Rank.objects.get(code="01.002").pk),
                  effective_on=D(2024, 4, 1))
    with pytest.raises(ValidationError) as exc:
        person_update(actor=SYSTEM, person=Person.objects.get(pk=an.pk),
                      data=data_of(an, rank_id=Rank.objects.get(code="01.001").pk), effective_on=D(2023, 1, 1))
    assert exc.value.message_dict["effective_on"] == [
        "Ngày hiệu lực không được trước ngày 01/04/2024 (bắt đầu quá trình công tác hiện tại)."]
    assert len(history(an)) == 2


def test_changing_only_identity_fields_keeps_the_history(personas, an):
    person_update(actor=SYSTEM, person=an, data=data_of(an, full_name="Nguyễn Văn Ân"), effective_on=D(2024, 4, 1))
    assert len(history(an)) == 1


def test_retiring_closes_the_open_period_the_day_before(personas, an):
    person_set_status(actor=personas["can_bo_so_y_te"], person=an, status="retired", on=D(2025, 6, 1),
                      reason="Đủ tuổi nghỉ hưu")
    an = Person.objects.get(pk=an.pk)
    assert (an.status, an.status_on) == ("retired", D(2025, 6, 1))
    assert history(an) == [(D(2020, 1, 1), D(2025, 5, 31), "SYT", "01.003", "Tiếp nhận")]
    assert ServicePeriod.objects.on(D(2025, 5, 31)).filter(person=an).exists()
    assert not ServicePeriod.objects.on(D(2025, 6, 1)).filter(person=an).exists()
    entry = AuditEntry.objects.get(target_id=an.pk, target_type="person", action=AuditEntry.Action.UPDATE)
    assert entry.changes["status"] == ["working", "retired"] and entry.note == "Đủ tuổi nghỉ hưu"


def test_reinstating_opens_a_new_period_and_setting_the_same_status_changes_nothing(personas, an):
    person_set_status(actor=SYSTEM, person=an, status="left", on=D(2023, 1, 1))
    person_set_status(actor=SYSTEM, person=an, status="left", on=D(2023, 5, 1))
    assert Person.objects.get(pk=an.pk).status_on == D(2023, 1, 1)
    person_set_status(actor=SYSTEM, person=an, status="working", on=D(2024, 9, 1))
    assert history(an) == [(D(2020, 1, 1), D(2022, 12, 31), "SYT", "01.003", "Tiếp nhận"),
                           (D(2024, 9, 1), None, "SYT", "01.003", "Trở lại công tác")]
    assert not ServicePeriod.objects.on(D(2024, 1, 1)).filter(person=an).exists()


def test_status_dates_that_would_overlap_the_history_are_refused(personas, an):
    with pytest.raises(ValidationError, match="Ngày nghỉ phải sau ngày 01/01/2020"):
        person_set_status(actor=SYSTEM, person=an, status="retired", on=D(2020, 1, 1))
    person_set_status(actor=SYSTEM, person=an, status="transferred", on=D(2023, 1, 1))
    with pytest.raises(ValidationError, match="Ngày trở lại công tác phải sau ngày 31/12/2022"):
        person_set_status(actor=SYSTEM, person=Person.objects.get(pk=an.pk), status="working", on=D(2022, 6, 1))
    with pytest.raises(ValidationError, match="Trạng thái không hợp lệ"):
        person_set_status(actor=SYSTEM, person=an, status="dead", on=D(2024, 1, 1))


def test_editing_a_retired_person_does_not_reopen_their_service(personas, an):
    person_set_status(actor=SYSTEM, person=an, status="retired", on=D(2023, 1, 1))
    an = Person.objects.get(pk=an.pk)
    person_update(actor=SYSTEM, person=an, data=data_of(an, rank_id=Rank.objects.get(code="01.002").pk))
    assert history(an) == [(D(2020, 1, 1), D(2022, 12, 31), "SYT", "01.003", "Tiếp nhận")]


def _new_person(unit) -> PersonData:
    return PersonData(code="CBMOI", full_name="Lê Văn Mới", gender="nam", birth_date=D(1990, 1, 1),
                      ethnicity_id=Ethnicity.objects.get(name="Kinh").pk, unit_id=unit.pk,
                      category="cong_chuc", joined_on=D(2024, 1, 1))


def test_officer_of_syt_cannot_create_a_person_in_sgd(personas, province):
    with pytest.raises(PermissionDenied, match="ngoài phạm vi quản lý"):
        person_create(actor=personas["can_bo_so_y_te"], data=_new_person(province["SGD"]))
    assert not Person.objects.filter(code="CBMOI").exists()


def test_officer_of_syt_may_create_a_person_in_its_hospital(personas, province):
    person = person_create(actor=personas["can_bo_so_y_te"], data=_new_person(province["BVDK"]))
    assert history(person) == [(D(2024, 1, 1), None, "BVDK", None, "Tiếp nhận")]


def test_officer_cannot_move_their_person_out_of_scope_or_change_another_agencys_status(personas, province, an):
    officer = personas["can_bo_so_y_te"]
    with pytest.raises(PermissionDenied):
        person_update(actor=officer, person=an, data=data_of(an, unit_id=province["SGD"].pk))
    with pytest.raises(PermissionDenied):
        person_set_status(actor=personas["can_bo_so_giao_duc"], person=an, status="retired", on=D(2025, 1, 1))


@pytest.mark.parametrize("persona, allowed", [
    ("so_noi_vu", True), ("can_bo_so_y_te", True), ("can_bo_so_giao_duc", False),
    ("lanh_dao", False), ("hoc_vien", False),
])
def test_who_may_write_the_hospitals_people(personas, province, persona, allowed):
    if allowed:
        check_can_write_unit(personas[persona], province["BVDK"].pk)
    else:
        with pytest.raises(PermissionDenied):
            check_can_write_unit(personas[persona], province["BVDK"].pk)
