"""Draft lines from needs: what "Soạn từ nhu cầu" proposes, as plain data (no write).

One ``compute_needs`` run (see ``apps.annual.needs`` for its query cost) plus the catalogue, the
forms and the rate table (three small queries); each need becomes one line: programme, category,
learners and groups, the preferred quarter and form (else quarter 2, full-time), classes of
``cycle.class_size``, the programme's tiết (else 40) over 8 tiết a day, and its costs."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field

from apps.annual.costs import Rate, line_costs, rates_on
from apps.annual.models import AnnualCycle
from apps.annual.needs import Need, compute_needs
from apps.people.models import Category
from apps.training.models import DeliveryForm, Programme

DEFAULT_QUARTER = 2
DEFAULT_HOURS = 40
HOURS_PER_DAY = 8


@dataclass
class DraftLine:
    agency_id: int
    programme_id: int
    programme: str
    category: str
    title: str
    quarter: int
    form_id: int | None
    classes: int
    learners: int
    leaders: int
    women: int
    ethnic: int
    commune: int
    self_funded: int
    days: int
    hours: int
    target_codes: list[str]
    reasons: list[str]
    person_ids: list[int]
    costs: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.costs.values())

    def as_json(self, agency_code: str = "") -> dict:
        data = asdict(self)
        data["agency"] = agency_code
        data["group"] = Category(self.category).label if self.category in Category.values else self.category
        data["total"] = self.total
        return data


def draft_lines(cycle: AnnualCycle, *, agency_id: int | None = None) -> list[DraftLine]:
    needs = compute_needs(cycle, agency_id=agency_id)
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in={n.programme_id for n in needs})}
    forms = {f.pk: f for f in DeliveryForm.objects.all()}
    default_form = next((f for f in forms.values() if f.code == "tap_trung"), None)
    rates = rates_on(dt.date(cycle.year, 1, 1))
    return [_line(n, programmes[n.programme_id], forms, default_form, rates, cycle.class_size) for n in needs]


def _line(need: Need, programme: Programme, forms: dict, default_form, rates: list[Rate], size: int) -> DraftLine:
    hours = programme.standard_hours or DEFAULT_HOURS
    days = max(1, math.ceil(hours / HOURS_PER_DAY))
    form = forms.get(need.form_id) if need.form_id else default_form
    classes = max(1, math.ceil(need.learners / max(size, 1)))
    category = Category(need.category).label if need.category in Category.values else need.category
    line = DraftLine(
        agency_id=need.agency_id, programme_id=programme.pk, programme=programme.name, category=need.category,
        title=f"{programme.name} ({category.lower()})", quarter=need.quarter or DEFAULT_QUARTER,
        form_id=form.pk if form else None, classes=classes, learners=need.learners, leaders=need.leaders,
        women=need.women, ethnic=need.ethnic, commune=need.commune, self_funded=min(need.self_funded, need.learners),
        days=days, hours=hours, target_codes=need.target_codes, reasons=need.reasons, person_ids=need.person_ids)
    line.costs = line_costs(classes=classes, learners=need.learners, days=days, self_funded=line.self_funded,
                            full_time=bool(form and form.is_full_time), rates=rates)
    return line
