"""Who meets which standard, stated by hand (standards in conftest: CVC-2014 → CVC-2021, TP-2020)."""

from __future__ import annotations

import pytest

from apps.people.models import Person
from apps.standards import selectors
from apps.standards.tests.conftest import CV, CVC, NV, D, change, position, qual, rank


def _full_cvc(person, on=None):
    on = on or D(2010, 1, 1)
    qual(person, "chuyen_mon", "dai_hoc", on)
    qual(person, "ly_luan_chinh_tri", "trung_cap", on)
    qual(person, "quan_ly_nha_nuoc", "chuyen_vien_chinh", on)


@pytest.fixture
def cast(standards, province, make_person, foster):
    """People of Sở Y tế, each with the history the test names them for."""
    unit = province["SYT"]

    def person(name, **kw):
        return make_person(unit, name, joined_on=kw.pop("joined_on", D(2012, 1, 1)), **kw)

    cvc = rank(CVC).pk
    tp = position("TRUONG_PHONG").pk
    people = {}
    # An: everything, IT and language through legacy certificates (B, C): meets CVC-2014 and 2021.
    people["an"] = p = person("Nguyễn Văn An", rank_id=cvc)
    _full_cvc(p)
    qual(p, "tin_hoc", "b", D(2012, 5, 1))
    qual(p, "ngoai_ngu", "c", D(2013, 5, 1))
    # Bình: political theory only sơ cấp: never meets.
    people["binh"] = p = person("Lê Thị Bình", rank_id=cvc)
    qual(p, "chuyen_mon", "dai_hoc", D(2010, 1, 1))
    qual(p, "ly_luan_chinh_tri", "so_cap", D(2010, 1, 1))
    qual(p, "quan_ly_nha_nuoc", "chuyen_vien_chinh", D(2010, 1, 1))
    # Cường: no IT, no language: fails CVC-2014, meets its replacement CVC-2021.
    people["cuong"] = p = person("Trần Văn Cường", rank_id=cvc)
    _full_cvc(p)
    # Dũng: rank Nhân viên, which has no standard: nothing required.
    people["dung"] = person("Phạm Văn Dũng", rank_id=rank(NV).pk)
    # Em: political theory trung cấp obtained 01/06/2022.
    people["em"] = p = person("Đỗ Thị Em", rank_id=cvc)
    qual(p, "chuyen_mon", "dai_hoc", D(2010, 1, 1))
    qual(p, "quan_ly_nha_nuoc", "chuyen_vien_chinh", D(2010, 1, 1))
    qual(p, "ly_luan_chinh_tri", "trung_cap", D(2022, 6, 1))
    # Phương: head of division from 01/03/2021, ready on that day (fostering 01/10/2020).
    people["phuong"] = p = person("Võ Thị Phương", rank_id=rank(CV).pk)
    _tp_quals(p, D(2019, 1, 1))
    foster(p, D(2020, 10, 1))
    change(p, D(2021, 3, 1), position_id=tp, position_appointed_on=D(2021, 3, 1))
    # Giang: head of division from 01/03/2021, LLCT only on 01/05/2022, fostering 01/12/2021.
    people["giang"] = p = person("Hồ Văn Giang", rank_id=rank(CV).pk)
    qual(p, "chuyen_mon", "dai_hoc", D(2010, 1, 1))
    qual(p, "quan_ly_nha_nuoc", "chuyen_vien", D(2010, 1, 1))
    qual(p, "ly_luan_chinh_tri", "trung_cap", D(2022, 5, 1))
    foster(p, D(2021, 12, 1))
    change(p, D(2021, 3, 1), position_id=tp, position_appointed_on=D(2021, 3, 1))
    # Hà: head of division with every level but no leadership fostering.
    people["ha"] = p = person("Lý Thị Hà", rank_id=rank(CV).pk)
    _tp_quals(p, D(2015, 1, 1))
    change(p, D(2020, 6, 1), position_id=tp, position_appointed_on=D(2020, 6, 1))
    # Khánh: chuyên viên, promoted to chuyên viên chính on 01/01/2021 with only ngoại ngữ bậc 2
    # (bậc 3 in 2022); moved unit in 2023 (same rank, a new period).
    people["khanh"] = p = person("Mai Văn Khánh", rank_id=rank(CV).pk, joined_on=D(2018, 1, 1))
    _full_cvc(p, D(2015, 1, 1))
    qual(p, "tin_hoc", "co_ban", D(2019, 1, 1))
    qual(p, "ngoai_ngu", "bac_2", D(2019, 1, 1))
    qual(p, "ngoai_ngu", "bac_3", D(2022, 3, 1))
    change(p, D(2021, 1, 1), rank_id=cvc)
    change(p, D(2023, 1, 1), unit_id=province["BVDK"].pk)
    # Lan: promoted to chuyên viên chính on 01/01/2022 (CVC-2021 in force), fully qualified then.
    people["lan"] = p = person("Đinh Thị Lan", rank_id=rank(CV).pk)
    _full_cvc(p, D(2016, 1, 1))
    change(p, D(2022, 1, 1), rank_id=cvc)
    # Minh: no rank, no position.
    people["minh"] = person("Cao Văn Minh")
    return {k: Person.objects.get(pk=v.pk) for k, v in people.items()}


def _tp_quals(person, on):
    qual(person, "chuyen_mon", "dai_hoc", on)
    qual(person, "ly_luan_chinh_tri", "trung_cap", on)
    qual(person, "quan_ly_nha_nuoc", "chuyen_vien", on)


def _names(queryset, cast) -> set[str]:
    by_pk = {p.pk: key for key, p in cast.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


ALL = {"an", "binh", "cuong", "dung", "em", "phuong", "giang", "ha", "khanh", "lan", "minh"}


def test_rank_standard_at_a_date_under_the_replaced_2014_standard(cast):
    # 01/01/2021: CVC-2014 in force (IT, language); Khánh is chuyên viên chính from that day but
    # has only ngoại ngữ bậc 2; Lan is still chuyên viên (no standard in these tests).
    meeting = selectors.people_meeting_standard(Person.objects.all(), at=D(2021, 1, 1), of="rank")
    assert _names(meeting, cast) == ALL - {"binh", "cuong", "em", "khanh"}


def test_rank_standard_after_its_replacement_drops_it_and_language(cast):
    meeting = selectors.people_meeting_standard(Person.objects.all(), at=D(2022, 1, 1), of="rank")
    assert _names(meeting, cast) == ALL - {"binh", "em"}


def test_a_qualification_counts_from_the_day_it_was_obtained(cast):
    people = Person.objects.filter(pk=cast["em"].pk)
    assert not selectors.people_meeting_standard(people, at=D(2022, 5, 31), of="rank").exists()
    assert selectors.people_meeting_standard(people, at=D(2022, 6, 1), of="rank").exists()


def test_the_rank_is_read_from_the_history_at_the_date(cast):
    # Khánh was chuyên viên (no standard) on 31/12/2020 and chuyên viên chính the next day.
    people = Person.objects.filter(pk=cast["khanh"].pk)
    assert selectors.people_meeting_standard(people, at=D(2020, 12, 31), of="rank").exists()
    assert not selectors.people_meeting_standard(people, at=D(2021, 1, 1), of="rank").exists()
    assert selectors.people_meeting_standard(people, at=D(2022, 3, 1), of="rank").exists()


def test_people_without_a_standard_in_force_count_as_meeting_it(cast, standards):
    # Nhân viên has no standard; Minh has no rank; before CVC-2014 took effect nothing is required.
    people = Person.objects.filter(pk__in=[cast["dung"].pk, cast["minh"].pk, cast["binh"].pk])
    assert _names(selectors.people_meeting_standard(people, at=D(2024, 1, 1), of="rank"), cast) == {"dung", "minh"}
    assert _names(selectors.people_meeting_standard(people, at=D(2014, 12, 24), of="rank"), cast) == {
        "dung", "minh", "binh"}


def test_position_standard_needs_the_leadership_fostering(cast):
    meeting = selectors.people_meeting_standard(Person.objects.all(), at=D(2024, 1, 1), of="position")
    assert _names(meeting, cast) == ALL - {"ha"}
    # Before Giang's political theory (01/05/2022) he did not meet it.
    meeting = selectors.people_meeting_standard(Person.objects.all(), at=D(2022, 1, 1), of="position")
    assert _names(meeting, cast) == ALL - {"ha", "giang"}


def test_both_means_rank_and_position(cast):
    meeting = selectors.people_meeting_standard(Person.objects.all(), at=D(2022, 1, 1), of="both")
    assert _names(meeting, cast) == ALL - {"ha", "giang", "binh", "em"}


def test_the_result_stays_a_queryset_that_can_be_filtered_and_counted(cast, province):
    people = Person.objects.filter(unit=province["SYT"])
    meeting = selectors.people_meeting_standard(people, at=D(2024, 1, 1), of="both")
    again = selectors.people_meeting_standard(meeting, at=D(2021, 1, 1), of="rank")
    # Khánh moved to BVDK in 2023; Hà fails the position standard; 2021: Bình, Cường, Em fail.
    assert _names(again, cast) == ALL - {"khanh", "ha", "binh", "cuong", "em"}
    assert again.count() == len(ALL) - 5


def test_at_appointment_position_judged_on_the_appointment_day(cast):
    meeting = selectors.people_meeting_standard_at_appointment(Person.objects.all(), of="position")
    # Giang lacked political theory on 01/03/2021; Hà never had the fostering.
    assert _names(meeting, cast) == ALL - {"giang", "ha"}


def test_at_appointment_rank_judged_on_the_first_day_of_the_rank_not_of_the_latest_period(cast):
    meeting = selectors.people_meeting_standard_at_appointment(Person.objects.all(), of="rank")
    # Khánh came into chuyên viên chính on 01/01/2021 with bậc 2 (CVC-2014 asked bậc 3); his 2023
    # move opened a new period with the same rank, which must not restart the run. Bình and Em
    # lacked political theory since they joined as chuyên viên chính (01/01/2012), before
    # CVC-2014 existed: nothing was required then, so they count. Lan was ready on 01/01/2022.
    assert _names(meeting, cast) == ALL - {"khanh"}


def test_at_appointment_as_of_a_date_uses_the_period_covering_it(cast):
    people = Person.objects.filter(pk__in=[cast["khanh"].pk, cast["giang"].pk])
    # On 30/06/2020 Khánh was chuyên viên (no standard) and Giang held no position.
    assert _names(selectors.people_meeting_standard_at_appointment(people, of="rank", at=D(2020, 6, 30)), cast) == {
        "khanh", "giang"}
    assert _names(selectors.people_meeting_standard_at_appointment(people, of="position", at=D(2024, 1, 1)),
                  cast) == {"khanh"}


def test_an_unknown_appointment_date_falls_back_to_the_start_of_the_position(cast, province, make_person, foster):
    p = make_person(province["SYT"], "Tạ Văn Nam", joined_on=D(2015, 1, 1))
    _tp_quals(p, D(2021, 1, 1))
    foster(p, D(2019, 1, 1))
    change(p, D(2020, 6, 1), position_id=position("TRUONG_PHONG").pk, position_appointed_on=None)
    change(p, D(2022, 1, 1), unit_id=province["BVDK"].pk)
    people = Person.objects.filter(pk=p.pk)
    # Judged on 01/06/2020 (TP-2020 in force), before the qualifications of 2021.
    assert not selectors.people_meeting_standard_at_appointment(people, of="position").exists()
    assert selectors.people_meeting_standard(people, at=D(2021, 1, 1), of="position").exists()


def test_standard_gaps_in_vietnamese(cast):
    assert selectors.standard_gaps(cast["binh"], at=D(2024, 1, 1), of="rank") == [
        "Lý luận chính trị: sơ cấp, cần trung cấp"]
    assert selectors.standard_gaps(cast["cuong"], at=D(2021, 1, 1), of="rank") == [
        "Tin học: chưa có, cần ứng dụng CNTT cơ bản", "Ngoại ngữ: chưa có, cần bậc 3"]
    assert selectors.standard_gaps(cast["ha"], at=D(2024, 1, 1), of="both") == [
        "Chưa có chứng chỉ bồi dưỡng theo tiêu chuẩn chức vụ lãnh đạo, quản lý"]
    assert selectors.standard_gaps(cast["an"], at=D(2021, 1, 1), of="both") == []
    assert selectors.standard_gaps(cast["dung"], at=D(2024, 1, 1), of="rank") == []
    assert selectors.standard_gaps(cast["minh"], at=D(2024, 1, 1), of="both") == []


def test_readiness_for_a_position_lists_what_is_missing(cast):
    gaps = selectors.readiness(cast["binh"], position=position("TRUONG_PHONG"), at=D(2024, 1, 1))
    assert [(g.dimension, g.held, g.required) for g in gaps] == [
        ("ly_luan_chinh_tri", "sơ cấp", "trung cấp"),
        (selectors.FOSTERING, "chưa có", "theo tiêu chuẩn chức vụ lãnh đạo, quản lý"),
    ]
    assert selectors.readiness(cast["phuong"], position=position("TRUONG_PHONG"), at=D(2024, 1, 1)) == []


def test_readiness_against_a_rank_uses_the_standard_in_force_that_day(cast):
    assert [g.dimension for g in selectors.readiness(cast["cuong"], rank=rank(CVC), at=D(2021, 7, 31))] == [
        "tin_hoc", "ngoai_ngu"]
    assert selectors.readiness(cast["cuong"], rank=rank(CVC), at=D(2021, 8, 1)) == []


def test_person_section_shows_rank_and_position_with_their_standard(cast, standards):
    checks = selectors.person_standards_section(cast["ha"], at=D(2024, 1, 1))
    assert [(c.kind, c.subject.code, c.standard, c.meets) for c in checks] == [
        ("Ngạch", CV, None, True), ("Chức vụ", "TRUONG_PHONG", standards["TP-2020"], False)]


@pytest.mark.parametrize("at", [D(2014, 12, 24), D(2020, 12, 31), D(2021, 1, 1), D(2021, 7, 31), D(2021, 8, 1),
                                D(2022, 1, 1), D(2022, 6, 1), D(2024, 1, 1)])
@pytest.mark.parametrize("of", ["rank", "position", "both"])
def test_gap_lists_agree_with_the_set_based_selector(cast, at, of):
    meeting = set(selectors.people_meeting_standard(Person.objects.all(), at=at, of=of).values_list("pk", flat=True))
    gaps = selectors.gaps_by_person([p.pk for p in cast.values()], at=at, of=of)
    assert {pk for pk, g in gaps.items() if not g} == meeting


@pytest.mark.parametrize("at", [None, D(2020, 6, 30), D(2021, 6, 1), D(2024, 1, 1)])
@pytest.mark.parametrize("of", ["rank", "position"])
def test_appointment_gap_lists_agree_with_the_set_based_selector(cast, at, of):
    meeting = set(selectors.people_meeting_standard_at_appointment(Person.objects.all(), of=of, at=at)
                  .values_list("pk", flat=True))
    gaps = selectors.appointment_gaps_by_person([p.pk for p in cast.values()], of=of, at=at)
    assert {pk for pk, g in gaps.items() if not g.gaps} == meeting


def test_appointment_gaps_name_the_day_and_what_was_missing(cast):
    giang = selectors.appointment_gaps_by_person([cast["giang"].pk], of="position")[cast["giang"].pk]
    assert giang.day == D(2021, 3, 1)
    assert giang.texts == [  # his fostering came on 01/12/2021, after the appointment
        "Khi bổ nhiệm (01/03/2021): Lý luận chính trị: chưa có, cần trung cấp",
        "Khi bổ nhiệm (01/03/2021): Chưa có chứng chỉ bồi dưỡng theo tiêu chuẩn chức vụ lãnh đạo, quản lý"]
    khanh = selectors.appointment_gaps_by_person([cast["khanh"].pk], of="rank")[cast["khanh"].pk]
    assert khanh.day == D(2021, 1, 1) and [g.text for g in khanh.gaps] == ["Ngoại ngữ: bậc 2, cần bậc 3"]


def test_gap_lists_take_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    ids = [p.pk for p in cast.values()]
    with django_assert_max_num_queries(6):
        selectors.gaps_by_person(ids, at=D(2024, 1, 1), of="both")
    with django_assert_max_num_queries(6):
        selectors.appointment_gaps_by_person(ids, of="position")


def test_the_professional_dimension_reads_chuyen_mon(cast, province, make_person):
    p = make_person(province["SYT"], "Lưu Văn Tài", rank_id=rank(CVC).pk)
    qual(p, "chuyen_mon", "cao_dang", D(2010, 1, 1))
    assert selectors.standard_gaps(p, at=D(2024, 1, 1), of="rank")[0] == "Chuyên môn: cao đẳng, cần đại học"
