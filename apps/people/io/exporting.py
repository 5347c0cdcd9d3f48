"""Exports of the people a user may see, and the blank import template.

One contract (as in pretix's exporters): a function returns an :class:`ExportFile` holding the file
name, content type and bytes. Rows come from :func:`export_rows`, a generator of plain strings in
the import column order, so an export can be imported back unchanged (a no-op).

Cost of an export: three queries whatever the number of people (people with their codes, their
open service periods, their qualifications), then rendering.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.roles import role_of
from apps.core.audit import audit_write
from apps.core.models import AuditEntry
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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


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


# ------------------------------------------------------------------------------------ renderers


def render_csv(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a BOM so Excel shows Vietnamese correctly; formula-like text is defused with '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["'" + v if v and v.startswith(_FORMULA_START) else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def _widths(sheet, widths: Iterable[int]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _column_widths() -> list[int]:
    return [max(12, min(40, len(h) + 4)) for h in C.HEADERS]


def render_xlsx(rows: Iterable[list[str]], sheet_title: str = "Danh sách") -> bytes:
    """Streamed (write-only) workbook: every value a text cell, so codes and CCCD keep their
    leading zeros and nothing is ever evaluated as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    _widths(sheet, _column_widths())
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    for i, row in enumerate(rows):
        if i == 0:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value)
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        elif any(v.startswith("=") for v in row if v):
            sheet.append([_text_cell(sheet, v) for v in row])
        else:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # keep "=…" as text, never a formula
    return cell


# ------------------------------------------------------------------------------------- exports


def check_can_export(actor) -> None:
    if actor is not None and role_of(actor) in (Role.LEARNER, None):
        raise PermissionDenied("Bạn không có quyền xuất danh sách nhân sự.")


def people_export(*, actor, fmt: str, people: QuerySet[Person] | None = None) -> ExportFile:
    """Export ``people`` (default: everyone ``actor`` may see) as "xlsx" or "csv", logging the
    export (Decree 13/2023: access to personal data is recorded)."""
    check_can_export(actor)
    if people is None:
        people = people_visible_to(actor).in_vietnamese_order() if actor is not None else \
            Person.objects.in_vietnamese_order()
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    count = people.count()
    rows = export_rows(people)
    content = render_xlsx(rows) if fmt == "xlsx" else render_csv(rows)
    audit_write(actor=actor, action=AuditEntry.Action.EXPORT, target_type="person",
                note=f"Xuất {count} hồ sơ ra tệp {fmt}")
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(f"nhan-su-{stamp}.{fmt}", XLSX if fmt == "xlsx" else CSV, content)


def import_template(*, actor) -> ExportFile:
    """The blank import sheet (Vietnamese headers, text columns) and a guide sheet listing each
    column and the codes ``actor`` may use: their units, categories, ranks, positions, levels."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(C.HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    _widths(sheet, _column_widths())
    for dimension in sheet.column_dimensions.values():
        dimension.number_format = "@"  # typed values stay text: leading zeros, dd/mm/yyyy
    sheet.freeze_panes = "C2"
    _guide_sheet(workbook.create_sheet("Hướng dẫn"), actor)
    out = io.BytesIO()
    workbook.save(out)
    return ExportFile("mau-nhap-nhan-su.xlsx", XLSX, out.getvalue())


def _guide_sheet(sheet, actor) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)

    def section(title: str, header: list[str], rows: Iterable[Iterable]) -> None:
        sheet.append([])
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in rows:
            sheet.append(list(row))

    sheet.append(["Hướng dẫn nhập danh sách cán bộ, công chức, viên chức"])
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.append(["Mỗi dòng của trang “Danh sách” là một người, nhận diện theo Mã cán bộ: mã mới thì thêm "
                  "hồ sơ, mã đã có thì cập nhật những gì khác đi. Tệp có bất kỳ dòng lỗi nào sẽ không được "
                  "nhập; nhập lại cùng một tệp không làm thay đổi gì."])
    section("Các cột", ["Cột", "Bắt buộc", "Cách ghi"],
            ((c.header, "Có" if c.required else "", c.help) for c in C.COLUMNS))
    units = Unit.objects.current()
    if actor is not None:
        units = units.filter(pk__in=units_visible_to(actor).values("pk"))
    section("Mã đơn vị (trong phạm vi quản lý của bạn)", ["Mã", "Tên đơn vị"],
            units.values_list("code", "name"))
    section("Đối tượng", ["Mã", "Tên"], Category.choices)
    section("Giới tính", ["Mã", "Tên"], Gender.choices)
    section("Dân tộc", ["Mã", "Tên"], Ethnicity.objects.values_list("code", "name"))
    section("Ngạch, chức danh nghề nghiệp", ["Mã", "Tên", "Đối tượng"],
            ((code, name, dict(Category.choices).get(cat, cat))
             for code, name, cat in Rank.objects.values_list("code", "name", "category")))
    section("Chức vụ", ["Mã", "Tên"], Position.objects.values_list("code", "name"))
    labels = dict(Dimension.choices)
    section("Trình độ (ghi tên hoặc mã, theo từng cột)", ["Cột", "Mã", "Tên", "Thứ bậc"],
            ((labels[d], code, name, rank) for d, code, name, rank in
             QualificationLevel.objects.order_by("dimension", "rank", "code")
             .values_list("dimension", "code", "name", "rank")))
    _widths(sheet, [34, 24, 60, 12])
