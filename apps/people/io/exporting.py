"""Exports of the people a user may see, and the blank import template.

One contract (as in pretix's exporters): a function returns an :class:`ExportFile` holding the file
name, content type and bytes. Rows come from :func:`export_rows`, a generator of plain strings in
the import column order, so an export can be imported back unchanged (a no-op).

Cost of an export: people with their codes stream from a server-side cursor; each batch of 2,000
adds two queries (open service periods, qualifications); rows go straight into a constant-memory
workbook (``apps.core.tabular.render_xlsx``), so memory does not grow with the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write
from apps.core.models import AuditEntry
from apps.core.tabular import (
    CSV,
    XLSX,
    ExportFile,
    GuideSection,
    render_csv,
    render_xlsx,
    template_workbook,
)
from apps.core.tabular import date_text as _date_text
from apps.organization.models import Unit
from apps.organization.selectors import units_visible_to
from apps.people.io import columns as C
from apps.people.models import (
    Category,
    Dimension,
    Ethnicity,
    Gender,
    Person,
    Position,
    Qualification,
    QualificationLevel,
    Rank,
    ServicePeriod,
)
from apps.people.selectors import people_visible_to
from apps.privacy.services import Kind, access_log_write

CHUNK = 2000  # people per batch: their periods and qualifications are read batch by batch


def _open_period_starts(person_ids: Sequence[int]) -> dict[int, dt.date]:
    starts: dict[int, dt.date] = {}
    rows = ServicePeriod.objects.filter(person_id__in=person_ids, valid_to__isnull=True)
    for person_id, valid_from in rows.values_list("person_id", "valid_from"):
        if person_id not in starts or valid_from > starts[person_id]:
            starts[person_id] = valid_from
    return starts


def _best_qualifications(person_ids: Sequence[int]) -> dict[tuple[int, str], tuple]:
    """{(person id, dimension): (rank, obtained_on, level name, major, language)} of the best level."""
    best: dict[tuple[int, str], tuple] = {}
    rows = Qualification.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "dimension", "level__rank", "obtained_on", "level__name", "major", "language")
    for person_id, dimension, *rest in rows:
        key = (person_id, dimension)
        if key not in best or tuple(rest[:2]) > best[key][:2]:
            best[key] = tuple(rest)
    return best


def _batches(rows: Iterator[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_date = lru_cache(maxsize=65536)(_date_text)  # a file repeats the same few thousand dates


def export_rows(people: QuerySet[Person]) -> Iterator[list[str]]:
    """The header row, then one row of text per person in ``people``' order. People are read from
    a server-side cursor in batches of CHUNK, each batch's open periods and qualifications in two
    more queries, so memory stays bounded whatever the number of people."""
    yield list(C.HEADERS)
    categories, genders = dict(Category.choices), dict(Gender.choices)
    dimensions = [(d.value, f"q:{d.value}") for d in Dimension]
    professional, ethnic = Dimension.PROFESSIONAL.value, Dimension.ETHNIC_LANGUAGE.value
    keys = [c.key for c in C.COLUMNS]
    fields = ("pk", "code", "full_name", "gender", "birth_date", "ethnicity__name", "national_id",
              "unit__code", "category", "joined_on", "rank__code", "position__code",
              "position_appointed_on", "job_position", "in_succession_plan")
    for batch in _batches(people.values_list(*fields).iterator(chunk_size=CHUNK)):
        ids = [values[0] for values in batch]
        starts = _open_period_starts(ids)
        best = _best_qualifications(ids)
        for values in batch:
            pk, code, name, gender, born, ethnicity, cccd, unit, category, joined, rank, position, \
                appointed, job, succession = values
            row = {
                "code": code, "full_name": name, "gender": genders.get(gender, gender), "birth_date": _date(born),
                "ethnicity": ethnicity, "national_id": cccd or "", "unit": unit,
                "category": categories.get(category, category), "joined_on": _date(joined), "rank": rank or "",
                "position": position or "", "position_appointed_on": _date(appointed), "job_position": job,
                "in_succession_plan": "Có" if succession else "Không", "effective_on": _date(starts.get(pk)),
                "major": "", "language": "",
            }
            for dimension, key in dimensions:
                held = best.get((pk, dimension))
                row[key] = held[2] if held else ""
                if held is not None:
                    if dimension == professional:
                        row["major"] = held[3]
                    elif dimension == ethnic:
                        row["language"] = held[4]
            yield [row[k] for k in keys]


# ------------------------------------------------------------------------------------- exports


def check_can_export(actor) -> None:
    scope_of(actor).require(Perm.EXPORT_PEOPLE)


def people_export(*, actor, fmt: str, people: QuerySet[Person] | None = None, request=None,
                  filters: dict | None = None, progress: Callable[[int, int], None] | None = None) -> ExportFile:
    """Export ``people`` (default: everyone ``actor`` may see) as "xlsx" or "csv", logging the
    export (Decree 13/2023: access to personal data is recorded, with ``filters`` describing the
    list, from ``request`` or, without one, the CLI)."""

    check_can_export(actor)
    if people is None:
        people = people_visible_to(actor).in_vietnamese_order()
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    count = people.count()
    rows = export_rows(people)
    tick = (lambda done: progress(done, count)) if progress else None
    content = render_xlsx(rows, progress=tick) if fmt == "xlsx" else render_csv(rows)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target_type="person",
                note=f"Xuất {count} hồ sơ ra tệp {fmt}")
    access_log_write(actor=actor, kind=Kind.EXPORT, what=f"Xuất danh sách nhân sự ({fmt})", request=request,
                     filters={**(filters or {}), "dinh_dang": fmt}, count=count)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(f"nhan-su-{stamp}.{fmt}", XLSX if fmt == "xlsx" else CSV, content)


def import_template(*, actor) -> ExportFile:
    """The blank import sheet (Vietnamese headers, text columns) and a guide sheet listing each
    column and the codes ``actor`` may use: their units, categories, ranks, positions, levels."""
    content = template_workbook(
        columns=C.COLUMNS, title="Hướng dẫn nhập danh sách cán bộ, công chức, viên chức",
        intro="Mỗi dòng của trang “Danh sách” là một người, nhận diện theo Mã cán bộ: mã mới thì thêm "
              "hồ sơ, mã đã có thì cập nhật những gì khác đi. Tệp có bất kỳ dòng lỗi nào sẽ không được "
              "nhập; nhập lại cùng một tệp không làm thay đổi gì.",
        sections=_guide_sections(actor))
    return ExportFile("mau-nhap-nhan-su.xlsx", XLSX, content)


def _guide_sections(actor) -> list[GuideSection]:
    units = Unit.objects.current().filter(pk__in=units_visible_to(actor).values("pk"))
    labels = dict(Dimension.choices)
    return [
        ("Mã đơn vị (trong phạm vi quản lý của bạn)", ["Mã", "Tên đơn vị"], units.values_list("code", "name")),
        ("Đối tượng", ["Mã", "Tên"], Category.choices),
        ("Giới tính", ["Mã", "Tên"], Gender.choices),
        ("Dân tộc", ["Mã", "Tên"], Ethnicity.objects.values_list("code", "name")),
        ("Ngạch, chức danh nghề nghiệp", ["Mã", "Tên", "Đối tượng"],
         ((code, name, dict(Category.choices).get(cat, cat))
          for code, name, cat in Rank.objects.values_list("code", "name", "category"))),
        ("Chức vụ", ["Mã", "Tên"], Position.objects.values_list("code", "name")),
        ("Trình độ (ghi tên hoặc mã, theo từng cột)", ["Cột", "Mã", "Tên", "Thứ bậc"],
         ((labels[d], code, name, rank) for d, code, name, rank in
          QualificationLevel.objects.order_by("dimension", "rank", "code")
          .values_list("dimension", "code", "name", "rank"))),
    ]
