"""The lượt a report counts and the named slices of them, shared by every figure and by the list
of names behind it (so a figure and its list can never disagree).

A lượt is a completed enrollment whose completion date lies in the period. It is read with the
service period of its person covering the lượt's start date (``sp``, one SQL join through a
FilteredRelation, as the target engine dates a lượt): category, level, unit and position are those
of that day, so a person who moved or changed category later still counts where they were. A lượt
whose person had no service period on its start date (training taken before joining) is left out.

``SLICES`` names each slice as (dimension, value) → (label, Q over that queryset); the annual
statistics aggregate ``Count(... filter=Q)`` over them in one query, the names page filters by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q, QuerySet

from apps.organization.models import Level
from apps.people.models import Category, Gender, Position
from apps.reports.selection import Selection
from apps.targets.measures import training_q
from apps.training.models import (
    DegreeLevel,
    DeliveryForm,
    Enrollment,
    EnrollmentStatus,
    FosteringFamily,
    ProgrammeKind,
)

KINH = "Kinh"


def counted() -> QuerySet[Enrollment]:
    """Every completed lượt with a service period on its start date (alias ``sp``), any date."""
    covering = (Q(person__periods__valid_from__lte=F("start_date"))
                & (Q(person__periods__valid_to__isnull=True) | Q(person__periods__valid_to__gte=F("start_date"))))
    return (Enrollment.objects.annotate(sp=FilteredRelation("person__periods", condition=covering))
            .filter(status=EnrollmentStatus.COMPLETED, completed_on__isnull=False, sp__isnull=False))


def luot_of(sel: Selection) -> QuerySet[Enrollment]:
    """Completed lượt of the selection, with the alias ``sp`` (service period at the start)."""
    qs = counted().filter(completed_on__gte=sel.start, completed_on__lte=sel.end)
    if sel.unit_ids is not None:
        qs = qs.filter(sp__unit_id__in=sorted(sel.unit_ids))
    return qs


@dataclass(frozen=True)
class Slice:
    dim: str
    value: str
    label: str
    q: Q


def _leaders() -> list[int]:
    return list(Position.objects.filter(is_leadership=True).values_list("id", flat=True))


def abroad_q() -> Q:
    return training_q({"abroad": True})


def slices() -> list[Slice]:
    """Every named slice of the annual statistics (a few small reads: forms, leadership positions)."""
    out = [Slice("all", "", "Tổng số", Q())]
    out += [Slice("category", c.value, c.label, Q(sp__category=c.value)) for c in Category]
    out += [Slice("level", lv.value, lv.label, Q(sp__level=lv.value)) for lv in Level]
    out += [Slice("kind", k.value, k.label, Q(programme__kind=k.value)) for k in ProgrammeKind]
    out += [Slice("degree", d.value, d.label, Q(programme__kind=ProgrammeKind.DEGREE, programme__degree_level=d.value))
            for d in DegreeLevel]
    out += [Slice("family", f.value, f.label,
                  Q(programme__kind=ProgrammeKind.FOSTERING, programme__fostering_family=f.value)) for f in FosteringFamily]
    out += [Slice("form", code, name, Q(form_id=pk)) for pk, code, name in
            DeliveryForm.objects.order_by("order", "code").values_list("id", "code", "name")]
    out += [Slice("form", "", "Không ghi hình thức", Q(form__isnull=True))]
    abroad = abroad_q()
    out += [Slice("place", "trong_nuoc", "Trong nước", ~abroad), Slice("place", "nuoc_ngoai", "Nước ngoài", abroad)]
    leaders = Q(sp__position_id__in=_leaders())
    out += [Slice("leader", "co", "Lãnh đạo, quản lý", leaders), Slice("leader", "khong", "Không giữ chức vụ", ~leaders)]
    out += [Slice("women", "nu", "Nữ", Q(person__gender=Gender.FEMALE))]
    out += [Slice("minority", "dtts", "Người dân tộc thiểu số", ~Q(person__ethnicity__name__iexact=KINH))]
    return out


def slice_q(dim: str, value: str) -> tuple[str, Q] | None:
    """(label, Q) of one slice, including the open-ended ones (content area, country, organiser,
    provider, funding source); None when unknown."""
    from apps.organization.models import Unit
    from apps.training.models import ContentArea, FundingSource, Provider

    for s in slices():
        if s.dim == dim and s.value == value:
            return s.label, s.q
    if dim == "area":
        name = ContentArea.objects.filter(code=value).values_list("name", flat=True).first()
        if name:
            return name, Q(programme_id__in=ContentArea.objects.filter(code=value).values("programmes__id"))
    if dim == "country" and value:
        return value, abroad_q() & (Q(country=value) | Q(country__in=["", "Việt Nam"], training_class__country=value))
    if dim == "organiser" and value.isdigit():
        name = Unit.objects.filter(pk=int(value)).values_list("name", flat=True).first()
        if name:
            return f"Lớp do {name} tổ chức", Q(training_class__organiser_id=int(value))
    if dim == "provider" and value.isdigit():
        name = Provider.objects.filter(pk=int(value)).values_list("name", flat=True).first()
        if name:
            return f"Lớp của {name}", Q(training_class__provider_id=int(value))
    if dim == "source" and value in FundingSource.values:
        return FundingSource(value).label, Q(costs__funding_source=value)
    return None
