"""The reminder schedule of the annual sources, stated by hand for the 2027 cycle (submission due
31/08/2026, survey closing 31/07/2026)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.accounts.access import SYSTEM
from apps.annual import services
from apps.annual.reminders import milestone_deadlines, returned_deadlines, survey_deadlines
from apps.notifications.reminders import reminders_due

D = dt.date


def _due(source, today):
    return {(r.user_id, r.title) for r in reminders_due(today, deadlines=list(source(today)))}


def _sgd_sends(cycle, province):
    plan = services.agency_plan_open(actor=SYSTEM, cycle=cycle, unit=province["SGD"])
    services.line_save(actor=SYSTEM, agency_plan=plan, data=services.LineData(title="Tin học", quarter=2, classes=1,
                                                                              learners=5))
    return services.plan_submit(actor=SYSTEM, agency_plan=plan)


def test_the_submission_date_reminds_only_agencies_that_have_not_sent(cycle, province, personas):
    _sgd_sends(cycle, province)
    yte, gd = personas["can_bo_so_y_te"].pk, personas["can_bo_so_giao_duc"].pk
    title = "Hạn cơ quan gửi kế hoạch về Sở Nội vụ – kế hoạch năm 2027"
    assert (yte, f"Còn 7 ngày (hạn 31/08/2026): {title}") in _due(milestone_deadlines, D(2026, 8, 24))
    assert not any(u == gd for u, _ in _due(milestone_deadlines, D(2026, 8, 24)))
    assert _due(milestone_deadlines, D(2026, 8, 25)) == set()  # neither 7, 1 nor 0 days before anything
    assert (yte, f"Quá hạn 2 ngày (hạn 31/08/2026): {title}") in _due(milestone_deadlines, D(2026, 9, 2))


def test_consolidation_reminds_the_department_and_approval_the_leader(cycle, personas):
    def not_late(today):  # the officers' overdue submission is tested above
        return {r for r in _due(milestone_deadlines, today) if "gửi kế hoạch" not in r[1]}

    assert not_late(D(2026, 10, 31)) == {
        (personas["so_noi_vu"].pk, "Hôm nay đến hạn: Sở Nội vụ tổng hợp, trình phê duyệt – kế hoạch năm 2027")}
    assert not_late(D(2026, 12, 14)) == {
        (personas["lanh_dao"].pk, "Còn 1 ngày (hạn 15/12/2026): Phê duyệt kế hoạch – kế hoạch năm 2027")}


def test_a_returned_plan_is_due_a_week_later_and_then_overdue(cycle, province, personas):
    plan = _sgd_sends(cycle, province)
    services.plan_return(actor=SYSTEM, agency_plan=plan, comment="Bổ sung")
    returned = timezone.localdate()
    gd = personas["can_bo_so_giao_duc"].pk
    title = "Sửa và gửi lại kế hoạch năm 2027 (bị trả lại)"
    due = returned + dt.timedelta(days=7)
    assert _due(returned_deadlines, returned) == {(gd, f"Còn 7 ngày (hạn {due:%d/%m/%Y}): {title}")}
    assert _due(returned_deadlines, due + dt.timedelta(days=3)) == {(gd, f"Quá hạn 3 ngày (hạn {due:%d/%m/%Y}): {title}")}
    services.plan_submit(actor=SYSTEM, agency_plan=plan)
    assert _due(returned_deadlines, due) == set()


def test_an_open_survey_reminds_learners_and_officers_before_it_closes(cycle, personas):
    assert _due(survey_deadlines, D(2026, 7, 24)) == set()  # not open yet
    services.cycle_set_survey(actor=SYSTEM, cycle=cycle, open=True)
    due = _due(survey_deadlines, D(2026, 7, 24))
    assert (personas["hoc_vien"].pk, "Còn 7 ngày (hạn 31/07/2026): Đăng ký nhu cầu đào tạo, bồi dưỡng năm 2027") in due
    assert {u for u, _ in due} == {personas["hoc_vien"].pk, personas["can_bo_so_y_te"].pk,
                                   personas["can_bo_so_giao_duc"].pk}
    assert _due(survey_deadlines, D(2026, 8, 1)) == set()  # closed
