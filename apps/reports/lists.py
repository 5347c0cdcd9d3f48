"""The lists behind a class count and behind a money figure of the annual statistics, read from
the same querysets the figures were counted from (``annual.classes_of``, ``luot.luot_of``), so a
list and its figure cannot disagree (the tests add the lists up):

- ``class_list(sel, dim, value)``: the classes (code, name, organiser, provider, dates, completed
  lượt) of the period, all of them or one organiser's or one provider's;
- ``cost_list(sel, source)``: the cost lines of one funding source (or every source): the class
  budget lines (planned, actual) of the period's classes, then the costs of lượt taken outside
  the system's classes, with their sums.

Both answer a ``drill.Names`` (the names page and its .xlsx render them). Cost: one query for the
rows of a page (two for the cost lines), one count, and for the cost lines two sums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from typing import Any

from django.db.models import CharField, Count, DecimalField, Q, QuerySet, Sum, Value

from apps.documents.nd30 import fmt
from apps.organization.models import Unit
from apps.reports.annual import classes_of
from apps.reports.drill import Names
from apps.reports.luot import luot_of
from apps.reports.selection import Selection, SelectionError
from apps.training.models import ClassBudget, EnrollmentStatus, FundingSource, Provider

CLASS_HEADER = ["STT", "Mã lớp", "Tên lớp", "Đơn vị tổ chức", "Cơ sở đào tạo, bồi dưỡng", "Khai giảng", "Kết thúc",
                "Lượt hoàn thành"]
COST_HEADER = ["STT", "Khoản", "Mã lớp / mã cán bộ", "Lớp / họ và tên", "Đơn vị", "Chương trình", "Ngày kết thúc",
               "Nguồn kinh phí", "Dự toán (đồng)", "Thực chi (đồng)"]
SOURCES = dict(FundingSource.choices)


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ""


def _amount(value: Decimal | int | None) -> int | None:
    return None if value is None else int(value)


def class_line(number: int, row: tuple) -> list:
    code, name, programme, organiser, provider, start, end, luot = row
    return [number, code, name or programme, organiser, provider, _day(start), _day(end), luot]


def class_list(sel: Selection, dim: str, value: str) -> Names:
    """``dim``: "all" (value ""), "organiser" or "provider" (value: its id). SelectionError for
    another key, or an id that is not one of the figures'."""
    classes = classes_of(sel)
    if dim == "all" and not value:
        label = "Các lớp kết thúc trong kỳ"
    elif dim in ("organiser", "provider") and value.isdigit():
        model = Unit if dim == "organiser" else Provider
        name = model.objects.filter(pk=int(value)).values_list("name", flat=True).first()
        if name is None:
            raise SelectionError("Không có số liệu này.")
        label = f"Các lớp do {name} tổ chức" if dim == "organiser" else f"Các lớp của {name}"
        classes = classes.filter(**{f"{dim}_id": int(value)})
    else:
        raise SelectionError("Không có số liệu này.")
    done = Q(enrollments__status=EnrollmentStatus.COMPLETED)
    rows = (classes.annotate(luot=Count("enrollments", filter=done)).order_by("start_date", "code")
            .values_list("code", "name", "programme__name", "organiser__name", "provider__name", "start_date",
                         "end_date", "luot"))
    return Names(label, CLASS_HEADER, rows, shape="classes")


@dataclass
class Chained:
    """Two querysets read one after the other, as one sequence (the paginator's count and slices,
    the export's iteration)."""

    first: QuerySet
    second: QuerySet

    def count(self) -> int:
        return self.first.count() + self.second.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice | int) -> Any:
        if isinstance(part, int):
            return self[part:part + 1][0]
        start, stop = part.start or 0, part.stop
        n = self.first.count()
        head = list(self.first[start:min(stop, n)]) if start < n else []
        tail = list(self.second[max(start - n, 0):stop - n]) if stop > n else []
        return head + tail

    def iterator(self, chunk_size: int = 2000):
        return chain(self.first.iterator(chunk_size=chunk_size), self.second.iterator(chunk_size=chunk_size))


def cost_line(number: int, row: tuple) -> list:
    kind, code, name, unit, programme, day, source, planned, actual = row
    return [number, kind, code, name or programme, unit, programme, _day(day), SOURCES.get(source, source), _amount(planned),
            _amount(actual)]


def cost_list(sel: Selection, source: str) -> Names:
    """The cost lines of ``source`` ("" every source) behind the spending figures."""
    if source and source not in SOURCES:
        raise SelectionError("Không có số liệu này.")
    budgets = ClassBudget.objects.filter(training_class__in=classes_of(sel))
    outside = luot_of(sel).filter(training_class__isnull=True)
    outside = outside.filter(costs__funding_source=source) if source else outside.filter(costs__isnull=False)
    if source:
        budgets = budgets.filter(funding_source=source)
    rows_a = (budgets.annotate(kind=Value("Lớp", output_field=CharField())).order_by("training_class__end_date", "training_class__code", "funding_source")
              .values_list("kind", "training_class__code", "training_class__name", "training_class__organiser__name",
                           "training_class__programme__name", "training_class__end_date", "funding_source",
                           "planned_amount", "actual_amount"))
    rows_b = (outside.annotate(kind=Value("Học ngoài lớp", output_field=CharField()), none=Value(None, output_field=DecimalField()))
              .order_by("completed_on", "person__code", "id", "costs__id")
              .values_list("kind", "person__code", "person__full_name", "sp__unit__name", "programme__name",
                           "completed_on", "costs__funding_source", "none", "costs__amount"))
    in_classes = budgets.aggregate(planned=Sum("planned_amount"), actual=Sum("actual_amount"))
    spent_outside = outside.aggregate(total=Sum("costs__amount"))["total"] or 0
    planned, actual = int(in_classes["planned"] or 0), int(in_classes["actual"] or 0) + int(spent_outside)
    label = f"Kinh phí {SOURCES[source].lower()}" if source else "Kinh phí mọi nguồn"
    totals = [("Dự toán", f"{fmt(planned)} đồng"), ("Thực chi", f"{fmt(actual)} đồng"),
              ("trong đó học ngoài lớp", f"{fmt(int(spent_outside))} đồng")]
    return Names(label, COST_HEADER, Chained(rows_a, rows_b), shape="costs", totals=totals,
                 sums=(planned, actual))
