"""Exports of the people a user may see, and the blank import template.

One contract (as in pretix's exporters): a function returns an :class:`ExportFile` holding the file
name, content type and bytes. Rows come from :func:`export_rows`, a generator of plain strings in
the import column order, so an export can be imported back unchanged (a no-op).

Cost of an export: three queries whatever the number of people (people with their codes, their
open service periods, their qualifications), then rendering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

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
from apps.core.tabular import date_text as _date
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


def _open_period_starts(people: QuerySet[Person]) -> dict[int, dt.date]:
    starts: dict[int, dt.date] = {}
    rows = ServicePeriod.objects.filter(person__in=people.values("pk"), valid_to__isnull=True)
    for person_id, valid_from in rows.values_list("person_id", "valid_from"):
        if person_id not in starts or valid_from > starts[person_id]:
            starts[person_id] = valid_from
    return starts


def _best_qualifications(people: QuerySet[Person]) -> dict[tuple[int, str], tuple]:
    """{(person id, dimension): (rank, obtained_on, level name, major, language)} of the best level."""
    best: dict[tuple[int, str], tuple] = {}
    rows = Qualification.objects.filter(person__in=people.values("pk")).values_list(
        "person_id", "dimension", "level__rank", "obtained_on", "level__name", "major", "language")
    for person_id, dimension, *rest in rows:
        key = (person_id, dimension)
        if key not in best or tuple(rest[:2]) > best[key][:2]:
            best[key] = tuple(rest)
    return best


def export_rows(people: QuerySet[Person]) -> Iterator[list[str]]:
    """The header row, then one row of text per person in ``people``' order."""
    yield list(C.HEADERS)
    starts = _open_period_starts(people)
    best = _best_qualifications(people)
    categories, genders = dict(Category.choices), dict(Gender.choices)
    fields = ("pk", "code", "full_name", "gender", "birth_date", "ethnicity__name", "national_id",
              "unit__code", "category", "joined_on", "rank__code", "position__code",
              "position_appointed_on", "job_position", "in_succession_plan")
    for values in people.values_list(*fields).iterator(chunk_size=2000):
        pk, code, name, gender, born, ethnicity, cccd, unit, category, joined, rank, position, \
            appointed, job, succession = values
        row = {
            "code": code, "full_name": name, "gender": genders.get(gender, gender), "birth_date": _date(born),
            "ethnicity": ethnicity, "national_id": cccd or "", "unit": unit,
            "category": categories.get(category, category), "joined_on": _date(joined), "rank": rank or "",
            "position": position or "", "position_appointed_on": _date(appointed), "job_position": job,
            "in_succession_plan": "Có" if succession else "Không", "effective_on": _date(starts.get(pk)),
        }
        for dimension in Dimension:
            held = best.get((pk, dimension.value))
            row[f"q:{dimension.value}"] = held[2] if held else ""
            if dimension == Dimension.PROFESSIONAL:
                row["major"] = held[3] if held else ""
            elif dimension == Dimension.ETHNIC_LANGUAGE:
                row["language"] = held[4] if held else ""
        yield [row[c.key] for c in C.COLUMNS]


# ------------------------------------------------------------------------------------- exports


def check_can_export(actor) -> None:
    scope_of(actor).require(Perm.EXPORT_PEOPLE)


def people_export(*, actor, fmt: str, people: QuerySet[Person] | None = None, request=None,
                  filters: dict | None = None) -> ExportFile:
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
    content = render_xlsx(rows) if fmt == "xlsx" else render_csv(rows)
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
