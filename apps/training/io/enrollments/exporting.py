"""The enrollments export: rows that import back unchanged, streamed in batches."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from itertools import batched

from django.db import connection
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.core.tabular import (
    CSV,
    XLSX,
    ExportFile,
    date_text,
    render_csv,
    render_xlsx,
)
from apps.core.vn import format_number
from apps.training.io import columns as C
from apps.training.io.enrollments.rows import CHUNK, STATUS_LABELS
from apps.training.models import (
    Enrollment,
    EnrollmentCost,
    FundingSource,
)
from apps.training.selectors import enrollments_visible_to


def _money_text(amount: Decimal | int | None) -> str:
    return format_number(amount) if amount else ""


def _costs(enrollment_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """{enrollment id: {funding source: amount in đồng}} of one batch, in one query. Plain SQL: the
    ORM's ``enrollment_id__in`` prepares each of the batch's 5,000 ids one by one and turns every
    amount into a Decimal, a third of the export's own time (profiled in bench/exports.py's run)."""
    costs: dict[int, dict[str, int]] = defaultdict(dict)
    if not enrollment_ids:
        return costs
    table = connection.ops.quote_name(EnrollmentCost._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT enrollment_id, funding_source, CAST(amount AS BIGINT) FROM {table} "  # noqa: S608 - ids are ints
                       f"WHERE enrollment_id IN ({', '.join(['%s'] * len(enrollment_ids))})", list(enrollment_ids))
        for enrollment_id, source, amount in cursor.fetchall():
            costs[enrollment_id][source] = amount
    return costs


def export_rows(enrollments: QuerySet[Enrollment]) -> Iterator[list[str]]:
    """The header row, then one row per enrollment of a class (outside trainings have no class
    code and are not part of this file), in the import's column order. Enrollments stream from a
    server-side cursor; each batch of CHUNK reads its costs in one more query, so memory stays
    bounded whatever the number of lượt. The two dates are read as ISO text (no date object made
    and formatted back per row) and every distinct date and amount is formatted once."""
    yield [c.header for c in C.ENROLLMENT_COLUMNS]
    enrollments = enrollments.filter(training_class__isnull=False)
    sources = [s.value for s in FundingSource]
    no_costs = [""] * len(sources)
    dates: dict[str | None, str] = {None: ""}
    amounts: dict[int | None, str] = {None: ""}

    def day(iso: str | None) -> str:
        text = dates.get(iso)
        if text is None:
            assert iso is not None
            text = dates[iso] = date_text(dt.date.fromisoformat(iso[:10]))
        return text

    def money(amount: int | None) -> str:
        text = amounts.get(amount)
        if text is None:
            text = amounts[amount] = _money_text(amount)
        return text

    fields = ("pk", "training_class__code", "person__code", "person__full_name", "status", "result",
              "certificate_number", "issued_iso", "hours_attended", "completed_iso")
    ordered = (enrollments.order_by("training_class__code", "person__name_sort_key", "person__code")
               .annotate(issued_iso=Cast("certificate_date", CharField()),
                         completed_iso=Cast("completed_on", CharField())))
    for batch in batched(ordered.values_list(*fields).iterator(chunk_size=CHUNK), CHUNK):
        costs = _costs([row[0] for row in batch])
        for pk, class_code, code, name, status, result, number, issued, hours, done in batch:
            mine = costs.get(pk)
            yield [class_code, code, name, STATUS_LABELS[status], result, number, day(issued),
                   "" if hours is None else str(hours), day(done),
                   *([money(mine.get(s)) for s in sources] if mine else no_costs)]


def check_can_export(actor) -> None:
    from apps.accounts.access import scope_of
    from apps.accounts.permissions import Perm

    scope_of(actor).require(Perm.EXPORT_TRAINING)


def enrollments_export(*, actor, fmt: str, class_code: str = "",
                       progress: Callable[[int, int], None] | None = None) -> ExportFile:
    """The enrollments ``actor`` may see (an officer: their own people's), optionally of one class,
    as "xlsx" or "csv"; the export is logged (personal data)."""
    check_can_export(actor)
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    enrollments = enrollments_visible_to(actor)
    if class_code:
        enrollments = enrollments.filter(training_class__code=class_code)
    rows = export_rows(enrollments)
    if fmt == "xlsx":
        total = enrollments.filter(training_class__isnull=False).count() if progress else 0
        content = render_xlsx(rows, "Kết quả học tập", progress=(lambda done: progress(done, total)) if progress else None)
    else:
        content = render_csv(rows)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target_type="enrollment",
                note=f"Xuất kết quả đào tạo, bồi dưỡng{' lớp ' + class_code if class_code else ''} ra tệp {fmt}")
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"ket-qua-{class_code or 'dao-tao'}-{stamp}.{fmt}"
    return ExportFile(name, XLSX if fmt == "xlsx" else CSV, content)
