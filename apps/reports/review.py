"""The mid-term or final review (sơ kết, tổng kết) of a multi-year plan on a date.

Figures: the period's annual statistics (``annual.annual_stats`` from the plan's start to the
date) with a breakdown by year (one grouped query); every target evaluated by the target engine
as the dashboard does (``apps.dashboard.selectors.evaluate``, cached) with its value, goal, status
and forecast, and per agency whether it reached the goal on its own; spending by source; the
execution of the plan's annual plans when they exist (``apps.annual.selectors.execution``).
Narrative sections (results, limitations and causes, lessons, proposals) are prefilled with
sentences made from the figures; the page lets the user edit them before export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from apps.core.vn import format_number
from apps.documents.nd30 import fmt
from apps.plans.models import Plan
from apps.reports.annual import AnnualStats, annual_stats
from apps.reports.annual_report import minimum_sentence, opening_sentence, sections
from apps.reports.contract import Chart, Col, Fig, Report, Row, Section
from apps.reports.names import province_name
from apps.reports.selection import Selection, SelectionError, select
from apps.reports.units import in_sentence
from apps.targets.context import TargetError

STATUS = {"met": "Đạt", "not_met": "Chưa đạt", "at_risk": "Có nguy cơ", "not_due": "Chưa đến hạn",
          "no_population": "Không có đối tượng", "error": "Lỗi chỉ tiêu"}
NARRATIVE = [("results", "Kết quả đạt được"), ("limits", "Hạn chế, nguyên nhân"), ("lessons", "Bài học kinh nghiệm"),
             ("proposals", "Phương hướng, đề xuất")]


class ReviewError(ValueError):
    """A review that cannot be made (no such plan, a date outside the plan); Vietnamese."""


@dataclass
class YearRow:
    year: int
    luot: int
    people: int


@dataclass
class Review:
    plan: Plan
    at: dt.date
    sel: Selection
    stats: AnnualStats
    years: list[YearRow]
    targets: list[dict]
    execution: list[tuple[int, Any]]  # (year, Execution of the province)
    texts: dict[str, str] = field(default_factory=dict)
    quality: list[Any] = field(default_factory=list)  # apps.evaluation ProviderYear, year by year

    @property
    def final(self) -> bool:
        return self.at >= self.plan.period_end

    @property
    def kind_label(self) -> str:
        return "tổng kết" if self.final else "sơ kết"


def _years(stats: AnnualStats) -> list[YearRow]:
    return [YearRow(int(c.value), c.luot, c.people) for c in stats.dim("year")]


def _targets(plan: Plan, at: dt.date, sel: Selection) -> list[dict]:
    from apps.results.selectors import plan_result
    from apps.results.services import result_compute
    from apps.targets.engine import evaluate_target

    unit_code = sel.unit.code if sel.unit else ""
    read = plan_result(plan, at=at, unit_code=unit_code)
    if not read.fresh or read.shown_at is not None:  # a document states the figures of its date, now
        stored = result_compute(plan, at=at, unit_code=unit_code)
        result, error = stored.result, stored.error
    else:
        result, error = read.result, read.error
    if result is not None and not error:
        return list(result["targets"])
    # the engine refused the plan (one bad target): evaluate them one by one, marking the bad one
    out = []
    period = (plan.period_start, plan.period_end)
    specs = {t.code: t.spec for t in plan.targets.all()}
    for t in plan.targets.order_by("order", "code"):
        try:
            out.append(evaluate_target(t.spec, at=at, period=period, unit=sel.unit, code=t.code, text=t.text,
                                       plan_specs=specs))
        except TargetError as exc:
            out.append({"code": t.code, "text": t.text, "value": None, "goal": {}, "status": "error",
                        "forecast": None, "by_unit": [], "error": str(exc)})
    return out


def _execution(plan: Plan, at: dt.date, sel: Selection) -> list[tuple[int, Any]]:
    from apps.annual.models import AnnualCycle
    from apps.annual.selectors import execution

    out = []
    for cycle in AnnualCycle.objects.filter(plan=plan, year__lte=at.year).order_by("year"):
        if not getattr(cycle, "frozen", True):
            continue
        agency = sel.unit.pk if sel.unit is not None and not sel.scope.sees_all else None
        province, agencies, _lines = execution(cycle, agency_id=agency)
        out.append((cycle.year, province))
    return out


def _quality(at: dt.date, sel: Selection) -> list[Any]:
    """The quality evaluations (Circular 10/2017) of the period's classes, per year and provider the
    actor reaches (apps.evaluation.selectors.evaluation_summary); empty when none was run. Only
    the (year, provider) pairs with evaluation forms are summarised (one query finds them): the
    others have no result to show."""
    from apps.evaluation.models import Form
    from apps.evaluation.selectors import evaluation_summary
    from apps.training.models import ClassStatus, Provider

    klass = "part__campaign__training_class"
    pairs = (Form.objects.filter(**{f"{klass}__end_date__gte": dt.date(sel.start.year, 1, 1),
                                    f"{klass}__end_date__lte": dt.date(at.year, 12, 31)})
             .exclude(**{f"{klass}__status": ClassStatus.CANCELLED})
             .values_list(f"{klass}__end_date__year", f"{klass}__provider_id").distinct())
    by_year: dict[int, set[int]] = {}
    for year, provider_id in pairs:
        by_year.setdefault(year, set()).add(provider_id)
    out: list[Any] = []
    for year in sorted(by_year):
        for provider in Provider.objects.filter(pk__in=by_year[year]).order_by("name"):
            out += [p for p in evaluation_summary(sel.scope, year, provider).providers if p.results.forms]
    return out


def review_selection(actor, *, plan_code: str, at: str | dt.date, unit: str | None = None) -> tuple[Plan, Selection]:
    """The plan and the selection a review of it on ``at`` counts (the plan's start to ``at``,
    at most its end): a few small queries, no figures. ReviewError or SelectionError (Vietnamese)
    for a missing plan, a bad date, a unit the actor may not see."""
    plan = Plan.objects.filter(code=plan_code).first()
    if plan is None:
        raise ReviewError(f"Không có kế hoạch mã “{plan_code}”.")
    if isinstance(at, str):
        try:
            at = dt.date.fromisoformat(at.strip())
        except ValueError:
            raise ReviewError(f"Ngày “{at}” không hợp lệ (dạng 2023-12-31).") from None
    if at < plan.period_start:
        raise ReviewError(f"Ngày {at:%d/%m/%Y} trước khi kế hoạch bắt đầu ({plan.period_start:%d/%m/%Y}).")
    end = min(at, plan.period_end)
    return plan, select(actor, start=plan.period_start.isoformat(), end=end.isoformat(), unit=unit)


def plan_review(actor, *, plan_code: str, at: str | dt.date, unit: str | None = None) -> Review:
    plan, sel = review_selection(actor, plan_code=plan_code, at=at, unit=unit)
    end = sel.end
    stats = annual_stats(sel, compare=False, by_year=True)
    review = Review(plan=plan, at=end, sel=sel, stats=stats, years=_years(stats), targets=_targets(plan, end, sel),
                    execution=_execution(plan, end, sel), quality=_quality(end, sel))
    review.texts = prefilled(review)
    return review


# ------------------------------------------------------------------------------------ narrative

def goal_text(goal: dict) -> str:
    if not goal:
        return ""
    unit = {"percent": "%", "people": " người", "lượt": " lượt", "classes": " lớp"}.get(goal.get("unit", ""), "")
    low = goal.get("min")
    text = f"{'≈ ' if goal.get('about') else '≥ '}{fmt(low if not isinstance(low, float) or low != int(low) else int(low))}{unit}"
    return text + (" mỗi năm" if goal.get("per") == "year" else "")


def value_text(t: dict) -> str:
    value = t.get("value")
    if value is None:
        return "—"
    unit = "%" if (t.get("goal") or {}).get("unit") == "percent" else ""
    return f"{fmt(value)}{unit}"


def _agencies_line(t: dict) -> tuple[list[str], list[str]]:
    met = [r["name"] for r in t.get("by_unit", []) if r.get("status") == "met"]
    missed = [r["name"] for r in t.get("by_unit", []) if r.get("status") in ("not_met", "at_risk")]
    return met, missed


def prefilled(r: Review) -> dict[str, str]:
    """The four narrative sections, each a few sentences drawn from the figures."""
    subject = f"Từ {r.sel.start:%d/%m/%Y} đến {r.sel.end:%d/%m/%Y}, {in_sentence(r.sel.unit_label)}"
    met = [t for t in r.targets if t["status"] == "met"]
    missed = [t for t in r.targets if t["status"] in ("not_met", "at_risk")]
    results = [opening_sentence(r.stats, subject), minimum_sentence(r.stats), _quality_sentence(r)]
    if r.targets:
        results.append(f"Có {len(met)}/{len(r.targets)} chỉ tiêu của kế hoạch đã đạt tại ngày {r.at:%d/%m/%Y}"
                       + (": " + "; ".join(f"{t['code']} ({value_text(t)})" for t in met) if met else "") + ".")
    limits = []
    for t in missed:
        _ok, behind = _agencies_line(t)
        line = (f"Chỉ tiêu {t['code']} ({t['text'][:120]}) mới đạt {value_text(t)} so với mục tiêu "
                f"{goal_text(t['goal'])}")
        if behind:
            line += f"; các cơ quan chưa đạt: {', '.join(behind[:8])}" + (" …" if len(behind) > 8 else "")
        limits.append(line + ".")
    if not limits:
        limits.append("Chưa ghi nhận chỉ tiêu nào chưa đạt tại thời điểm đánh giá.")
    lessons = ["Việc cập nhật kịp thời kết quả đào tạo, bồi dưỡng vào cơ sở dữ liệu giúp theo dõi sát tiến độ "
               "thực hiện các chỉ tiêu theo từng cơ quan, đơn vị."]
    proposals = [f"Tập trung đào tạo, bồi dưỡng để hoàn thành chỉ tiêu {t['code']}" + (
        f" (dự báo đến hạn: {value_text({**t, 'value': t['forecast']})})" if t.get("forecast") is not None else "") + "."
                 for t in missed] or ["Tiếp tục duy trì kết quả đã đạt trong giai đoạn còn lại."]
    return {"results": " ".join(s for s in results if s), "limits": "\n".join(limits),
            "lessons": "\n".join(lessons), "proposals": "\n".join(proposals)}


# ------------------------------------------------------------------------------------ report

def _targets_section(r: Review) -> Section:
    rows = [Row(f"{t['code']}: {t['text'][:200]}", [value_text(t), goal_text(t["goal"]), STATUS.get(t["status"], t["status"]),
                                                   "" if t.get("forecast") is None else value_text({**t, "value": t["forecast"]})],
                number=str(i)) for i, t in enumerate(r.targets, start=1)]
    cols = [Col("Giá trị"), Col("Mục tiêu"), Col("Đánh giá"), Col("Dự báo đến hạn")]
    return Section("targets", f"Kết quả thực hiện chỉ tiêu (tại ngày {r.at:%d/%m/%Y})", cols, rows, label_header="Chỉ tiêu")


def _agencies_section(r: Review) -> Section:
    """Per agency, for each target with agency rows: ✓ reached on its own, ✗ not."""
    targets = [t for t in r.targets if t.get("by_unit")][:12]
    names: dict[str, str] = {}
    for t in targets:
        for u in t["by_unit"]:
            names.setdefault(u.get("unit") or "", u["name"])
    rows = []
    for i, (code, name) in enumerate(sorted(names.items(), key=lambda kv: kv[1]), start=1):
        cells = []
        for t in targets:
            u = next((x for x in t["by_unit"] if (x.get("unit") or "") == code), None)
            mark = "" if u is None else ("Đạt" if u.get("status") == "met" else "Chưa đạt" if u.get("status") in ("not_met", "at_risk") else "")
            value = "" if u is None or u.get("value") is None else fmt(u["value"])
            cells.append(f"{value} {mark}".strip())
        rows.append(Row(name, cells, number=str(i)))
    return Section("agencies", "Kết quả chỉ tiêu theo cơ quan, đơn vị", [Col(t["code"], width=12) for t in targets],
                   rows, label_header="Cơ quan, đơn vị", annex=True)


def _years_section(r: Review) -> Section:
    rows = [Row(f"Năm {y.year}", [Fig(y.luot), Fig(y.people)], number=str(i)) for i, y in enumerate(r.years, start=1)]
    rows.append(Row("Cả kỳ", [Fig(r.stats.luot), Fig(r.stats.people)], bold=True))
    return Section("years", "Kết quả theo năm", [Col("Lượt"), Col("Người")], rows, label_header="Năm",
                   note="Một người học trong nhiều năm được tính ở mỗi năm; dòng “Cả kỳ” tính mỗi người một lần.")


def _execution_section(r: Review) -> Section | None:
    if not r.execution:
        return None
    rows = [Row(f"Kế hoạch năm {year}", [Fig(e.planned_classes), Fig(e.classes), Fig(e.planned_learners), Fig(e.completed),
                                         Fig(e.planned_cost, "money"), Fig(e.spent_total, "money")], number=str(i))
            for i, (year, e) in enumerate(r.execution, start=1)]
    cols = [Col("Số lớp", group="Kế hoạch"), Col("Số lớp", group="Thực hiện"), Col("Học viên", group="Kế hoạch"),
            Col("Hoàn thành", group="Thực hiện"), Col("Kinh phí", "money", group="Kế hoạch", width=18),
            Col("Thực chi", "money", group="Thực hiện", width=18)]
    # the two groups alternate: keep each group's columns together
    order = [0, 2, 4, 1, 3, 5]
    cols = [cols[i] for i in order]
    for row in rows:
        row.cells = [row.cells[i] for i in order]
    return Section("execution", "Thực hiện kế hoạch hằng năm", cols, rows, label_header="Năm")


def _index_text(index: float | None) -> str:
    return "—" if index is None else format_number(index, 2)


def _quality_sentence(r: Review) -> str:
    rated = [p for p in r.quality if p.results.index is not None]
    if not rated:
        return ""
    forms = sum(p.results.valid for p in rated)
    classes = sum(p.coverage.articles_5_8 for p in rated)
    best = max(rated, key=lambda p: p.results.index)
    return (f"Chất lượng đào tạo, bồi dưỡng được đánh giá theo Thông tư số 10/2017/TT-BNV với {forms} phiếu hợp lệ "
            f"({classes} lớp được đánh giá đủ chương trình, học viên, giảng viên, cơ sở vật chất); chỉ số chung cao nhất {_index_text(best.results.index)} "
            f"({best.results.level}, {best.provider_name}, năm {best.year}).")


def _quality_section(r: Review) -> Section | None:
    if not r.quality:
        return None
    rows = [Row(f"{p.provider_name} ({p.year})",
                [Fig(p.coverage.classes), Fig(p.coverage.articles_5_8), Fig(p.results.forms), Fig(p.results.valid),
                 _index_text(p.results.index), p.results.level or "—"], number=str(i))
            for i, p in enumerate(r.quality, start=1)]
    cols = [Col("Số lớp"), Col("Lớp đánh giá đủ Điều 5–8"), Col("Phiếu"), Col("Phiếu hợp lệ"), Col("Chỉ số chung"),
            Col("Xếp loại")]
    return Section("quality", "Đánh giá chất lượng đào tạo, bồi dưỡng (Thông tư số 10/2017/TT-BNV)", cols, rows,
                   label_header="Cơ sở đào tạo, bồi dưỡng (năm)",
                   note="Chỉ số chung: thang 10, trên các phiếu hợp lệ. Lớp đánh giá đủ Điều 5–8: lớp có phiếu hợp "
                        "lệ về chương trình, học viên, giảng viên và cơ sở vật chất.")


def _previous_section(r: Review) -> Section | None:
    from apps.reports.previous import compare, compared_section

    review, rows = compare(r.sel.scope, r.plan)
    return compared_section(rows, review.get("period") or {}) if rows else None


def review_report(r: Review, texts: dict[str, str] | None = None, *, made_on: dt.date | None = None) -> Report:
    texts = {**r.texts, **{k: v for k, v in (texts or {}).items() if k in r.texts}}
    province = province_name()
    kind = r.kind_label
    stats_sections = [s for s in sections(r.stats) if s.key in ("overview", "category", "programmes", "spending")]
    for s in stats_sections:
        if s.key == "overview":  # no year-on-year in a multi-year review
            s.columns = s.columns[:2]
            for row in s.rows:
                row.cells = list(row.cells)[:2]
    annexes = [s for s in sections(r.stats) if s.key in ("level", "area", "form", "country", "organisers", "providers")]
    for s in annexes:
        s.annex = True
    extra = [x for x in (_execution_section(r), _quality_section(r), _previous_section(r)) if x is not None]
    percent = [t for t in r.targets if (t.get("goal") or {}).get("unit") == "percent" and t.get("value") is not None]
    charts = [Chart("Lượt đào tạo, bồi dưỡng theo năm", [str(y.year) for y in r.years],
                    {"Lượt": [y.luot for y in r.years], "Người": [y.people for y in r.years]})]
    if percent:
        charts.append(Chart("Chỉ tiêu tỷ lệ: giá trị và mục tiêu (%)", [t["code"] for t in percent],
                            {"Giá trị": [float(t["value"]) for t in percent],
                             "Mục tiêu": [float(t["goal"]["min"]) for t in percent]}))
    return Report(
        code=f"{'tong-ket' if r.final else 'so-ket'}-{r.plan.code}-{r.at:%Y%m%d}" + (f"-{r.sel.unit.code}" if r.sel.unit else ""),
        title=f"BÁO CÁO {kind.upper()} THỰC HIỆN KẾ HOẠCH",
        summary=f"{kind.capitalize()} thực hiện {r.plan.title[:1].lower() + r.plan.title[1:]}",
        period_label=f"Từ ngày {r.sel.start:%d/%m/%Y} đến ngày {r.sel.end:%d/%m/%Y}", unit_label=r.sel.unit_label,
        issuing_body=r.sel.unit.name if r.sel.unit else "Sở Nội vụ", governing_body=f"Ủy ban nhân dân tỉnh {province}",
        place=province, made_on=made_on or dt.date.today(),
        paragraphs=[(title.upper(), [line for line in texts.get(key, "").splitlines() if line.strip()])
                    for key, title in NARRATIVE],
        sections=[_years_section(r), *stats_sections, _targets_section(r), *extra, _agencies_section(r), *annexes],
        charts=charts, footer=("NGƯỜI LẬP", "GIÁM ĐỐC"))


__all__ = ["Review", "ReviewError", "plan_review", "review_selection", "review_report", "prefilled", "SelectionError", "NARRATIVE"]
