"""The plan file's review of the previous period (``review:`` in docs/plan-format.md) beside the
same figures computed from the records: "kế hoạch ghi 75.699 lượt; dữ liệu có 75.702". The
records' figures are the annual statistics of that period (``annual.annual_stats``), in the
actor's scope; a figure the records cannot hold (before the data starts) still shows the plan's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from apps.documents.nd30 import fmt
from apps.plans.models import Plan
from apps.reports.annual import AnnualStats, annual_stats
from apps.reports.contract import Col, Fig, Row, Section
from apps.reports.selection import select
from apps.training.models import FundingSource

LABELS = {"luot": "Tổng số lượt", "people": "Số người", "luot_cbcc": "Lượt cán bộ, công chức",
          "luot_vc": "Lượt viên chức", "abroad": "Lượt ở nước ngoài", "spending": "Tổng kinh phí (đồng)",
          "classes": "Số lớp"}


@dataclass(frozen=True)
class Compared:
    key: str
    label: str
    text: str  # the plan's wording
    planned: Decimal
    recorded: Decimal | None
    percent: bool

    @property
    def difference(self) -> Decimal | None:
        return None if self.recorded is None else self.recorded - self.planned

    @property
    def sentence(self) -> str:
        unit = "%" if self.percent else ""
        said = f"kế hoạch ghi {_num(self.planned)}{unit}"
        if self.recorded is None:
            return f"{self.label}: {said}; dữ liệu không có số này."
        return f"{self.label}: {said}; dữ liệu có {_num(self.recorded)}{unit}."


def _num(value: Decimal) -> str:
    return fmt(value if value != int(value) else int(value))


def recorded(stats: AnnualStats, key: str) -> Decimal | None:
    simple = {"luot": stats.luot, "people": stats.people, "abroad": stats.abroad, "spending": stats.spent,
              "classes": stats.classes,
              "luot_cbcc": stats.cell("category", "can_bo").luot + stats.cell("category", "cong_chuc").luot,
              "luot_vc": stats.cell("category", "vien_chuc").luot}
    if key in simple:
        return Decimal(simple[key])
    kind, _, code = key.partition(":")
    if kind == "category":
        return Decimal(stats.cell("category", code).luot)
    if kind == "share":
        row = next((r for r in stats.sources if r.code == code), None)
        return row.share if row else (Decimal(0) if stats.sources else None)
    return None


def label_of(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    kind, _, code = key.partition(":")
    if kind == "share":
        return f"Tỷ lệ {FundingSource(code).label.lower()} (%)" if code in FundingSource.values else f"Tỷ lệ {code} (%)"
    from apps.people.models import Category

    return f"Lượt {Category(code).label.lower()}" if code in Category.values else key


def compare(actor, plan: Plan) -> tuple[dict, list[Compared]]:
    """(the review section, the figures compared); ([], {}) when the plan has none."""
    review = plan.previous_review or {}
    figures = review.get("figures") or []
    if not figures:
        return review, []
    period = review.get("period") or {}
    stats = annual_stats(select(actor, start=period["start"], end=period["end"]), compare=False)
    out = []
    for f in figures:
        key = f["key"]
        value = recorded(stats, key)
        out.append(Compared(key, label_of(key), f.get("text", ""), Decimal(str(f["value"])),
                            None if stats.luot == 0 and not key.startswith("share:") else value,
                            f.get("unit") == "percent" or key.startswith("share:")))
    return review, out


def compared_section(rows: list[Compared], period: dict) -> Section:
    body = [Row(c.label, [c.text or "", Fig(c.planned, "percent" if c.percent else "int"),
                          Fig(c.recorded, "percent" if c.percent else "int"),
                          Fig(c.difference, "percent" if c.percent else "int")], number=str(i))
            for i, c in enumerate(rows, start=1)]
    cols = [Col("Kế hoạch ghi", width=40), Col("Số", group="Theo kế hoạch"), Col("Số", group="Theo dữ liệu"),
            Col("Chênh lệch")]
    return Section("previous", f"Đối chiếu kết quả giai đoạn {period.get('start', '')[:4]}–{period.get('end', '')[:4]} "
                               "với dữ liệu", cols, body, label_header="Số liệu")
