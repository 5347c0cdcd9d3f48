"""Who is missing what (danh sách còn thiếu): for one target, the people of its population who do
not meet its measure on the date, with what they lack in Vietnamese and their last matching lượt.

Set-based: ONE query returns the rows (population periods NOT meeting the measure, scoped to the
acting user, annotated with the person's figures by correlated subqueries); the Vietnamese phrase
is composed per row from those values. Only ``standard`` measures ask apps.standards for each
listed person's gaps (its ``standard_gaps`` reads one person at a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.core.tabular import XLSX, ExportFile, render_xlsx
from apps.core.vn import format_date, format_number
from apps.organization.models import Unit
from apps.people.models import Category, Dimension, Qualification
from apps.people.selectors import people_visible_to
from apps.targets.context import Context, TargetError
from apps.targets.measures import (
    Window,
    hours_subquery,
    matching_enrollments,
    measure_condition,
    people_with,
    required_level,
    times_subquery,
    training_q,
    window_of,
)
from apps.targets.parts import expand
from apps.targets.population import population_periods
from apps.training.models import ContentArea, Enrollment, EnrollmentStatus, FosteringFamily

HEADERS = ["Mã cán bộ", "Họ và tên", "Đơn vị", "Đối tượng", "Ngạch, chức danh", "Chức vụ", "Còn thiếu",
           "Lượt học phù hợp gần nhất"]
WIDTHS = [14, 28, 40, 16, 32, 26, 60, 50]  # characters: the names and reasons readable without resizing


@dataclass(frozen=True)
class GapRow:
    code: str
    name: str
    unit: str
    category: str
    missing: str
    last_training: str
    rank: str = ""  # the rank and the position held on the date
    position: str = ""

    def cells(self) -> list[str]:
        return [self.code, self.name, self.unit, self.category, self.rank, self.position, self.missing,
                self.last_training]


def gap_rows(spec: dict, *, user, at: dt.date, period: tuple[dt.date, dt.date],
             unit: Unit | None = None, plan_specs: dict[str, dict] | None = None) -> list[GapRow]:
    """People in the target's population on ``at`` not meeting its measure, in Vietnamese name
    order, limited to what ``user`` may see and to ``unit``'s subtree. One query (plus one small
    catalogue read for the wording). PermissionDenied for a user who sees no gap list.
    ``plan_specs`` ({code: spec} of the plan) is needed only for a ``part_of`` target."""
    scope_of(user).require(Perm.VIEW_DASHBOARDS)
    spec = expand(spec, plan_specs)
    measure = spec.get("measure") or {}
    if measure.get("kind") == "count":
        raise TargetError("Chỉ tiêu đếm số người, lượt, lớp: không có danh sách người còn thiếu.")
    ctx = Context.build(at=at, period=period, unit=unit)
    pop = spec.get("population") or {}
    window = window_of(measure, ctx, pop)
    periods = population_periods(pop, ctx).filter(~Q(measure_condition(measure, ctx, pop)))
    periods = periods.filter(person_id__in=people_visible_to(user).values("pk"))
    values: list[dict[str, Any]] = list(_annotate(periods, measure, window, ctx, pop))
    if measure["kind"] in ("trained", "hours"):
        _add_last_training(values, measure, ctx)
        if window.kind != "before_appointment":
            _add_done_in_window(values, measure, window)
    phrase = _phrase_maker(measure, window, ctx, values)
    return [GapRow(r["person__code"], r["person__full_name"], r["unit__name"], Category(r["category"]).label,
                   phrase(r), _last_text(r), r["rank__name"] or "", r["position__name"] or "") for r in values]


def _annotate(periods: QuerySet, measure: dict, window: Window, ctx: Context, pop: dict | None = None) -> QuerySet:
    kind = measure["kind"]
    fields = ["person_id", "person__code", "person__full_name", "unit__name", "unit__ethnic_languages", "category",
              "rank__name", "position__name"]
    if kind == "all_of":  # which parts each person meets, in the same query
        for j, part in enumerate(measure.get("measures") or []):
            met = ExpressionWrapper(Q(measure_condition(part, ctx, pop or {})), output_field=BooleanField())
            periods = periods.annotate(**{f"part_{j}": met})
            fields.append(f"part_{j}")
    if kind in ("trained", "hours") and window.kind == "before_appointment":  # window per person
        periods = periods.annotate(
            times=times_subquery(matching_enrollments(measure, window)),
            hours_done=hours_subquery(matching_enrollments(measure, window)))
        fields += ["times", "hours_done"]
    if kind == "qualification":
        level = required_level(measure)
        best = Qualification.objects.filter(person=OuterRef("person_id"), dimension=level.dimension,
                                            obtained_on__lte=ctx.at).order_by("-level__rank")
        periods = periods.annotate(held=Subquery(best.values("level__name")[:1]))
        fields.append("held")
    return periods.order_by("person__name_sort_key", "person__code").values(*fields)


def _add_last_training(values: list[dict[str, Any]], measure: dict, ctx: Context) -> None:
    """Each row's latest completed lượt matching the measure's training filter, by the date.
    One query per 5,000 listed people, driven by the person index (a correlated subquery per
    row made SQLite scan every completed lượt for each person: over a minute for a province)."""
    ids = [row["person_id"] for row in values]
    latest: dict[int, tuple[str, dt.date | None]] = {}
    for start in range(0, len(ids), 5000):
        rows = (Enrollment.objects.filter(person_id__in=ids[start:start + 5000])
                .filter(training_q(measure.get("training")), status=EnrollmentStatus.COMPLETED,
                        completed_on__lte=ctx.at)
                .order_by("person_id", "completed_on", "id")
                .values_list("person_id", "programme__name", "completed_on"))
        latest.update((pk, (name, on)) for pk, name, on in rows)  # the last one per person wins
    for row in values:
        row["last_name"], row["last_on"] = latest.get(row["person_id"], (None, None))


def _add_done_in_window(values: list[dict[str, Any]], measure: dict, window: Window) -> None:
    """Each row's count and hours of matching lượt inside the window: one grouped query per 5,000
    listed people (a correlated count per row is slow on SQLite, see _add_last_training)."""
    ids = [row["person_id"] for row in values]
    done: dict[int, tuple[int, int]] = {}
    for start in range(0, len(ids), 5000):
        rows = (people_with(measure, window).filter(person_id__in=ids[start:start + 5000])
                .order_by().values("person_id")
                .annotate(n=Count("id"), h=Sum(Coalesce("hours", 0)))
                .values_list("person_id", "n", "h"))
        done.update((pk, (n, h or 0)) for pk, n, h in rows)
    for row in values:
        row["times"], row["hours_done"] = done.get(row["person_id"], (0, 0))


def _last_text(row: dict) -> str:
    if row.get("last_name"):
        return f"{row['last_name']} ({format_date(row['last_on'])})"
    return ""


# --- wording ------------------------------------------------------------------------------------


def training_words(training: dict | None) -> str:
    """"bồi dưỡng về kiến thức pháp luật" from a training filter (one catalogue query at most)."""
    training = training or {}
    kinds = training.get("programme_kinds") or []
    verb = "đào tạo" if kinds == ["dao_tao"] or training.get("degree_levels") else "bồi dưỡng"
    if not kinds and not training.get("fostering_families") and not training.get("degree_levels"):
        verb = "đào tạo, bồi dưỡng" if not training.get("content_areas") else "bồi dưỡng"
    parts = [verb]
    families = training.get("fostering_families") or []
    if families:
        parts.append(", ".join(_lower(FosteringFamily(f).label) for f in families if f in FosteringFamily.values))
    if training.get("content_areas"):
        names = ContentArea.objects.filter(code__in=training["content_areas"]).order_by("order")
        parts.append("về " + ", ".join(_lower(n) for n in names.values_list("name", flat=True)))
    if training.get("abroad"):
        parts.append("ở nước ngoài")
    return " ".join(p for p in parts if p)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _phrase_maker(measure: dict, window: Window, ctx: Context, values: list[dict[str, Any]]):
    kind = measure["kind"]
    words = training_words(measure.get("training")) if kind in ("trained", "hours") else ""
    when = f" {window.label}" if window.label else ""
    if kind == "trained":
        need = int(measure.get("min_times", 1))
        if need <= 1:
            return lambda r: f"Chưa được {words}{when}"
        return lambda r: f"Mới có {r['times']}/{need} lượt {words}{when}"
    if kind == "hours":
        need_h = int(measure["min_hours"])
        return lambda r: f"Mới có {format_number(r['hours_done'])}/{format_number(need_h)} giờ {words}{when}"
    if kind == "qualification":
        level = required_level(measure)
        label = Dimension(level.dimension).label
        label = label.removeprefix("Trình độ ")
        label = label[:1].upper() + label[1:]
        return lambda r: f"{label}: {_lower(r['held']) if r['held'] else 'chưa có'}, cần {_lower(level.name)}"
    if kind == "ethnic_language":
        return lambda r: ("Chưa sử dụng được tiếng " + (r["unit__ethnic_languages"] or "dân tộc thiểu số")
                          + " của địa bàn công tác")
    if kind == "raised":
        label = _lower(Dimension(measure["dimension"]).label)
        return lambda r: f"Chưa được nâng {label}{when}"
    if kind == "all_of":
        parts = [_part_words(part, ctx) for part in measure.get("measures") or []]
        return lambda r: "Còn thiếu: " + "; ".join(w for j, w in enumerate(parts) if not r.get(f"part_{j}"))
    return _standard_phrase(measure, ctx, values)


def _part_words(part: dict, ctx: Context) -> str:
    """What one part of an all_of asks, in a few words."""
    kind = part.get("kind")
    if kind in ("trained", "hours"):
        label = window_of(part, ctx, {}).label if part.get("window") and "council_term" not in part["window"] else ""
        return f"{training_words(part.get('training'))}{' ' + label if label else ''}"
    if kind in ("qualification", "raised"):
        level = required_level(part) if part.get("level") else None
        dimension = _lower(Dimension(part["dimension"]).label)
        if kind == "raised":
            return f"nâng {dimension}"
        return f"{dimension} từ {_lower(level.name)}" if level else dimension
    if kind == "ethnic_language":
        return "tiếng dân tộc thiểu số của địa bàn"
    return "tiêu chuẩn " + {"rank": "ngạch", "position": "chức vụ"}.get(part.get("of", ""), "ngạch, chức vụ")


def _standard_phrase(measure: dict, ctx: Context, values: list[dict[str, Any]]):
    """What each listed person lacks against the standard, from apps.standards' batch readers: a
    fixed number of queries per 5,000 people (not a few per person)."""
    from apps.standards.selectors import appointment_gaps_by_person, gaps_by_person

    ids = [row["person_id"] for row in values]
    if measure["kind"] == "standard_before_appointment":
        on_appointment = appointment_gaps_by_person(ids, of=measure.get("of", "position"), at=ctx.at)
        texts = {pk: found.texts for pk, found in on_appointment.items()}
        fallback = "Khi bổ nhiệm chưa đạt tiêu chuẩn"
    else:
        found = gaps_by_person(ids, at=ctx.at, of=measure.get("of", "both"))
        texts = {pk: [gap.text for gap in gaps] for pk, gaps in found.items()}
        fallback = "Chưa đạt tiêu chuẩn"
    return lambda row: "; ".join(texts.get(row["person_id"]) or []) or fallback


# --- export -------------------------------------------------------------------------------------


def gap_table(rows: list[GapRow]) -> Iterator[list[str]]:
    yield HEADERS
    for row in rows:
        yield row.cells()


def export_gaps_xlsx(rows: list[GapRow], *, plan_code: str, target_code: str, at: dt.date, plan_title: str = "",
                     target_text: str = "", unit_name: str = "") -> ExportFile:
    """The gap list as xlsx: a title block (plan, target, date, unit, how many people), then the
    Vietnamese header row and one row per person, with readable column widths."""
    title_block = [
        ["DANH SÁCH NGƯỜI CÒN THIẾU SO VỚI CHỈ TIÊU"],
        ["Kế hoạch:", f"{plan_code}: {plan_title}" if plan_title else plan_code],
        ["Chỉ tiêu:", f"{target_code}: {target_text}" if target_text else target_code],
        ["Tính đến ngày:", f"{at:%d/%m/%Y}"],
        ["Đơn vị:", unit_name or "Toàn tỉnh (trong phạm vi được xem)"],
        ["Số người:", len(rows)],
    ]
    content = render_xlsx(gap_table(rows), sheet_title="Còn thiếu", freeze="C2", title_block=title_block,
                          widths=WIDTHS)
    return ExportFile(f"con-thieu-{plan_code}-{target_code}-{at:%Y%m%d}.xlsx", XLSX, content)
