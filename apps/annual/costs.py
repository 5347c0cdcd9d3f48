"""Costs of a plan line from the rate table (định mức chi of the People's Council resolution).

``line_costs`` is pure: the rates in, {funding source: đồng} out. Per-learner rates of learners who
pay their own way (``self_funded``) go to the learner's own source (Cá nhân tự túc)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from apps.annual.models import RateBasis, RateItem
from apps.training.models import FundingSource


@dataclass(frozen=True)
class Rate:
    code: str
    basis: str
    amount: int
    funding_source: str
    full_time_only: bool = False


def rates_on(day: dt.date) -> list[Rate]:
    """The rate of each code in force on ``day`` (the latest ``valid_from`` wins). One query."""
    rows = (RateItem.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
            .order_by("order", "code", "valid_from"))
    latest: dict[str, Rate] = {}
    for r in rows:
        latest[r.code] = Rate(r.code, r.basis, int(r.amount), r.funding_source, r.full_time_only)
    return list(latest.values())


def line_costs(*, classes: int, learners: int, days: int, self_funded: int = 0, full_time: bool = True,
               rates: Iterable[Rate]) -> dict[str, int]:
    """{funding source: amount} for a line of ``classes`` classes of ``days`` days with ``learners``."""
    costs: dict[str, int] = {}

    def add(source: str, amount: int | Decimal) -> None:
        if amount:
            costs[source] = costs.get(source, 0) + int(amount)

    paying = learners - self_funded
    for rate in rates:
        if rate.full_time_only and not full_time:
            continue
        if rate.basis == RateBasis.PER_CLASS:
            add(rate.funding_source, rate.amount * classes)
        elif rate.basis == RateBasis.PER_CLASS_DAY:
            add(rate.funding_source, rate.amount * classes * days)
        else:
            per_person = rate.amount * (days if rate.basis == RateBasis.PER_LEARNER_DAY else 1)
            add(rate.funding_source, per_person * paying)
            add(FundingSource.LEARNER, per_person * self_funded)
    return dict(sorted(costs.items()))
