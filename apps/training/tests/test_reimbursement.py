"""Service commitments and reimbursement (đền bù), priced by the rule in force as data: Decree
101/2017 for everyone, Decree 171/2025 for civil servants from 1 July 2025. Figures computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.training import services
from apps.training.models import ReimbursementRule

# 80 million provincial budget + 20 million agency funds are state money; 10 million paid by the
# learner is not: the reimbursable base is 100.000.000 đồng.
COSTS = {"ngan_sach_dia_phuong": 80_000_000, "kinh_phi_co_quan": 20_000_000, "ca_nhan_tu_tuc": 10_000_000}


@pytest.fixture
def master(catalogue, personas, province, make_person):
    """record(category, start, end) -> a completed master's degree with COSTS, for a new person."""

    def record(category, start, end):
        person = make_person(province["SYT"], "Đoàn Minh Quân", category=category, joined_on=dt.date(2015, 1, 1))
        return services.external_training_record(
            actor=personas["can_bo_so_y_te"], person=person, programme=catalogue["programmes"]["ths"],
            provider_name="Trường Đại học Cần Thơ", start_date=start, end_date=end, costs=COSTS)

    return record


def _commit(personas, enrollment, **kw):
    return services.commitment_create(actor=personas["can_bo_so_y_te"], enrollment=enrollment, **kw)


def test_training_months_count_a_started_month_as_one():
    assert services.training_months(dt.date(2022, 9, 1), dt.date(2023, 8, 31)) == 12
    assert services.training_months(dt.date(2022, 9, 1), dt.date(2023, 9, 1)) == 13
    assert services.training_months(dt.date(2024, 3, 4), dt.date(2024, 3, 29)) == 1


def test_months_served_count_whole_months_only():
    assert services.whole_months(dt.date(2023, 9, 1), dt.date(2024, 3, 1)) == 6
    assert services.whole_months(dt.date(2023, 9, 1), dt.date(2024, 2, 29)) == 5
    assert services.whole_months(dt.date(2023, 9, 1), dt.date(2023, 8, 1)) == 0


def test_under_decree_101_the_commitment_is_twice_the_training_time(master, personas):
    enrollment = master("vien_chuc", dt.date(2021, 9, 1), dt.date(2022, 8, 31))  # 12 months
    commitment = _commit(personas, enrollment)
    assert (commitment.committed_months, commitment.start) == (24, dt.date(2022, 8, 31))
    assert commitment.rule.legal_basis.startswith("Nghị định 101/2017")


def test_leaving_after_6_of_24_months_repays_75_percent_of_the_state_funded_cost(master, personas):
    enrollment = master("cong_chuc", dt.date(2021, 9, 1), dt.date(2022, 8, 31))
    commitment = _commit(personas, enrollment, start=dt.date(2022, 9, 1))
    result = services.reimbursement_compute(commitment=commitment, event_date=dt.date(2023, 3, 1),
                                            cause="left_service")
    # 100.000.000 × (24 − 6) / 24 = 75.000.000; the learner's own 10.000.000 is not repaid.
    assert result.amount == Decimal(75_000_000) and result.cost_base == Decimal(100_000_000)
    assert result.months_owed == 18
    assert result.explanation == ("Theo Nghị định 101/2017/NĐ-CP, Điều 7–8: chi phí 100.000.000 đồng "
                                  "(ngân sách địa phương, kinh phí cơ quan, đơn vị) × 18/24 tháng cam kết "
                                  "còn thiếu = 75.000.000 đồng.")


def test_quitting_the_course_or_getting_no_degree_repays_everything_under_decree_101(master, personas):
    commitment = _commit(personas, master("vien_chuc", dt.date(2021, 9, 1), dt.date(2022, 8, 31)))
    for cause in ("quit_course", "no_degree"):
        result = services.reimbursement_compute(commitment=commitment, event_date=dt.date(2022, 3, 1), cause=cause)
        assert result.amount == Decimal(100_000_000) and result.months_owed is None
        assert result.explanation.endswith("× 100% = 100.000.000 đồng.")


def test_after_serving_the_whole_commitment_nothing_is_owed(master, personas):
    commitment = _commit(personas, master("vien_chuc", dt.date(2021, 9, 1), dt.date(2022, 8, 31)),
                         start=dt.date(2022, 9, 1))
    assert services.reimbursement_compute(commitment=commitment, event_date=dt.date(2024, 9, 1),
                                          cause="left_service").amount == 0


def test_from_july_2025_a_civil_servant_commits_three_times_a_public_employee_still_twice(master, personas):
    # Both trained 1/8/2024 – 31/7/2025 (12 months) and serve from 1/8/2025; both leave on 1/2/2026.
    civil = _commit(personas, master("cong_chuc", dt.date(2024, 8, 1), dt.date(2025, 7, 31)),
                    start=dt.date(2025, 8, 1))
    employee = _commit(personas, master("vien_chuc", dt.date(2024, 8, 1), dt.date(2025, 7, 31)),
                       start=dt.date(2025, 8, 1))
    assert (civil.committed_months, employee.committed_months) == (36, 24)
    assert civil.rule.legal_basis.startswith("Nghị định 171/2025")
    left = dt.date(2026, 2, 1)
    civil_owes = services.reimbursement_compute(commitment=civil, event_date=left, cause="left_service")
    employee_owes = services.reimbursement_compute(commitment=employee, event_date=left, cause="left_service")
    assert civil_owes.amount == Decimal(83_333_333)  # 100.000.000 × 30/36, rounded to the đồng
    assert civil_owes.explanation.startswith("Theo Nghị định 171/2025/NĐ-CP")
    assert employee_owes.amount == Decimal(75_000_000)  # 100.000.000 × 18/24
    assert employee_owes.explanation.startswith("Theo Nghị định 101/2017/NĐ-CP")


def test_a_civil_servant_leaving_on_30_june_2025_is_still_under_decree_101(master, personas):
    commitment = _commit(personas, master("cong_chuc", dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
                         start=dt.date(2024, 7, 1))
    result = services.reimbursement_compute(commitment=commitment, event_date=dt.date(2025, 6, 30),
                                            cause="left_service")
    assert result.rule.legal_basis.startswith("Nghị định 101/2017")
    assert result.months_owed == 13  # 11 whole months served of 24
    assert result.amount == Decimal(54_166_667)  # 100.000.000 × 13/24, rounded to the đồng


def test_the_multiplier_is_data_an_administrator_can_change(master, personas):
    ReimbursementRule.objects.filter(legal_basis__startswith="Nghị định 171/2025").update(
        commitment_multiplier=Decimal("2.5"))
    civil = _commit(personas, master("cong_chuc", dt.date(2024, 8, 1), dt.date(2025, 7, 31)),
                    start=dt.date(2025, 8, 1))
    assert civil.committed_months == 30


def test_an_event_before_any_rule_took_effect_is_a_clear_error(master, personas):
    commitment = _commit(personas, master("vien_chuc", dt.date(2015, 9, 1), dt.date(2016, 8, 31)),
                         committed_months=24)
    assert commitment.rule is None
    with pytest.raises(ValidationError, match="Không có quy định đền bù nào áp dụng cho viên chức vào ngày 01/03/2017"):
        services.reimbursement_compute(commitment=commitment, event_date=dt.date(2017, 3, 1), cause="left_service")


def test_a_commitment_without_months_and_without_a_rule_is_refused(master, personas):
    with pytest.raises(ValidationError, match="Không có quy định đền bù"):
        _commit(personas, master("vien_chuc", dt.date(2015, 9, 1), dt.date(2016, 8, 31)))


def test_a_cause_the_rule_does_not_cover_is_a_clear_error(master, personas):
    commitment = _commit(personas, master("vien_chuc", dt.date(2021, 9, 1), dt.date(2022, 8, 31)))
    ReimbursementRule.objects.get(legal_basis__startswith="Nghị định 101/2017").causes.filter(
        cause="no_degree").delete()
    with pytest.raises(ValidationError, match="không quy định đền bù cho trường hợp “không được cấp văn bằng"):
        services.reimbursement_compute(commitment=commitment, event_date=dt.date(2022, 3, 1), cause="no_degree")


def test_only_the_persons_agency_records_a_commitment(master, personas):
    enrollment = master("vien_chuc", dt.date(2021, 9, 1), dt.date(2022, 8, 31))
    with pytest.raises(PermissionDenied):
        services.commitment_create(actor=personas["can_bo_so_giao_duc"], enrollment=enrollment)
