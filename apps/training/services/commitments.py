"""Service commitments after training and the reimbursement a broken commitment owes (pure computation with the rule in force)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.audit import audit_write
from apps.core.dates import add_months
from apps.core.vn import format_date, format_money
from apps.people.models import Category, Person
from apps.training import permissions
from apps.training.models import (
    Enrollment,
    FundingSource,
    ReimbursementCause,
    ReimbursementMethod,
    ReimbursementRule,
    ServiceCommitment,
)
from apps.training.services._common import (
    Create,
    _enrollment_label,
)

# --- commitments and reimbursement --------------------------------------------------------------


def whole_months(start: dt.date, end: dt.date) -> int:
    """Complete months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def training_months(start: dt.date, end: dt.date) -> int:
    """Length of a training from its first to its last day, a started month counting as one."""
    after = end + dt.timedelta(days=1)
    months = whole_months(start, after)
    return max(months + (add_months(start, months) < after), 1)


def category_on(person: Person, day: dt.date) -> str:
    """The person's category on ``day`` from the dated service history (the last period begun by
    then), else the record's current category. One query."""
    category = person.periods.filter(valid_from__lte=day).order_by("-valid_from").values_list("category", flat=True).first()
    return category or person.category


def rule_in_force(category: str, day: dt.date) -> ReimbursementRule | None:
    """The reimbursement rule for ``category`` on ``day``: among rules in force, the latest to take
    effect. Rules are few: one query, filtered in Python (JSON lists are not portable to filter on)."""
    rules = [r for r in ReimbursementRule.objects.prefetch_related("causes").filter(effective_from__lte=day)
             if r.is_in_force(day) and category in r.categories]
    return max(rules, key=lambda r: (r.effective_from, r.pk), default=None)


def _no_rule(category: str, day: dt.date) -> ValidationError:
    return ValidationError(f"Không có quy định đền bù nào áp dụng cho {Category(category).label.lower()} "
                           f"vào ngày {format_date(day)}.")


def _rule_or_error(person: Person, day: dt.date) -> ReimbursementRule:
    category = category_on(person, day)
    rule = rule_in_force(category, day)
    if rule is None:
        raise _no_rule(category, day)
    return rule


@transaction.atomic
def commitment_create(*, actor, enrollment: Enrollment, committed_months: int | None = None,
                      start: dt.date | None = None) -> ServiceCommitment:
    """Commit ``enrollment``'s person to serve from ``start`` (the end of training by default) for
    ``committed_months`` — by default the training length times the multiplier of the rule in force
    for the person's category on ``start``, rounded up to a whole month."""
    permissions.check_can_enrol(actor, enrollment.person)
    if ServiceCommitment.objects.filter(enrollment=enrollment).exists():
        raise ValidationError("Lượt học này đã có cam kết phục vụ.")
    start = start or enrollment.end_date
    category = category_on(enrollment.person, start)
    rule = rule_in_force(category, start)
    if committed_months is None:
        if rule is None:
            raise _no_rule(category, start)
        length = Decimal(training_months(enrollment.start_date, enrollment.end_date))
        committed_months = int((length * rule.commitment_multiplier).to_integral_value(rounding=ROUND_CEILING))
    commitment = ServiceCommitment(enrollment=enrollment, committed_months=committed_months, start=start, rule=rule)
    commitment.full_clean()
    commitment.save()
    audit_write(actor=actor, action=Create, target=enrollment.person,
                changes={"commitment": [None, f"{committed_months} tháng từ {format_date(start)}"]},
                note=f"Cam kết phục vụ sau {_enrollment_label(enrollment)}"
                     + (f" ({rule.legal_basis})" if rule else ""))
    return commitment


@dataclass(frozen=True)
class Reimbursement:
    amount: Decimal
    explanation: str
    rule: ReimbursementRule
    cost_base: Decimal
    months_owed: int | None = None


def reimbursement_compute(*, commitment: ServiceCommitment, event_date: dt.date, cause: str) -> Reimbursement:
    """What the person owes when ``cause`` happens on ``event_date``, under the rule in force for
    their category that day. The base is the enrollment's cost from the rule's reimbursable
    (state) sources. Pro rata: base × months still owed / committed months (months served counted
    whole from the commitment's start); full: base × the cause's share. Raises ValidationError when
    no rule applies or the rule does not cover the cause. Three queries; writes nothing."""
    enrollment = commitment.enrollment
    rule = _rule_or_error(enrollment.person, event_date)
    rule_cause = next((c for c in rule.causes.all() if c.cause == cause), None)
    if rule_cause is None:
        raise ValidationError(f"{rule.legal_basis} không quy định đền bù cho trường hợp "
                              f"“{ReimbursementCause(cause).label.lower()}”.")
    costs = [c for c in enrollment.costs.all() if c.funding_source in rule.reimbursable_sources]
    base = sum((c.amount for c in costs), Decimal(0))
    sources = ", ".join(FundingSource(c.funding_source).label.lower() for c in costs) or "không có nguồn nhà nước"
    head = f"Theo {rule.legal_basis}: chi phí {format_money(base)} ({sources})"
    if rule_cause.method == ReimbursementMethod.PRO_RATA:
        served = whole_months(commitment.start, event_date)
        owed = max(commitment.committed_months - served, 0)
        amount = base * rule_cause.share * owed / commitment.committed_months
        text = f"{head} × {owed}/{commitment.committed_months} tháng cam kết còn thiếu"
    else:
        owed = None
        amount = base * rule_cause.share
        text = f"{head} × {rule_cause.share * 100:.0f}%"
    amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Reimbursement(amount=amount, explanation=f"{text} = {format_money(amount)}.", rule=rule,
                         cost_base=base, months_owed=owed)
