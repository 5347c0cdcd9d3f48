"""The cycle of a year and its milestones."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from apps.accounts.permissions import Perm
from apps.annual.models import AnnualCycle, Milestone, MilestoneKind
from apps.annual.services.common import Action, log, refuse, require
from apps.core.vn import format_date

__all__ = ["default_milestones", "cycle_create", "milestone_update", "cycle_set_survey", "cycle_set_ceilings", "rate_set"]

PLAN_BASIS = "Kế hoạch đào tạo, bồi dưỡng giai đoạn, mục VII và phụ lục dòng 1.2"


def default_milestones(year: int) -> list[tuple[str, dt.date, str]]:
    """(kind, date, basis) of the cycle for ``year``; work on it starts the year before."""
    before = year - 1
    return [
        (MilestoneKind.CALL, dt.date(before, 6, 15), f"{PLAN_BASIS}: Sở Nội vụ hướng dẫn các cơ quan (cấu hình)."),
        (MilestoneKind.SURVEY_OPEN, dt.date(before, 7, 1), "Khảo sát nhu cầu đào tạo, bồi dưỡng (cấu hình)."),
        (MilestoneKind.SURVEY_CLOSE, dt.date(before, 7, 31), "Khảo sát nhu cầu đào tạo, bồi dưỡng (cấu hình)."),
        (MilestoneKind.SUBMISSION, dt.date(before, 8, 31),
         f"{PLAN_BASIS}: các cơ quan gửi kế hoạch năm sau về Sở Nội vụ trước 31/8 hằng năm."),
        (MilestoneKind.CONSOLIDATION, dt.date(before, 10, 31),
         "Sở Nội vụ tổng hợp, cân đối kinh phí, trình Chủ tịch UBND tỉnh bằng Tờ trình (cấu hình)."),
        (MilestoneKind.APPROVAL, dt.date(before, 12, 15), "Chủ tịch UBND tỉnh phê duyệt bằng Quyết định (cấu hình)."),
        (MilestoneKind.ADJUSTMENT, dt.date(year, 9, 30), "Điều chỉnh kế hoạch trong năm (cấu hình)."),
        (MilestoneKind.RESULTS, dt.date(year, 12, 15),
         "Báo cáo kết quả cuối năm (thông lệ 15/12, cấu hình); năm thống kê 01/01–31/12 (Thông tư 02/2023/TT-BNV)."),
    ]


@transaction.atomic
def cycle_create(*, actor, year: int, plan=None) -> AnnualCycle:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    if not 2000 <= year <= 2100:
        refuse(f"Năm kế hoạch “{year}” không hợp lệ.")
    if AnnualCycle.objects.filter(year=year).exists():
        refuse(f"Đã có chu trình kế hoạch năm {year}.")
    if plan is None:
        from apps.plans.models import Plan

        plan = (Plan.objects.filter(period_start__year__lte=year, period_end__year__gte=year).first()
                or Plan.objects.order_by("-period_end").first())
    cycle = AnnualCycle.objects.create(year=year, plan=plan)
    Milestone.objects.bulk_create(Milestone(cycle=cycle, kind=k, due=d, basis=b, order=i)
                                  for i, (k, d, b) in enumerate(default_milestones(year)))
    log(actor, Action.CREATE, cycle, f"Tạo chu trình kế hoạch năm {year}")
    return cycle


@transaction.atomic
def milestone_update(*, actor, milestone: Milestone, due: dt.date, basis: str) -> Milestone:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    before = {"due": format_date(milestone.due), "basis": milestone.basis}
    milestone.due, milestone.basis = due, basis.strip()[:400]
    milestone.save(update_fields=["due", "basis"])
    after = {"due": format_date(due), "basis": milestone.basis}
    log(actor, Action.UPDATE, milestone, f"Sửa mốc {milestone.get_kind_display()}",
        {k: [before[k], after[k]] for k in before if before[k] != after[k]})
    return milestone


@transaction.atomic
def cycle_set_survey(*, actor, cycle: AnnualCycle, open: bool) -> AnnualCycle:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    cycle.survey_open = open
    cycle.save(update_fields=["survey_open"])
    log(actor, Action.UPDATE, cycle, "Mở khảo sát nhu cầu" if open else "Đóng khảo sát nhu cầu")
    return cycle


@transaction.atomic
def cycle_set_ceilings(*, actor, cycle: AnnualCycle, ceilings: dict[str, int]) -> AnnualCycle:
    require(actor, Perm.CONSOLIDATE_ANNUAL)
    if any(v < 0 for v in ceilings.values()):
        refuse("Trần kinh phí không được âm.")
    log(actor, Action.UPDATE, cycle, "Trần kinh phí theo nguồn", {"ceilings": [cycle.ceilings, ceilings]})
    cycle.ceilings = {k: int(v) for k, v in ceilings.items() if v}
    cycle.save(update_fields=["ceilings"])
    return cycle


@transaction.atomic
def rate_set(*, actor, code: str, amount: int, legal_basis: str, valid_from: dt.date):
    """A new amount for rate ``code`` from ``valid_from`` (the resolution that sets it in
    ``legal_basis``): a new row, so earlier years keep their rate; the same date replaces it."""
    from apps.annual.models import RateItem

    require(actor, Perm.CONSOLIDATE_ANNUAL)
    current = RateItem.objects.filter(code=code, valid_from__lte=valid_from).order_by("-valid_from").first()
    if current is None:
        refuse(f"Không có định mức “{code}” áp dụng từ {format_date(valid_from)}.")
    if amount < 0:
        refuse("Mức chi không được âm.")
    if not legal_basis.strip():
        refuse("Cần ghi căn cứ (nghị quyết của HĐND tỉnh).")
    rate, created = RateItem.objects.update_or_create(code=code, valid_from=valid_from, defaults={
        "name": current.name, "basis": current.basis, "funding_source": current.funding_source,
        "full_time_only": current.full_time_only, "order": current.order, "amount": amount,
        "legal_basis": legal_basis.strip()[:300]})
    log(actor, Action.CREATE if created else Action.UPDATE, rate,
        f"Định mức {rate.name}: {amount} đồng từ {format_date(valid_from)} ({rate.legal_basis})",
        {"amount": [int(current.amount), amount]})
    return rate
