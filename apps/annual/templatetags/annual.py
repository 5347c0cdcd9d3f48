"""``{% annual_execution %}``: this year's approved annual plan, planned vs actual, for the
dashboard (province-wide for Sở Nội vụ and leaders, the officer's own agency otherwise). Four
grouped queries (``selectors.execution``); nothing when there is no approved plan for the year."""

from __future__ import annotations

from django import template
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.annual import selectors
from apps.annual.models import AnnualCycle, CycleStatus

register = template.Library()


@register.inclusion_tag("annual/_execution_card.html", takes_context=True)
def annual_execution(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not scope_of(user).can(Perm.VIEW_ANNUAL):
        return {}
    cycle = AnnualCycle.objects.filter(year=timezone.localdate().year, status=CycleStatus.APPROVED).first()
    if cycle is None:
        return {}
    own = None if scope_of(user).sees_all else selectors.agency_of(user)
    province, agencies, _lines = selectors.execution(cycle, agency_id=own.pk if own else None)
    row = province if own is None else next(iter(agencies), None)
    return {"cycle": cycle, "row": row, "own": own}
