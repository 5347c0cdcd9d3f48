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
from apps.organization.models import Level, Unit, UnitKind
from apps.organization.selectors import units_visible_to
from apps.people.council import CouncilIndex
from apps.people.io import columns as C
from apps.people.models import (
    Category,
    CouncilMembership,
    Dimension,
    Ethnicity,
    Gender,
    Person,
    Position,
    Qualification,
    QualificationLevel,
    Rank,
    ServicePeriod,
    Status,
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


def _seats(people: QuerySet[Person]) -> dict[int, list[tuple]]:
    """{person id: [(council id, term, from, to)]} in term order, one query."""
    seats: dict[int, list[tuple]] = {}
    rows = CouncilMembership.objects.filter(person__in=people.values("pk")).order_by(
        "person_id", "term", "valid_from", "council__code").values_list(
        "person_id", "council_id", "term", "valid_from", "valid_to")
    for person_id, *rest in rows:
        seats.setdefault(person_id, []).append(tuple(rest))
    return seats


def export_rows(people: QuerySet[Person]) -> Iterator[list[str]]:
    """The header row, then one row of text per person in ``people``' order."""
    seats = _seats(people)
    columns = C.columns_with_seats(max((len(s) for s in seats.values()), default=0))
    yield [c.header for c in columns]
    councils = CouncilIndex() if seats else None
    starts = _open_period_starts(people)
    best = _best_qualifications(people)
    categories, genders = dict(Category.choices), dict(Gender.choices)
    statuses = dict(Status.choices)
    fields = ("pk", "code", "full_name", "gender", "birth_date", "ethnicity__name", "national_id",
              "unit__code", "category", "joined_on", "rank__code", "position__code",
              "position_appointed_on", "job_position", "in_succession_plan", "status", "status_on", "unit_id")
    for values in people.values_list(*fields).iterator(chunk_size=2000):
        pk, code, name, gender, born, ethnicity, cccd, unit, category, joined, rank, position, \
            appointed, job, succession, status, status_on, unit_id = values
        row = {
            "code": code, "full_name": name, "gender": genders.get(gender, gender), "birth_date": _date(born),
            "ethnicity": ethnicity, "national_id": cccd or "", "unit": unit,
            "category": categories.get(category, category), "joined_on": _date(joined), "rank": rank or "",
            "position": position or "", "position_appointed_on": _date(appointed), "job_position": job,
            "in_succession_plan": "Có" if succession else "Không", "effective_on": _date(starts.get(pk)),
            "status": statuses.get(status, status), "status_on": _date(status_on),
        }
        held = seats.get(pk, [])
        for n, column in enumerate(columns[len(C.BASE_COLUMNS):]):
            seat = held[n // 4] if n // 4 < len(held) else None
            part = column.key.split(":")[1]
            if seat is None:
                row[column.key] = ""
            elif part == "term":
                row[column.key] = seat[1]
            elif part == "level":
                assert councils is not None
                row[column.key] = councils.label(seat[0], unit_id)
            else:
                row[column.key] = _date(seat[2] if part == "from" else seat[3])
        for dimension in Dimension:
            held = best.get((pk, dimension.value))
            row[f"q:{dimension.value}"] = held[2] if held else ""
            if dimension == Dimension.PROFESSIONAL:
                row["major"] = held[3] if held else ""
            elif dimension == Dimension.ETHNIC_LANGUAGE:
                row["language"] = held[4] if held else ""
        yield [row[c.key] for c in columns]


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
              "nhập; nhập lại cùng một tệp không làm thay đổi gì. Ghế đại biểu HĐND: mỗi ghế một nhóm 4 cột "
              "“HĐND n: nhiệm kỳ / cấp / từ ngày / đến ngày” (HĐND 1, HĐND 2, thêm HĐND 3… nếu cần); "
              "người không phải công chức (ví dụ giáo viên) vẫn có hồ sơ như mọi người. Khi tệp có các cột "
              "HĐND, các nhóm ghi trên một dòng là toàn bộ ghế của người đó.",
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
        ("Trạng thái", ["Ghi", "Ý nghĩa"], [
            ("Đang công tác", "để trống cũng là giữ nguyên trạng thái đang có"),
            ("Nghỉ hưu", "nghỉ hưu từ Ngày trạng thái (quá trình công tác kết thúc ngày hôm trước)"),
            ("Thôi việc", "thôi việc từ Ngày trạng thái"),
            ("Chuyển công tác", "chuyển công tác ra ngoài tỉnh từ Ngày trạng thái")]),
        ("Hội đồng nhân dân (cột “HĐND n: cấp”: ghi Tỉnh, Huyện, Xã hoặc mã)", ["Mã", "Tên", "Cấp"],
         ((code, name, dict(Level.choices).get(level, level)) for code, name, level in
          Unit.objects.filter(kind=UnitKind.COUNCIL).order_by("level", "code").values_list("code", "name", "level"))),
        ("Trình độ (ghi tên hoặc mã, theo từng cột)", ["Cột", "Mã", "Tên", "Thứ bậc"],
         ((labels[d], code, name, rank) for d, code, name, rank in
          QualificationLevel.objects.order_by("dimension", "rank", "code")
          .values_list("dimension", "code", "name", "rank"))),
    ]
