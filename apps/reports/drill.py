"""The list of names behind a figure: the same queryset the figure was counted from, filtered by
the figure's slice (``luot.slice_q``), read as plain rows. The yearly-minimum figures list people
(civil servants), every other figure lists lượt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from apps.people.models import Category, ServicePeriod
from apps.reports.annual import MIN_HOURS, MIN_HOURS_FROM, classes_of
from apps.reports.luot import luot_of, slice_q
from apps.reports.selection import Selection, SelectionError
from apps.targets.population import in_force_on
from apps.training.models import Enrollment, EnrollmentStatus, ProgrammeKind

LUOT_HEADER = ["STT", "Mã cán bộ", "Họ và tên", "Đơn vị", "Đối tượng", "Chương trình", "Ngày hoàn thành", "Số tiết"]
PEOPLE_HEADER = ["STT", "Mã cán bộ", "Họ và tên", "Đơn vị", "Số tiết bồi dưỡng trong kỳ"]
CATEGORY = dict(Category.choices)


@dataclass
class Names:
    """A list behind a figure: ``rows`` (values_list rows in the order shown: a QuerySet, or
    anything with count(), slices and iterator()) and how one is printed (``shape``)."""

    label: str
    header: list[str]
    rows: Any
    shape: str = "luot"  # luot | people (the minimum) | classes | costs (apps.reports.lists)
    totals: list[tuple[str, str]] = field(default_factory=list)  # shown above the list
    sums: tuple[int, ...] = ()  # the totals as numbers (tests, the figure they must equal)

    def line(self, number: int, row: tuple) -> list:
        if self.shape == "people":
            code, name, unit, hours = row
            return [number, code, name, unit, hours or 0]
        if self.shape in ("classes", "costs"):
            from apps.reports.lists import class_line, cost_line

            return (class_line if self.shape == "classes" else cost_line)(number, row)
        code, name, unit, category, programme, done, hours = row
        return [number, code, name, unit, CATEGORY.get(category, category), programme,
                done.strftime("%d/%m/%Y") if isinstance(done, dt.date) else "", hours or ""]


def _luot_rows(qs: QuerySet[Enrollment]) -> QuerySet:
    return qs.order_by("person__name_sort_key", "person__code", "completed_on", "id").values_list(  # type: ignore[misc]  # sp: the FilteredRelation of luot_of
        "person__code", "person__full_name", "sp__unit__name", "sp__category", "programme__name", "completed_on",
        "hours")


def names_of(sel: Selection, dim: str, value: str, *, previous: bool = False) -> Names:
    """Raises SelectionError for an unknown slice."""
    if previous:
        sel = sel.previous()
    if dim == "minimum":
        return _minimum_names(sel, value)
    if dim == "cell":
        return _form_cell_names(sel, value)
    found = slice_q(dim, value)
    if found is None:
        raise SelectionError("Không có số liệu này.")
    label, q = found
    if dim in ("organiser", "provider"):
        base = luot_of(_whole(sel)).filter(training_class__in=classes_of(sel))
    elif dim == "source":
        in_classes = Q(training_class__in=classes_of(sel).filter(budget__funding_source=value))
        outside = Q(training_class__isnull=True) & q
        base, q = luot_of(_whole(sel)), in_classes | (outside & _in_units(sel))
    else:
        base = luot_of(sel)
    return Names(label + (f" ({sel.period_label.lower()})" if previous else ""), LUOT_HEADER,
                 _luot_rows(base.filter(q).distinct()))


def _form_cell_names(sel: Selection, value: str) -> Names:
    """The people (or lượt) behind one cell of an official form: ``CODE|row|column``."""
    from apps.reports.forms_spec import FormError, cell_q, form_by_code

    code, _, rest = value.partition("|")
    r, _, c = rest.partition("|")
    try:
        found = cell_q(form_by_code(code), sel, int(r), int(c)) if r.isdigit() and c.isdigit() else None
    except FormError:
        found = None
    if found is None:
        raise SelectionError("Không có số liệu này.")
    label, q = found
    return Names(label, LUOT_HEADER, _luot_rows(luot_of(sel).filter(q).distinct()))


def _whole(sel: Selection) -> Selection:
    """The period without the learners' unit restriction (a class counts all its learners)."""
    return Selection(sel.start, sel.end, sel.unit, None, sel.scope)


def _in_units(sel: Selection) -> Q:
    return Q() if sel.unit_ids is None else Q(sp__unit_id__in=sorted(sel.unit_ids))


def _minimum_names(sel: Selection, value: str) -> Names:
    if value not in ("all", "met", "short") or sel.end < MIN_HOURS_FROM:
        raise SelectionError("Không có số liệu này.")
    start = max(sel.start, MIN_HOURS_FROM)
    done = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, completed_on__gte=start,
                                     completed_on__lte=sel.end, programme__kind=ProgrammeKind.FOSTERING)
    enough = done.values("person_id").annotate(total=Sum(Coalesce("hours", 0))).filter(
        total__gte=MIN_HOURS).values("person_id")
    periods = ServicePeriod.objects.filter(in_force_on(sel.end), category=Category.CIVIL_SERVANT)
    if sel.unit_ids is not None:
        periods = periods.filter(unit_id__in=sorted(sel.unit_ids))
    if value == "met":
        periods = periods.filter(person_id__in=enough)
    elif value == "short":
        periods = periods.exclude(person_id__in=enough)
    hours = Sum(Coalesce("person__enrollments__hours", 0), filter=Q(person__enrollments__in=done))
    rows = (periods.values("person_id").annotate(h=hours).order_by("person__name_sort_key", "person__code")
            .values_list("person__code", "person__full_name", "unit__name", "h"))
    labels = {"all": "Công chức đang công tác cuối kỳ", "met": f"Công chức đã bồi dưỡng đủ {MIN_HOURS} tiết",
              "short": f"Công chức chưa bồi dưỡng đủ {MIN_HOURS} tiết"}
    return Names(labels[value], PEOPLE_HEADER, rows, shape="people")


WIDTHS = {"luot": [6, 14, 28, 36, 14, 40, 14, 10], "people": [6, 14, 28, 36, 14],
          "classes": [6, 16, 40, 32, 32, 12, 12, 12], "costs": [6, 14, 16, 32, 32, 36, 14, 28, 18, 18]}


def names_xlsx(names: Names, sel: Selection) -> bytes:
    """Every row, under a title block (the list, the period and unit, the totals), through the
    shared streamed writer (``core.tabular.render_xlsx``: memory stays flat for a long list)."""
    from apps.core.tabular import render_xlsx

    title = [[f"DANH SÁCH: {names.label.upper()}"], [f"{sel.period_label} · {sel.unit_label}"]]
    if names.totals:
        title.append(["; ".join(f"{label}: {value}" for label, value in names.totals)])
    lines = (names.line(n, row) for n, row in enumerate(names.rows.iterator(chunk_size=2000), start=1))
    return render_xlsx(chain([names.header], lines), freeze="A2", title_block=title, widths=WIDTHS[names.shape])
