"""Restructuring with dated history: merge, abolish a level, move, update, dissolve.

The province (see conftest): TINH ─ SYT ─ BVDK, SGD ─ THPT1, H01 (district) ─ X01, X02, all
valid from 01/01/2020. Expected outcomes are stated by hand; "as of" questions are asked of the
same selectors and querysets the reports use.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import SYSTEM, scope_of
from apps.core.models import AuditEntry
from apps.organization import selectors, services
from apps.organization.models import Level, Unit, UnitEvent, UnitKind, UnitLink
from apps.people.models import Person, ServicePeriod
from apps.people.selectors import headcount_by_unit, people_moving_count
from apps.people.services import person_set_status

D = dt.date
MERGER = D(2025, 7, 1)
EVE = D(2025, 6, 30)


def codes(ids) -> set[str]:
    return set(Unit.objects.filter(id__in=ids).values_list("code", flat=True))


def children_on(code: str, day: dt.date) -> set[str]:
    unit = Unit.objects.get(code=code)
    return codes(selectors.children_map(day).get(unit.pk, []))


def headcount(day: dt.date) -> dict[str, int]:
    """{unit code: people serving there on day}, from ServicePeriod.objects.on(day)."""
    by_id = headcount_by_unit(day)
    names = dict(Unit.objects.filter(id__in=by_id).values_list("id", "code"))
    return {names[i]: n for i, n in by_id.items()}


def history(person: Person) -> list[tuple]:
    return [(p.valid_from, p.valid_to, p.unit.code, p.level)
            for p in person.periods.select_related("unit").order_by("valid_from")]


def reload(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


@pytest.fixture
def so_noi_vu(personas):
    return personas["so_noi_vu"]


@pytest.fixture
def commune_people(province, make_person):
    """Two people in X01, one in X02, one in the district office H01."""
    return {
        "an": make_person(province["X01"], "Nguyễn Văn An"),
        "binh": make_person(province["X01"], "Lê Thị Bình", gender="nu"),
        "chau": make_person(province["X02"], "Thạch Châu"),
        "dung": make_person(province["H01"], "Trần Văn Dũng"),
    }


def merge_communes(actor, province, decision="Số 1234/NQ-UBTVQH15"):
    return services.unit_merge_into_new(
        actor=actor, sources=[province["X01"], province["X02"]], code="X03", name="UBND xã Mỹ Hương Long",
        on=MERGER, decision=decision,
    )


# --- merging -------------------------------------------------------------------------------------

def test_merging_two_communes_closes_them_the_day_before_and_names_the_successor(so_noi_vu, province):
    merge_communes(so_noi_vu, province)
    x03 = Unit.objects.get(code="X03")
    for code in ("X01", "X02"):
        unit = Unit.objects.get(code=code)
        assert unit.valid_to == EVE
        assert unit.successor == x03
    assert x03.valid_from == MERGER and x03.valid_to is None
    assert (x03.level, x03.kind, x03.parent.code) == (Level.COMMUNE, UnitKind.STATE, "H01")
    assert x03.is_ethnic_minority_area and x03.ethnic_languages == "Khmer"  # inherited from X02
    assert set(x03.predecessors.values_list("code", flat=True)) == {"X01", "X02"}


def test_tree_as_of_the_day_before_still_shows_the_old_communes(so_noi_vu, province):
    merge_communes(so_noi_vu, province)
    assert children_on("H01", EVE) == {"X01", "X02"}
    assert children_on("H01", MERGER) == {"X03"}
    assert codes(selectors.subtree_ids(province["H01"].pk, day=EVE)) == {"H01", "X01", "X02"}
    assert codes(selectors.subtree_ids(province["H01"].pk, day=MERGER)) == {"H01", "X03"}
    assert {u.code for u, _ in selectors.unit_tree_rows(EVE)} >= {"X01", "X02"}
    assert "X03" not in {u.code for u, _ in selectors.unit_tree_rows(EVE)}


def test_people_of_merged_communes_serve_in_the_new_one_from_the_merger_day(so_noi_vu, province, commune_people):
    assert people_moving_count([province["X01"].pk, province["X02"].pk], MERGER) == 3
    event = merge_communes(so_noi_vu, province)

    assert event.people_moved == 3
    assert headcount(EVE) == {"X01": 2, "X02": 1, "H01": 1, "BVDK": 1}  # BVDK: the learner persona
    assert headcount(MERGER) == {"X03": 3, "H01": 1, "BVDK": 1}
    an = Person.objects.get(pk=commune_people["an"].pk)
    assert an.unit.code == "X03" and an.level == Level.COMMUNE
    assert history(an) == [(D(2020, 1, 1), EVE, "X01", "commune"), (MERGER, None, "X03", "commune")]
    assert an.periods.get(valid_from=MERGER).reason == "Sáp nhập vào UBND xã Mỹ Hương Long"


def test_merging_moves_sub_units_under_the_target_from_the_merger_day(so_noi_vu, province, make_person):
    nurse = make_person(province["BVDK"], "Phạm Thị Hoa", gender="nu")
    target = services.unit_create(actor=so_noi_vu, code="SYTGD", name="Sở Y tế và Giáo dục",
                                  level=Level.PROVINCE, kind=UnitKind.STATE, parent=province["TINH"],
                                  valid_from=MERGER)
    services.unit_merge(actor=so_noi_vu, sources=[province["SYT"], province["SGD"]], target=target, on=MERGER)

    assert children_on("SYTGD", MERGER) == {"BVDK", "THPT1"}
    assert children_on("SYT", EVE) == {"BVDK"} and children_on("SGD", EVE) == {"THPT1"}
    assert children_on("SYT", MERGER) == set()
    # people of a sub-unit stay in it: only the tree above them changed
    assert history(Person.objects.get(pk=nurse.pk)) == [(D(2020, 1, 1), None, "BVDK", "province")]
    links = UnitLink.objects.filter(unit=province["BVDK"]).order_by("valid_from")
    assert [(link.valid_from, link.valid_to, link.parent.code) for link in links] == [
        (D(2020, 1, 1), EVE, "SYT"), (MERGER, None, "SYTGD")]
    assert reload(province["BVDK"]).parent.code == "SYTGD"


def test_merging_writes_an_event_and_audit_entries(so_noi_vu, province, commune_people):
    event = merge_communes(so_noi_vu, province)
    assert event.kind == UnitEvent.Kind.MERGE and event.effective_on == MERGER
    assert event.decision == "Số 1234/NQ-UBTVQH15"
    assert set(event.sources.values_list("code", flat=True)) == {"X01", "X02"}
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.RESTRUCTURE, actor=so_noi_vu)
    assert {e.target_label for e in entries} == {
        "UBND xã Mỹ Hương (X01)", "UBND xã Long Hưng (X02)", "UBND xã Mỹ Hương Long (X03)"}
    x01_entry = entries.get(target_id=province["X01"].pk)
    assert x01_entry.changes["valid_to"] == [None, "2025-06-30"]
    assert "01/07/2025" in x01_entry.note
    assert "3 người" in entries.get(target_id=Unit.objects.get(code="X03").pk).note
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, target_type="unit").count() == 1


def test_merging_again_is_refused_and_changes_nothing(so_noi_vu, province, commune_people):
    merge_communes(so_noi_vu, province)
    periods = ServicePeriod.objects.count()
    x03 = Unit.objects.get(code="X03")
    with pytest.raises(ValidationError, match="X01 đã ngừng hoạt động từ ngày 01/07/2025"):
        services.unit_merge(actor=so_noi_vu, sources=[reload(province["X01"]), reload(province["X02"])],
                            target=x03, on=MERGER)
    assert ServicePeriod.objects.count() == periods
    assert UnitEvent.objects.filter(kind=UnitEvent.Kind.MERGE).count() == 1


def test_merging_into_a_new_unit_with_a_taken_code_is_refused_and_rolls_back(so_noi_vu, province):
    with pytest.raises(ValidationError, match="Mã đơn vị SYT đã tồn tại"):
        services.unit_merge_into_new(actor=so_noi_vu, sources=[province["X01"]], code="SYT",
                                     name="Trùng mã", on=MERGER)
    assert reload(province["X01"]).valid_to is None


@pytest.mark.parametrize("case, message", [
    ("self", "Không thể sáp nhập đơn vị X01 vào chính nó"),
    ("future_target", "Đơn vị tiếp nhận X09 chưa có hiệu lực ngày 01/07/2025"),
    ("descendant", "X01 là đơn vị cấp dưới của H01"),
    ("none", "Cần chọn ít nhất một đơn vị"),
])
def test_invalid_mergers_are_refused_with_a_vietnamese_reason(so_noi_vu, province, case, message):
    future = services.unit_create(actor=so_noi_vu, code="X09", name="Xã mới", level=Level.COMMUNE,
                                  kind=UnitKind.STATE, parent=province["H01"], valid_from=D(2026, 1, 1))
    sources, target = {
        "self": ([province["X01"], province["X02"]], province["X01"]),
        "future_target": ([province["X01"]], future),
        "descendant": ([province["H01"]], province["X01"]),
        "none": ([], province["X01"]),
    }[case]
    with pytest.raises(ValidationError, match=message):
        services.unit_merge(actor=so_noi_vu, sources=sources, target=target, on=MERGER)
    assert reload(province["X01"]).valid_to is None


# --- abolishing the district level ------------------------------------------------------------------

def test_abolishing_districts_reattaches_communes_to_the_province_and_moves_district_staff(
        so_noi_vu, province, commune_people):
    event = services.unit_abolish_level(actor=so_noi_vu, level=Level.DISTRICT, on=MERGER,
                                        successors={province["H01"].pk: province["X01"]},
                                        decision="Số 76/2025/QH15")
    h01 = reload(province["H01"])
    assert h01.valid_to == EVE and h01.successor.code == "X01"
    assert children_on("TINH", EVE) == {"SYT", "SGD", "H01"}
    assert children_on("TINH", MERGER) == {"SYT", "SGD", "X01", "X02"}
    assert children_on("H01", EVE) == {"X01", "X02"}
    assert event.people_moved == 1 and event.kind == UnitEvent.Kind.ABOLISH_LEVEL
    assert set(event.sources.values_list("code", flat=True)) == {"H01"}


def test_a_person_whose_district_was_merged_away_in_2025_still_counts_in_their_new_unit(
        so_noi_vu, province, commune_people):
    services.unit_abolish_level(actor=so_noi_vu, level=Level.DISTRICT, on=MERGER,
                                successors={province["H01"].pk: province["X01"]})
    dung = Person.objects.get(pk=commune_people["dung"].pk)
    assert history(dung) == [(D(2020, 1, 1), EVE, "H01", "district"), (MERGER, None, "X01", "commune")]
    assert ServicePeriod.objects.on(EVE).get(person=dung).unit.code == "H01"
    assert ServicePeriod.objects.on(MERGER).get(person=dung).unit.code == "X01"
    assert headcount(EVE)["H01"] == 1 and headcount(EVE)["X01"] == 2
    assert "H01" not in headcount(MERGER) and headcount(MERGER)["X01"] == 3
    # the whole province counts the same people before and after
    tinh = province["TINH"].pk
    for day in (EVE, MERGER):
        in_province = selectors.subtree_ids(tinh, day=day)
        assert ServicePeriod.objects.on(day).filter(unit_id__in=in_province).count() == 5


def test_abolishing_a_level_without_a_successor_for_every_unit_names_the_missing_ones(so_noi_vu, province):
    services.unit_create(actor=so_noi_vu, code="H02", name="UBND huyện Kế Sách", level=Level.DISTRICT,
                         kind=UnitKind.STATE, parent=province["TINH"], valid_from=D(2020, 1, 1))
    with pytest.raises(ValidationError, match="Chưa chỉ định đơn vị kế thừa cho: H02"):
        services.unit_abolish_level(actor=so_noi_vu, level=Level.DISTRICT, on=MERGER,
                                    successors={province["H01"].pk: province["X01"]})
    assert reload(province["H01"]).valid_to is None


def test_a_successor_of_the_abolished_level_is_refused(so_noi_vu, province):
    with pytest.raises(ValidationError, match="không được là đơn vị cấp huyện"):
        services.unit_abolish_level(actor=so_noi_vu, level=Level.DISTRICT, on=MERGER,
                                    successors={province["H01"].pk: province["H01"]})


def test_abolishing_a_level_twice_says_there_is_nothing_left(so_noi_vu, province):
    services.unit_abolish_level(actor=so_noi_vu, level=Level.DISTRICT, on=MERGER,
                                successors={province["H01"].pk: province["X01"]})
    with pytest.raises(ValidationError, match="Không còn đơn vị cấp huyện nào"):
        services.unit_abolish_level(actor=so_noi_vu, level=Level.DISTRICT, on=MERGER,
                                    successors={province["H01"].pk: province["X01"]})


# --- moving -------------------------------------------------------------------------------------

def test_moving_a_unit_changes_only_its_links_from_the_date(so_noi_vu, province, make_person):
    nurse = make_person(province["BVDK"], "Phạm Thị Hoa", gender="nu")
    on = D(2024, 1, 1)
    event = services.unit_move(actor=so_noi_vu, unit=province["BVDK"], new_parent=province["SGD"], on=on,
                               decision="Số 5/QĐ-UBND")
    assert children_on("SYT", D(2023, 12, 31)) == {"BVDK"}
    assert children_on("SGD", on) == {"BVDK", "THPT1"}
    assert codes(selectors.subtree_ids(province["SGD"].pk, day=on)) == {"SGD", "THPT1", "BVDK"}
    assert history(Person.objects.get(pk=nurse.pk)) == [(D(2020, 1, 1), None, "BVDK", "province")]
    assert reload(province["BVDK"]).valid_to is None
    assert event.kind == UnitEvent.Kind.MOVE and event.target.code == "SGD"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RESTRUCTURE, target_id=province["BVDK"].pk)
    assert entry.changes == {"parent": ["Sở Y tế (SYT)", "Sở Giáo dục và Đào tạo (SGD)"]}


def test_moving_twice_on_the_same_day_rewrites_the_days_link(so_noi_vu, province):
    on = D(2024, 1, 1)
    services.unit_move(actor=so_noi_vu, unit=province["BVDK"], new_parent=province["SGD"], on=on)
    services.unit_move(actor=so_noi_vu, unit=province["BVDK"], new_parent=province["TINH"], on=on)
    links = UnitLink.objects.filter(unit=province["BVDK"]).order_by("valid_from")
    assert [(link.valid_from, link.valid_to, link.parent.code) for link in links] == [
        (D(2020, 1, 1), D(2023, 12, 31), "SYT"), (on, None, "TINH")]


@pytest.mark.parametrize("unit, parent, on, message", [
    ("SYT", "SYT", D(2024, 1, 1), "Không thể chuyển đơn vị vào trực thuộc chính nó"),
    ("SYT", "BVDK", D(2024, 1, 1), "BVDK là đơn vị cấp dưới của nó"),
    ("BVDK", "SYT", D(2024, 1, 1), "BVDK đã trực thuộc SYT"),
    ("BVDK", "SGD", D(2019, 1, 1), "BVDK chưa có hiệu lực ngày 01/01/2019"),
])
def test_invalid_moves_are_refused(so_noi_vu, province, unit, parent, on, message):
    with pytest.raises(ValidationError, match=message):
        services.unit_move(actor=so_noi_vu, unit=province[unit], new_parent=province[parent], on=on)
    assert UnitLink.objects.filter(unit=province[unit]).count() == 1


def test_a_move_dated_before_a_recorded_change_is_refused(so_noi_vu, province):
    services.unit_move(actor=so_noi_vu, unit=province["BVDK"], new_parent=province["SGD"], on=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="đã có thay đổi trực thuộc từ ngày 01/01/2024"):
        services.unit_move(actor=so_noi_vu, unit=province["BVDK"], new_parent=province["TINH"], on=D(2023, 1, 1))


# --- create, update, dissolve ---------------------------------------------------------------------

def test_unit_codes_are_unique(so_noi_vu, province):
    with pytest.raises(ValidationError, match="Mã đơn vị SYT đã tồn tại"):
        services.unit_create(actor=so_noi_vu, code="SYT", name="Sở Y tế 2", level=Level.PROVINCE,
                             kind=UnitKind.STATE, parent=province["TINH"])


def test_creating_under_a_closed_parent_is_refused(so_noi_vu, province):
    merge_communes(so_noi_vu, province)
    with pytest.raises(ValidationError, match="X01 không có hiệu lực ngày 01/08/2025"):
        services.unit_create(actor=so_noi_vu, code="TRX", name="Trường xã", level=Level.COMMUNE,
                             kind=UnitKind.PUBLIC_SERVICE, parent=reload(province["X01"]),
                             valid_from=D(2025, 8, 1))


def test_updating_a_unit_writes_the_diff_and_nothing_when_nothing_changed(so_noi_vu, province):
    services.unit_update(actor=so_noi_vu, unit=province["X01"], name="UBND xã  Mỹ Hương ",
                         is_remote=True, is_ethnic_minority_area=True, ethnic_languages="khmer, Hoa,Khmer")
    x01 = reload(province["X01"])
    assert (x01.name, x01.is_remote, x01.ethnic_languages) == ("UBND xã Mỹ Hương", True, "Khmer, Hoa")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, target_id=x01.pk, target_type="unit")
    assert entry.changes == {"ethnic_languages": ["", "Khmer, Hoa"], "is_ethnic_minority_area": [False, True],
                             "is_remote": [False, True]}
    services.unit_update(actor=so_noi_vu, unit=x01, name="UBND xã Mỹ Hương", is_remote=True)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, target_type="unit").count() == 1


def test_languages_without_the_ethnic_area_flag_are_refused(so_noi_vu, province):
    with pytest.raises(ValidationError, match="Chỉ ghi tiếng dân tộc cho vùng đồng bào"):
        services.unit_update(actor=so_noi_vu, unit=province["X01"], ethnic_languages="Khmer")


def test_an_empty_unit_can_be_dissolved_but_one_with_people_must_be_merged(so_noi_vu, province, commune_people):
    services.unit_dissolve(actor=so_noi_vu, unit=province["THPT1"], on=MERGER)
    assert reload(province["THPT1"]).valid_to == EVE
    assert children_on("SGD", EVE) == {"THPT1"} and children_on("SGD", MERGER) == set()
    with pytest.raises(ValidationError, match="X01 còn 0 đơn vị trực thuộc và 2 người"):
        services.unit_dissolve(actor=so_noi_vu, unit=province["X01"], on=MERGER)


# --- people who joined or left mid-year ------------------------------------------------------------

def test_people_who_left_before_the_merger_stay_in_the_old_unit_and_leavers_after_are_split(
        so_noi_vu, province, commune_people, make_person):
    an, binh = commune_people["an"], commune_people["binh"]
    person_set_status(actor=so_noi_vu, person=an, status="retired", on=D(2025, 4, 1))      # before
    person_set_status(actor=so_noi_vu, person=binh, status="left", on=D(2025, 8, 1))       # after
    newcomer = make_person(province["X02"], "Danh Sơn", joined_on=D(2025, 3, 1))          # joined mid-year
    merge_communes(so_noi_vu, province)

    an, binh = Person.objects.get(pk=an.pk), Person.objects.get(pk=binh.pk)
    assert history(an) == [(D(2020, 1, 1), D(2025, 3, 31), "X01", "commune")]
    assert an.unit.code == "X01"  # a retiree's record keeps their last unit
    assert history(binh) == [(D(2020, 1, 1), EVE, "X01", "commune"), (MERGER, D(2025, 7, 31), "X03", "commune")]
    assert history(Person.objects.get(pk=newcomer.pk))[-1] == (MERGER, None, "X03", "commune")
    assert headcount(D(2025, 2, 1))["X01"] == 2 and headcount(D(2025, 2, 1))["X02"] == 1
    assert headcount(D(2025, 6, 1)) | {} == {"X01": 1, "X02": 2, "H01": 1, "BVDK": 1}
    assert headcount(D(2025, 7, 15))["X03"] == 3
    assert headcount(D(2025, 8, 1))["X03"] == 2


def test_reinstating_someone_whose_unit_was_merged_away_places_them_in_the_successor(
        so_noi_vu, province, commune_people):
    an = commune_people["an"]
    person_set_status(actor=so_noi_vu, person=an, status="retired", on=D(2025, 4, 1))
    merge_communes(so_noi_vu, province)
    person_set_status(actor=so_noi_vu, person=Person.objects.get(pk=an.pk), status="working", on=D(2026, 1, 1))
    an = Person.objects.get(pk=an.pk)
    assert an.unit.code == "X03" and an.status == "working"
    assert history(an)[-1] == (D(2026, 1, 1), None, "X03", "commune")


# --- permission ---------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["can_bo_so_y_te", "lanh_dao", "hoc_vien"])
def test_only_home_affairs_may_restructure(personas, province, persona):
    actor = personas[persona]
    with pytest.raises(PermissionDenied):
        services.unit_merge(actor=actor, sources=[province["BVDK"]], target=province["SYT"], on=MERGER)
    with pytest.raises(PermissionDenied):
        services.unit_move(actor=actor, unit=province["BVDK"], new_parent=province["SGD"], on=MERGER)
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=actor, code="N", name="N", level="province", kind="state")
    with pytest.raises(PermissionDenied):
        services.unit_update(actor=actor, unit=province["SYT"], name="Sở Y tế mới")
    with pytest.raises(PermissionDenied):
        services.unit_abolish_level(actor=actor, level="district", on=MERGER,
                                    successors={province["H01"].pk: province["X01"]})
    assert reload(province["BVDK"]).valid_to is None


def test_an_officer_whose_commune_was_merged_away_keeps_their_people_in_the_new_commune(
        so_noi_vu, province, commune_people):
    from apps.accounts.services import user_create
    from apps.people.selectors import people_visible_to

    officer = user_create(actor=SYSTEM, username="can_bo_x01", password="x", role="agency_officer",
                          unit=province["X01"], full_name="Cán bộ xã Mỹ Hương")
    before = set(people_visible_to(officer).values_list("full_name", flat=True))
    assert before == {"Nguyễn Văn An", "Lê Thị Bình"}
    merge_communes(so_noi_vu, province)
    # After the merger day the officer's commune is X03 (X01 + X02): Thạch Châu joins their list.
    assert scope_of(officer, MERGER).unit_ids == {province["X01"].pk, Unit.objects.get(code="X03").pk}
    after = set(people_visible_to(officer).values_list("full_name", flat=True))
    assert after == {"Nguyễn Văn An", "Lê Thị Bình", "Thạch Châu"}
    # On the eve of the merger the old commune alone is theirs.
    assert scope_of(officer, EVE).unit_ids == {province["X01"].pk}
