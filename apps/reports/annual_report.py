"""The annual statistics as a ``Report`` (apps.reports.contract): sections of figures, each
linked to its names, and the opening sentences in the shape real plans write them ("đã tổ chức
đào tạo, bồi dưỡng cho 75.699 lượt, trong đó cán bộ, công chức 18.075 lượt …")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from apps.documents.nd30 import fmt
from apps.reports.annual import AnnualStats, Cell
from apps.reports.contract import Chart, Col, Fig, Report, Row, Section
from apps.reports.names import province_name
from apps.reports.units import in_sentence
from apps.training.models import DegreeLevel, FosteringFamily

LUOT_PEOPLE = [Col("Lượt"), Col("Người")]


def _fig(c: Cell, what: str = "luot") -> Fig:
    return Fig(c.luot if what == "luot" else c.people, drill=(("dim", c.dim), ("value", c.value)))


def _row(c: Cell, label: str | None = None, number: str = "", bold: bool = False) -> Row:
    return Row(label or c.label, [_fig(c), _fig(c, "people")], bold=bold, number=number)


def _change(now: int, before: int | None) -> Fig:
    if not before:
        return Fig(None, "percent")
    return Fig(Decimal(now - before) * 100 / before, "percent")


def _overview(s: AnnualStats) -> Section:
    rows = []
    for i, (dim, value, label) in enumerate([
            ("all", "", "Tổng số"), ("place", "trong_nuoc", "Trong nước"), ("place", "nuoc_ngoai", "Ở nước ngoài"),
            ("kind", "dao_tao", "Đào tạo"), ("kind", "boi_duong", "Bồi dưỡng"),
            ("leader", "co", "Lãnh đạo, quản lý"), ("women", "nu", "Nữ"),
            ("minority", "dtts", "Người dân tộc thiểu số")]):
        c = s.cell(dim, value)
        before = s.previous.get((dim, value))
        cells = [_fig(c), _fig(c, "people"),
                 Fig(before.luot if before else None, drill=(("dim", dim), ("value", value), ("prev", "1"))),
                 _change(c.luot, before.luot if before else None)]
        rows.append(Row(label, cells, bold=i == 0, number="" if i == 0 else str(i)))
    cols = [*LUOT_PEOPLE, Col("Lượt", group="Cùng kỳ năm trước"), Col("Tăng, giảm (%)", "percent", group="Cùng kỳ năm trước")]
    return Section("overview", "Tổng hợp", cols, rows)


def _simple(key: str, title: str, cells: list[Cell], label_header: str = "Chỉ tiêu", note: str = "") -> Section:
    rows = [_row(c, number=str(i)) for i, c in enumerate(cells, start=1)]
    return Section(key, title, LUOT_PEOPLE, rows, label_header=label_header, note=note)


def _programmes(s: AnnualStats) -> Section:
    rows = [_row(s.cell("kind", "dao_tao"), "Đào tạo", "I", True)]
    rows += [_row(s.cell("degree", d.value), d.label, f"{i}") for i, d in enumerate(DegreeLevel, start=1)]
    rows.append(_row(s.cell("kind", "boi_duong"), "Bồi dưỡng", "II", True))
    rows += [_row(s.cell("family", f.value), f.label, f"{i}") for i, f in enumerate(FosteringFamily, start=1)]
    return Section("programmes", "Theo loại chương trình", LUOT_PEOPLE, rows, label_header="Chương trình")


def _classes(s: AnnualStats, key: str, title: str, rows_in, dim: str, header: str) -> Section:
    def count(n: int, by: str = dim, value: str = "") -> Fig:
        return Fig(n, drill=(("dim", by), ("value", value)), page="classes")

    rows = [Row(r.label, [count(r.classes, value=str(r.key)), Fig(r.luot, drill=(("dim", dim), ("value", str(r.key))))],
                number=str(i)) for i, r in enumerate(rows_in, start=1)]
    rows.append(Row("Tổng số", [count(sum(r.classes for r in rows_in), "all"), Fig(sum(r.luot for r in rows_in))],
                    bold=True))
    return Section(key, title, [Col("Số lớp"), Col("Lượt hoàn thành")], rows, label_header=header)


def _money(amount: int, source: str = "") -> Fig:
    return Fig(amount, "money", drill=(("dim", "source"), ("value", source)), page="costs")


def _spending(s: AnnualStats) -> Section:
    rows = [Row(r.label, [_money(r.planned, r.code), _money(r.amount, r.code), Fig(r.share, "percent")], number=str(i))
            for i, r in enumerate(s.sources, start=1)]
    rows.append(Row("Tổng cộng", [_money(s.planned), _money(s.spent), Fig(Decimal(100) if s.sources else None, "percent")],
                    bold=True))
    cols = [Col("Dự toán (đồng)", "money", width=20), Col("Thực chi (đồng)", "money", width=20), Col("Tỷ lệ (%)", "percent")]
    return Section("spending", "Kinh phí theo nguồn", cols, rows, label_header="Nguồn kinh phí",
                   note="Thực chi: kinh phí thực chi của các lớp kết thúc trong kỳ và chi phí các lượt học ngoài lớp; "
                        "tỷ lệ tính trên thực chi (khi chưa có thực chi: trên dự toán).")


def _minimum(s: AnnualStats) -> Section:
    m = s.minimum
    if not m.applies:
        return Section("minimum", f"Bồi dưỡng tối thiểu {m.hours} tiết/năm (công chức)", [Col("Số người")],
                       [Row("Chưa áp dụng trong kỳ (từ 01/7/2025, Nghị định 171/2025/NĐ-CP)", [""])])
    share = Fig(Decimal(m.met) * 100 / m.civil_servants, "percent") if m.civil_servants else Fig(None, "percent")
    rows = [Row("Công chức đang công tác cuối kỳ", [Fig(m.civil_servants, drill=(("dim", "minimum"), ("value", "all")))], number="1"),
            Row(f"Đã bồi dưỡng đủ {m.hours} tiết", [Fig(m.met, drill=(("dim", "minimum"), ("value", "met")))], number="2"),
            Row("Chưa đủ", [Fig(m.short, drill=(("dim", "minimum"), ("value", "short")))], number="3"),
            Row("Tỷ lệ đạt (%)", [share], number="4")]
    return Section("minimum", f"Bồi dưỡng tối thiểu {m.hours} tiết/năm (công chức, Nghị định 171/2025/NĐ-CP)",
                   [Col("Số người")], rows, note="Tính các khóa bồi dưỡng hoàn thành từ 01/7/2025 trong kỳ (cấu hình được).")


def opening_sentence(s: AnnualStats, subject: str | None = None) -> str:
    """"Năm 2025, toàn tỉnh đã tổ chức đào tạo, bồi dưỡng cho 6 lượt (5 người), trong đó …"."""
    cb_cc = s.cell("category", "can_bo").luot + s.cell("category", "cong_chuc").luot
    vc = s.cell("category", "vien_chuc").luot
    subject = subject or f"{s.sel.period_label}, {in_sentence(s.sel.unit_label)}"
    text = (f"{subject} đã tổ chức đào tạo, bồi dưỡng cho {fmt(s.luot)} lượt ({fmt(s.people)} người), trong đó "
            f"cán bộ, công chức {fmt(cb_cc)} lượt, viên chức {fmt(vc)} lượt; ở nước ngoài {fmt(s.abroad)} lượt")
    if s.spent or s.planned:
        parts = ", ".join(f"{r.label.lower()} {Fig(r.share, 'percent').text}%" for r in s.sources)
        text += f"; tổng kinh phí {fmt(s.spent or s.planned)} đồng ({parts})"
    return text + "."


def comparison_sentence(s: AnnualStats) -> str:
    before = s.previous.get(("all", ""))
    if not before:
        return ""
    if not before.luot:
        return "Cùng kỳ năm trước chưa có lượt đào tạo, bồi dưỡng nào được ghi nhận."
    change = Decimal(s.luot - before.luot) * 100 / before.luot
    word = "tăng" if change >= 0 else "giảm"
    return (f"So với cùng kỳ năm trước ({fmt(before.luot)} lượt), số lượt {word} "
            f"{Fig(abs(change), 'percent').text}%.")


def minimum_sentence(s: AnnualStats) -> str:
    m = s.minimum
    if not m.applies or not m.civil_servants:
        return ""
    return (f"Có {fmt(m.met)}/{fmt(m.civil_servants)} công chức đã bồi dưỡng đủ {m.hours} tiết trong kỳ; "
            f"{fmt(m.short)} công chức chưa đủ.")


def sections(s: AnnualStats) -> list[Section]:
    return [
        _overview(s),
        _simple("category", "Theo đối tượng", s.dim("category"), "Đối tượng"),
        _simple("level", "Theo cấp", s.dim("level"), "Cấp"),
        _programmes(s),
        _simple("area", "Theo nội dung", s.areas, "Nội dung",
                note="Một chương trình có nhiều nội dung được tính ở mỗi nội dung."),
        _simple("form", "Theo hình thức", [c for c in s.dim("form") if c.luot or c.value], "Hình thức"),
        _simple("country", "Ở nước ngoài theo quốc gia", s.countries, "Quốc gia"),
        _classes(s, "organisers", "Lớp theo đơn vị tổ chức", s.by_organiser, "organiser", "Đơn vị tổ chức"),
        _classes(s, "providers", "Lớp theo cơ sở đào tạo, bồi dưỡng", s.by_provider, "provider", "Cơ sở"),
        _spending(s),
        _minimum(s),
    ]


def annual_report(s: AnnualStats, *, made_on: dt.date | None = None) -> Report:
    sel = s.sel
    stem = f"thong-ke-{sel.year}" if sel.year else f"thong-ke-{sel.start:%Y%m%d}-{sel.end:%Y%m%d}"
    if sel.unit:
        stem += f"-{sel.unit.code}"
    issuing = sel.unit.name if sel.unit else "Sở Nội vụ"
    province = province_name()
    categories = s.dim("category")
    return Report(
        code=stem, title="THỐNG KÊ KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
        summary=f"Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức {sel.period_label.lower()}",
        period_label=sel.period_label, unit_label=sel.unit_label, issuing_body=issuing,
        governing_body=f"Ủy ban nhân dân tỉnh {province}", place=province, made_on=made_on or dt.date.today(),
        paragraphs=[("KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG", [opening_sentence(s), comparison_sentence(s), minimum_sentence(s)])],
        sections=sections(s),
        charts=[Chart("Lượt đào tạo, bồi dưỡng theo đối tượng", [c.label for c in categories],
                      {"Lượt": [c.luot for c in categories], "Người": [c.people for c in categories]})],
        footer=("NGƯỜI LẬP BIỂU", "GIÁM ĐỐC"),
    )
