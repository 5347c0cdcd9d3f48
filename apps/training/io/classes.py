"""The classes file: one row per class with its budget by funding source. All-or-nothing,
idempotent import keyed by the class code, and the export that imports back unchanged.

Contract of :func:`classes_import` (the same as the people and enrollments imports): every row is
checked and any problem rejects the whole file with "Dòng N, cột X: lý do" messages, nothing
written; a valid file is written in one transaction through the class services
(``class_create``, ``class_update``, ``class_set_budget``: a province runs hundreds of classes a
year, not a hundred thousand, so each class keeps its own audit trail and the rules of those
services); known codes are compared and only real differences are written; one audit entry
summarises the import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.core import tabular
from apps.core.audit import audit_write
from apps.core.codes import CLASS_CODE_MAX, class_code_problem
from apps.core.models import AuditEntry
from apps.core.tabular import (
    CSV,
    XLSX,
    ExportFile,
    FileRejected,
    ImportFailed,
    Problems,
    RowReader,
    Source,
    blank,
    cell_int,
    cell_money,
    cell_text,
    code_taken,
    column_index,
    date_text,
    lookup_key,
    open_table,
    render_csv,
    render_xlsx,
    unit_not_found,
    write_retrying,
)
from apps.core.vn import format_date, format_number
from apps.training import services
from apps.training.io import columns as C
from apps.training.io.catalogues import (
    CLASS_STATUSES,
    ClassCatalogues,
    Rights,
    classes_with_codes,
    load_class_catalogues,
    rights_of,
)
from apps.training.models import IN_COUNTRY, ClassBudget, ClassStatus, FundingSource, TrainingClass
from apps.training.selectors import REACH_ORGANISED, classes_of_reach, classes_visible_to

STATUS_LABELS = dict(ClassStatus.choices)
Budget = dict[str, tuple[Decimal, Decimal | None]]  # funding source -> (planned, actual or None)


class ImportResult(tabular.ImportResult):
    created_label = "lớp mới"


@dataclass
class RowIn:
    number: int
    data: services.ClassData
    budget: Budget | None  # None when the file has no budget column
    present: frozenset[str]  # ClassData fields whose column the file has


class _RowParser(RowReader):
    def __init__(self, cat: ClassCatalogues, rights: Rights, index: dict[str, int], problems: Problems):
        super().__init__(index, problems)
        self.cat, self.rights = cat, rights
        today = timezone.localdate()
        self.earliest, self.latest = dt.date(1950, 1, 1), dt.date(today.year + 5, 12, 31)
        self.present = frozenset(name for name in services.CLASS_FIELDS
                                 if name in index or name == "organiser_id" and "organiser" in index)
        self.budget_sources = [s.value for s in FundingSource
                               if C.planned_key(s.value) in index or C.actual_key(s.value) in index]

    def lookup(self, column: C.Column, table: dict, what: str) -> Any:
        code = self.text(column, 40)
        if not code:
            return None
        found = table.get(code.upper())
        if found is None:
            self.error(column, f"không có {what} mã “{code}”")
        return found

    def parse(self, number: int, cells: Sequence[Any]) -> RowIn | None:
        self.start(number, cells)
        code = self.text(C.CLASS_CODE, CLASS_CODE_MAX)
        if code and self.ok and (reason := class_code_problem(code)):
            self.error(C.CLASS_CODE, reason)
        programme = self.lookup(C.PROGRAMME, self.cat.programmes, "chương trình")
        provider = self.lookup(C.PROVIDER, self.cat.providers, "cơ sở đào tạo")
        organiser_id = self._organiser()
        form = self._choice(C.FORM, self.cat.forms, "hình thức", ", ".join(
            sorted({f.name for f in self.cat.forms.values()})))
        start, end = (self.date(c, self.earliest, self.latest) for c in (C.START, C.END))
        if start and end and end < start:
            self.error(C.END, f"ngày kết thúc {format_date(end)} trước ngày bắt đầu {format_date(start)}")
        status = self._choice(C.CLASS_STATUS, CLASS_STATUSES, "trạng thái", ", ".join(STATUS_LABELS.values()))
        extra = {"name": self.text(C.CLASS_NAME), "hours": self.optional(C.HOURS, cell_int),
                 "country": self.text(C.COUNTRY, 80), "place": self.text(C.PLACE),
                 "capacity": self.optional(C.CAPACITY, cell_int)}
        if extra["country"] == IN_COUNTRY:
            extra["country"] = ""
        budget = self._budget()
        if not self.ok:
            return None
        data = services.ClassData(code=code, programme=programme, provider=provider, organiser_id=organiser_id,
                                  form=form, start_date=start, end_date=end,  # type: ignore[arg-type]
                                  status=status or "", **extra)
        return RowIn(number, data, budget, self.present)

    def _choice(self, column: C.Column, table: dict, what: str, allowed: str) -> Any:
        text = self.text(column, 60)
        if not text:
            return None
        found = table.get(lookup_key(text))
        if found is None:
            self.error(column, f"{what} “{text}” không hợp lệ (chọn: {allowed})")
        return found

    def _organiser(self) -> int | None:
        code = self.text(C.ORGANISER, 32)
        unit = self.cat.units.get(code.upper()) if code else None
        if code and (unit is None or not self.rights.can_organise(unit[0])):
            self.error(C.ORGANISER, unit_not_found(code))  # missing and another agency's alike
        elif unit is not None:
            return unit[0]
        return None

    def _budget(self) -> Budget | None:
        if not self.budget_sources:
            return None
        budget: Budget = {}
        for source in self.budget_sources:
            planned = self.optional(C.PLANNED[source], cell_money)
            actual = self.optional(C.ACTUAL[source], cell_money)
            if planned or actual is not None:
                budget[source] = (planned or Decimal(0), actual)
        return budget


def _parse_rows(rows: Iterator[tuple[int, Sequence[Any]]], parser: _RowParser,
                problems: Problems) -> tuple[list[RowIn], int]:
    parsed: list[RowIn] = []
    seen = 0
    first: dict[str, int] = {}
    for number, cells in rows:
        if blank(cells):
            continue
        seen += 1
        row = parser.parse(number, cells)
        code = cell_text(parser.raw(C.CLASS_CODE)).upper()
        if code and code in first:
            problems.add(number, C.CLASS_CODE, f"mã lớp {code} trùng với dòng {first[code]}")
            continue
        first.setdefault(code, number)
        if row is not None:
            parsed.append(row)
    return parsed, seen


def _in_country(country: str) -> bool:
    return not country or lookup_key(country) == lookup_key(IN_COUNTRY)


def _budget_of(klass: TrainingClass) -> Budget:
    return {b.funding_source: (b.planned_amount, b.actual_amount) for b in klass.budget.all()}


def _write_row(actor, row: RowIn, existing: TrainingClass | None, rights: Rights) -> str:
    """Create or update one class through the services; returns "created", "updated" or "unchanged"."""
    if existing is None:
        row.data.status = row.data.status or ClassStatus.PLANNED
        klass = services.class_create(actor=actor, data=row.data)
        if row.budget:
            services.class_set_budget(actor=actor, training_class=klass, lines=row.budget)
        return "created"
    if not rights.can_organise(existing.organiser_id):
        raise PermissionDenied(code_taken("mã lớp", row.data.code))
    row.data.code = existing.code  # the file may write the code in another case: the class keeps its own
    before = {name: getattr(existing, name) for name in services.CLASS_FIELDS}
    for name in services.CLASS_FIELDS:  # a column the file lacks, or a blank status, keeps its value
        if name not in row.present or name == "status" and not row.data.status:
            setattr(row.data, name, before[name])
    if _in_country(row.data.country) and _in_country(before["country"]):
        row.data.country = before["country"]  # blank and "Việt Nam" say the same: not a change
    changed = before != {name: getattr(row.data, name) for name in services.CLASS_FIELDS}
    if changed:
        services.class_update(actor=actor, training_class=existing, data=row.data)
    budget = None if row.budget is None else {**_budget_of(existing), **row.budget}
    if budget is not None and budget != _budget_of(existing):
        services.class_set_budget(actor=actor, training_class=existing, lines=budget)
        changed = True
    return "updated" if changed else "unchanged"


def _messages(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(m.rstrip(".") for m in exc.messages)
    return str(exc).rstrip(".")


def classes_import(*, actor, source: Source, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import ``source`` (xlsx or csv) as ``actor``; see the module docstring for the contract."""
    rights = rights_of(actor)
    if rights.organisable_units is not None and not rights.organisable_units:
        raise PermissionDenied("Bạn không có quyền nhập danh sách lớp.")
    problems = Problems()
    try:
        with open_table(source, filename) as table:
            if not any(cell_text(h) for h in table.headers):
                raise FileRejected("Tệp trống: không có dòng tiêu đề và dữ liệu (hãy dùng tệp mẫu).")
            index, ignored = column_index(table.headers, C.CLASS_BY_HEADER_KEY, C.CLASS_REQUIRED, problems)
            problems.raise_if_any()
            parser = _RowParser(load_class_catalogues(), rights, index, problems)
            rows, seen = _parse_rows(table.rows, parser, problems)
    except FileRejected as exc:
        raise ImportFailed([str(exc)]) from None
    if not seen:
        raise ImportFailed(["Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề hoặc để trống)."])

    def check_and_write(problems: Problems) -> ImportResult:
        result = ImportResult(ignored_columns=ignored, dry_run=dry_run)
        with transaction.atomic():
            existing = {k.code.upper(): k for k in classes_with_codes(r.data.code for r in rows)
                        .select_related("form").prefetch_related("budget")}
            for row in rows:
                try:
                    with transaction.atomic():
                        outcome = _write_row(actor, row, existing.get(row.data.code.upper()), rights)
                except (ValidationError, PermissionDenied) as exc:
                    problems.add(row.number, None, _messages(exc))
                    continue
                setattr(result, outcome, getattr(result, outcome) + 1)
            problems.raise_if_any()
            if result.created or result.updated:
                audit_write(actor=actor, action=AuditEntry.Action.IMPORT, target_type="trainingclass",
                            changes={"created": result.created, "updated": result.updated,
                                     "unchanged": result.unchanged},
                            note=f"{filename}: {result.summary}".strip(": "))
            if dry_run:
                transaction.set_rollback(True)
        return result

    return write_retrying(check_and_write, problems)


# -------------------------------------------------------------------------------------- exports


def export_rows(classes: QuerySet[TrainingClass]) -> Iterator[list[str]]:
    """The header row, then one row per class in code order, in the import's column order."""
    yield [c.header for c in C.CLASS_COLUMNS]
    budgets: dict[int, Budget] = {}
    for class_id, source, planned, actual in ClassBudget.objects.filter(
            training_class__in=classes.values("pk")).values_list(
            "training_class_id", "funding_source", "planned_amount", "actual_amount"):
        budgets.setdefault(class_id, {})[source] = (planned, actual)
    money = lambda amount: "" if amount is None else format_number(amount)  # noqa: E731
    sources = [s.value for s in FundingSource]
    fields = ("pk", "code", "name", "programme__code", "provider__code", "organiser__code", "form__name",
              "start_date", "end_date", "hours", "country", "place", "capacity", "status")
    for pk, code, name, programme, provider, organiser, form, start, end, hours, country, place, capacity, \
            status in classes.order_by("code").values_list(*fields).iterator(chunk_size=2000):
        budget = budgets.get(pk, {})
        yield [code, name, programme, provider, organiser, form, date_text(start), date_text(end),
               "" if hours is None else str(hours), country, place, "" if capacity is None else str(capacity),
               STATUS_LABELS[status],
               *(money(budget[s][0]) if s in budget and budget[s][0] else "" for s in sources),
               *(money(budget.get(s, (None, None))[1]) for s in sources)]


def classes_export(*, actor, fmt: str, year: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> ExportFile:
    """The classes ``actor`` may see, as xlsx or csv. An officer gets those their units organise:
    the file imports back unchanged, and it holds budgets, which the province's open classes and
    the classes their people are in (also on their class list) do not show them."""
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    classes = classes_of_reach(classes_visible_to(actor), actor, REACH_ORGANISED)
    if year:
        classes = classes.filter(start_date__year=year)
    rows = export_rows(classes)
    if fmt == "xlsx":
        total = classes.count() if progress else 0
        content = render_xlsx(rows, "Danh sách lớp", progress=(lambda done: progress(done, total)) if progress else None)
    else:
        content = render_csv(rows)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target_type="trainingclass",
                note=f"Xuất danh sách lớp ra tệp {fmt}")
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(f"lop-dao-tao-{stamp}.{fmt}", XLSX if fmt == "xlsx" else CSV, content)
