"""Exports of the people a user may see, and the blank import template.

One contract (as in pretix's exporters): a function returns an :class:`ExportFile` holding the file
name, content type and bytes. Rows come from :func:`export_rows`, a generator of plain strings in
the import column order, so an export can be imported back unchanged (a no-op).

Cost of an export: people with their codes stream from a server-side cursor; each batch of 2,000
adds two queries (open service periods, qualifications); the council seats (few), the qualification
levels and the catalogue codes are read once; rows go straight into a constant-memory workbook
(``apps.core.tabular.render_xlsx``), so memory does not grow with the number of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import batched

from django.db.models import Count, QuerySet
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

CHUNK = 2000  # people per batch: their periods and qualifications are read batch by batch


def _open_period_starts(person_ids: Sequence[int]) -> dict[int, dt.date]:
    starts: dict[int, dt.date] = {}
    rows = ServicePeriod.objects.filter(person_id__in=person_ids, valid_to__isnull=True)
    for person_id, valid_from in rows.values_list("person_id", "valid_from"):
        if person_id not in starts or valid_from > starts[person_id]:
            starts[person_id] = valid_from
    return starts


def _levels() -> dict[int, tuple[int, str]]:
    """{level id: (rank, name)}: a few dozen rows, read once per export instead of joined per row."""
    return {pk: (rank, name) for pk, rank, name in QualificationLevel.objects.values_list("pk", "rank", "name")}


def _best_qualifications(person_ids: Sequence[int],
                         levels: dict[int, tuple[int, str]] | None = None) -> dict[tuple[int, str], tuple]:
    """{(person id, dimension): (rank, obtained_on, level name, major, language)} of the best level."""
    levels = _levels() if levels is None else levels
    best: dict[tuple[int, str], tuple] = {}
    rows = Qualification.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "dimension", "level_id", "obtained_on", "major", "language")
    for person_id, dimension, level_id, obtained, major, language in rows:
        key = (person_id, dimension)
        rank, name = levels[level_id]
        held = best.get(key)
        if held is None or (rank, obtained) > held[:2]:
            best[key] = (rank, obtained, name, major, language)
    return best


def _seats(people: QuerySet[Person]) -> dict[int, list[tuple]]:
    """{person id: [(council id, term, from, to)]} in term order, for all of ``people`` in one query
    (seats are few: the council members, a few hundred per province)."""
    seats: dict[int, list[tuple]] = {}
    rows = CouncilMembership.objects.filter(person__in=people.order_by().values("pk")).order_by(
        "person_id", "term", "valid_from", "council__code").values_list(
        "person_id", "council_id", "term", "valid_from", "valid_to")
    for person_id, *rest in rows:
        seats.setdefault(person_id, []).append(tuple(rest))
    return seats


def _most_seats(people: QuerySet[Person]) -> int:
    """The largest number of council seats one of ``people`` holds (the seat columns to write)."""
    counts = (CouncilMembership.objects.filter(person__in=people.values("pk")).values("person_id")
              .annotate(n=Count("id")).order_by("-n").values_list("n", flat=True)[:1])
    return next(iter(counts), 0)


_date = lru_cache(maxsize=65536)(_date_text)  # a file repeats the same few thousand dates


def export_rows(people: QuerySet[Person]) -> Iterator[list[str]]:
    """The header row, then one row of text per person in ``people``' order. People are read from
    a server-side cursor in batches of CHUNK, each batch's open periods and qualifications in two
    more queries, so memory stays bounded whatever the number of people (the council seats, a few
    hundred rows, are read once)."""
    columns = C.columns_with_seats(_most_seats(people))
    yield [c.header for c in columns]
    seat_columns = [(n, c.key, c.key.split(":")[1]) for n, c in enumerate(columns[len(C.BASE_COLUMNS):])]
    councils: CouncilIndex | None = None
    categories, genders = dict(Category.choices), dict(Gender.choices)
    statuses = dict(Status.choices)
    dimensions = [(d.value, f"q:{d.value}") for d in Dimension]
    professional, ethnic = Dimension.PROFESSIONAL.value, Dimension.ETHNIC_LANGUAGE.value
    keys = [c.key for c in columns]
    # catalogue codes and names from dicts read once, not joined into every person's row
    fields = ("pk", "code", "full_name", "gender", "birth_date", "ethnicity_id", "national_id",
              "unit_id", "category", "joined_on", "rank_id", "position_id",
              "position_appointed_on", "job_position", "in_succession_plan", "status", "status_on")
    ethnicities = dict(Ethnicity.objects.values_list("pk", "name"))
    unit_codes = dict(Unit.objects.values_list("pk", "code"))
    ranks, positions = dict(Rank.objects.values_list("pk", "code")), dict(Position.objects.values_list("pk", "code"))
    seats = _seats(people) if seat_columns else {}
    if seats:
        councils = CouncilIndex()
    levels = _levels()
    for batch in batched(people.values_list(*fields).iterator(chunk_size=CHUNK), CHUNK):
        ids = [values[0] for values in batch]
        starts = _open_period_starts(ids)
        best = _best_qualifications(ids, levels)
        for values in batch:
            pk, code, name, gender, born, ethnicity_id, cccd, unit_id, category, joined, rank_id, position_id, \
                appointed, job, succession, status, status_on = values
            row = {
                "code": code, "full_name": name, "gender": genders.get(gender, gender), "birth_date": _date(born),
                "ethnicity": ethnicities.get(ethnicity_id), "national_id": cccd or "", "unit": unit_codes[unit_id],
                "category": categories.get(category, category), "joined_on": _date(joined),
                "rank": ranks.get(rank_id, ""), "position": positions.get(position_id, ""),
                "position_appointed_on": _date(appointed), "job_position": job,
                "in_succession_plan": "Có" if succession else "Không", "effective_on": _date(starts.get(pk)),
                "status": statuses.get(status, status), "status_on": _date(status_on),
                "major": "", "language": "",
            }
            held = seats.get(pk, [])
            for n, key, part in seat_columns:
                seat = held[n // 4] if n // 4 < len(held) else None
                if seat is None:
                    row[key] = ""
                elif part == "term":
                    row[key] = seat[1]
                elif part == "level":
                    assert councils is not None
                    row[key] = councils.label(seat[0], unit_id)
                else:
                    row[key] = _date(seat[2] if part == "from" else seat[3])
            for dimension, key in dimensions:
                got = best.get((pk, dimension))
                row[key] = got[2] if got else ""
                if got is not None:
                    if dimension == professional:
                        row["major"] = got[3]
                    elif dimension == ethnic:
                        row["language"] = got[4]
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
