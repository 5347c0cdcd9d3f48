"""Stated needs (the survey): a learner's own, an officer's for their staff, the unit head's confirmation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.annual.models import AnnualCycle, StatedNeed
from apps.annual.services.common import Action, log, refuse, require_agency

__all__ = ["stated_need_save", "stated_need_delete", "stated_needs_confirm"]


def _check_may_state(actor, cycle: AnnualCycle, person) -> None:
    scope = scope_of(actor)
    if not cycle.survey_open:
        refuse(f"Khảo sát nhu cầu năm {cycle.year} chưa mở hoặc đã đóng.")
    if scope.can(Perm.STATE_NEEDS) and scope.is_learner:
        if scope.person_id != person.pk:
            raise PermissionDenied("Học viên chỉ đăng ký nhu cầu của mình.")
        return
    require_agency(actor, person.unit_id)


@transaction.atomic
def stated_need_save(*, actor, cycle: AnnualCycle, person, programme, priority: int = 1, form=None,
                     quarter: int | None = None, self_fund: bool = False) -> StatedNeed:
    """Create or change the wish of ``person`` for ``programme`` (a changed wish needs confirming again)."""
    _check_may_state(actor, cycle, person)
    if priority not in (1, 2, 3):
        refuse("Mức ưu tiên phải là 1, 2 hoặc 3.")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        refuse("Quý phải từ 1 đến 4.")
    need, created = StatedNeed.objects.update_or_create(
        cycle=cycle, person=person, programme=programme,
        defaults={"priority": priority, "form": form, "quarter": quarter, "self_fund": self_fund,
                  "entered_by": actor if getattr(actor, "pk", None) else None,
                  "confirmed_by": None, "confirmed_at": None})
    log(actor, Action.CREATE if created else Action.UPDATE, need,
        f"Nhu cầu năm {cycle.year}: {person.code} – {programme.name} (ưu tiên {priority})")
    return need


@transaction.atomic
def stated_need_delete(*, actor, need: StatedNeed) -> None:
    _check_may_state(actor, need.cycle, need.person)
    log(actor, Action.DELETE, need, f"Xóa nhu cầu {need.person.code} – {need.programme.name}")
    need.delete()


@transaction.atomic
def stated_needs_confirm(*, actor, cycle: AnnualCycle, unit_id: int, priorities: dict[int, int] | None = None) -> int:
    """The unit head's confirmation (entered by the agency's officer) of every wish of the agency's
    staff, re-ranked by ``priorities`` ({need id: priority}). Returns how many were confirmed."""
    from apps.organization.selectors import subtree_ids

    require_agency(actor, unit_id)
    needs = StatedNeed.objects.filter(cycle=cycle, person__unit_id__in=subtree_ids(unit_id))
    for pk, priority in (priorities or {}).items():
        needs.filter(pk=pk).update(priority=priority)
    count = needs.filter(confirmed_at__isnull=True).update(
        confirmed_by=actor if getattr(actor, "pk", None) else None, confirmed_at=timezone.now())
    log(actor, Action.UPDATE, cycle, f"Xác nhận {count} nhu cầu đăng ký của cơ quan", {"unit": [None, unit_id]})
    return count
