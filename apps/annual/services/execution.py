"""Carrying the approved plan out: a class opened from a line (or a provincial class) keeps the link."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.annual.models import ClassLink, CycleStatus, PlanLine, ProvincialClass
from apps.annual.services.common import Action, log, refuse, require_agency

__all__ = ["class_from_line", "class_link"]


def _province_root_id() -> int:
    """The organiser of a provincial class: Sở Nội vụ (``ROADMAP_HOME_AFFAIRS_UNIT``), else the root."""
    from django.conf import settings

    from apps.organization.models import Unit
    from apps.organization.selectors import children_map

    home = Unit.objects.filter(code=getattr(settings, "ROADMAP_HOME_AFFAIRS_UNIT", "SNV")).values_list(
        "pk", flat=True).first()
    if home is not None:
        return home
    roots = children_map().get(None) or []
    if not roots:
        refuse("Chưa có cây tổ chức của tỉnh.")
    return roots[0]


def _check_source(actor, cycle, source, line: PlanLine | None) -> None:
    if cycle.status != CycleStatus.APPROVED:
        refuse(f"Kế hoạch năm {cycle.year} chưa được phê duyệt.")
    if cycle.suspended or source.suspended:
        refuse("Kế hoạch (hoặc dòng) đang tạm dừng: chưa mở lớp được.")
    if line is not None:
        require_agency(actor, line.agency_plan.unit_id)
        if line.provincial_class_id:
            refuse("Dòng này thuộc một lớp chung của tỉnh: Sở Nội vụ mở lớp chung.")
    elif not scope_of(actor).can(Perm.CONSOLIDATE_ANNUAL):
        raise PermissionDenied("Chỉ Sở Nội vụ mở lớp chung của tỉnh.")


@transaction.atomic
def class_link(*, actor, training_class, line: PlanLine | None = None,
               provincial_class: ProvincialClass | None = None) -> ClassLink:
    """Count a class already opened (by its organiser, outside dtbd's "open from line") as carrying
    out an approved ``line`` or ``provincial_class``: same programme, a class not linked yet."""
    if (line is None) == (provincial_class is None):
        refuse("Chọn một dòng kế hoạch hoặc một lớp chung.")
    source = line or provincial_class
    cycle = line.agency_plan.cycle if line else provincial_class.cycle  # type: ignore[union-attr]
    _check_source(actor, cycle, source, line)
    if line is not None and training_class.organiser_id != line.agency_plan.unit_id:
        refuse(f"Lớp {training_class.code} không do {line.agency_plan.unit} tổ chức.")
    if ClassLink.objects.filter(training_class=training_class).exists():
        refuse(f"Lớp {training_class.code} đã gắn với một dòng kế hoạch.")
    if source.programme_id and training_class.programme_id != source.programme_id:  # type: ignore[union-attr]
        refuse(f"Lớp {training_class.code} không cùng chương trình với dòng kế hoạch.")
    link = ClassLink.objects.create(training_class=training_class, cycle=cycle, line=line,
                                    provincial_class=provincial_class)
    log(actor, Action.UPDATE, training_class,
        f"Gắn lớp {training_class.code} với kế hoạch năm {cycle.year}: {source.title}")  # type: ignore[union-attr]
    return link


@transaction.atomic
def class_from_line(*, actor, code: str, start_date: dt.date, end_date: dt.date, line: PlanLine | None = None,
                    provincial_class: ProvincialClass | None = None, provider=None, place: str = ""):
    """Open a training class for an approved ``line`` (organised by its agency) or
    ``provincial_class`` (organised by the province, open to the agencies holding seats)."""
    from apps.training.models import DeliveryForm
    from apps.training.services import ClassData, class_create

    if (line is None) == (provincial_class is None):
        refuse("Chọn một dòng kế hoạch hoặc một lớp chung.")
    source = line or provincial_class
    cycle = line.agency_plan.cycle if line else provincial_class.cycle  # type: ignore[union-attr]
    _check_source(actor, cycle, source, line)
    if line is not None:
        organiser_id, open_to = line.agency_plan.unit_id, False
    else:
        organiser_id, open_to = _province_root_id(), True
    programme = source.programme  # type: ignore[union-attr]
    provider = provider or source.provider  # type: ignore[union-attr]
    if programme is None:
        refuse("Dòng kế hoạch chưa chọn chương trình trong danh mục: sửa dòng trước khi mở lớp.")
    if provider is None:
        refuse("Chọn cơ sở đào tạo cho lớp.")
    form = source.form or DeliveryForm.objects.filter(code="tap_trung").first()  # type: ignore[union-attr]
    if form is None:
        refuse("Dòng kế hoạch chưa có hình thức đào tạo.")
    seats = sum(x.learners for x in provincial_class.lines.all()) if provincial_class else line.learners  # type: ignore[union-attr]
    klass = class_create(actor=actor, data=ClassData(
        code=code.strip(), programme=programme, provider=provider, organiser_id=organiser_id, form=form,
        start_date=start_date, end_date=end_date, name=source.title, hours=source.hours,  # type: ignore[union-attr]
        place=place, capacity=seats or None, open_to_agencies=open_to))
    ClassLink.objects.create(training_class=klass, cycle=cycle, line=line, provincial_class=provincial_class)
    log(actor, Action.CREATE, klass, f"Mở lớp {klass.code} từ kế hoạch năm {cycle.year}: {source.title}")  # type: ignore[union-attr]
    return klass
