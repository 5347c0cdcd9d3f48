"""The cycle's three documents as ``OfficialDocument`` data (apps.documents.nd30): the Tờ trình of
Sở Nội vụ, the Quyết định phê duyệt of the Chairman and the annual Kế hoạch with its annex tables.
``documents(cycle)`` → {slug: document}; ``render(doc, ext)`` → (bytes, content type). Reads: the
consolidation (two queries) and the province's root unit."""

from __future__ import annotations

from apps.annual.models import AnnualCycle
from apps.annual.selectors import Consolidation, consolidation
from apps.core.vn import format_date, format_number
from apps.documents.nd30 import (
    DOCX,
    PDF,
    Annex,
    Bullet,
    Heading,
    OfficialDocument,
    Para,
    Signer,
    Table,
    render_docx,
    render_pdf,
)

KINDS = {"to-trinh": "Tờ trình của Sở Nội vụ", "quyet-dinh": "Quyết định phê duyệt", "ke-hoach": "Kế hoạch năm"}
SUBJECT = "đào tạo, bồi dưỡng cán bộ, công chức, viên chức"


def _province() -> str:
    from apps.organization.models import Unit
    from apps.organization.selectors import children_map

    roots = children_map().get(None) or []
    name = Unit.objects.filter(pk__in=roots).values_list("name", flat=True).first() or "UBND tỉnh"
    for prefix in ("UBND tỉnh ", "Ủy ban nhân dân tỉnh ", "UBND "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _money(value: int) -> str:
    return format_number(value)


def _totals_table(c: Consolidation) -> Table:
    rows = [[i, name, classes, learners, _money(cost)] for i, (name, classes, learners, cost) in
            enumerate(c.by_programme, start=1)]
    rows.append(["", "Tổng cộng", sum(r[2] for r in rows), c.learners, _money(c.total)])
    return Table(header=[["TT", "Chương trình, nội dung", "Số lớp", "Số học viên", "Kinh phí (đồng)"]], rows=rows,
                 widths_mm=[10, 85, 18, 22, 30], numeric_from=2, bold_rows=frozenset({len(rows) - 1}))


def _sources_table(c: Consolidation) -> Table:
    total = sum(r[1] for r in c.by_source) or 1
    rows = [[i, label, _money(planned), _money(ceiling) if ceiling is not None else "",
             f"{planned * 100 / total:.1f}".replace(".", ",")]
            for i, (label, planned, ceiling, _over) in enumerate(c.by_source, start=1)]
    return Table(header=[["TT", "Nguồn kinh phí", "Dự kiến (đồng)", "Trần kinh phí (đồng)", "Tỷ lệ (%)"]], rows=rows,
                 widths_mm=[10, 60, 32, 32, 21], numeric_from=2)


def _lines_annex(c: Consolidation, reference: str) -> Annex:
    rows = []
    for i, x in enumerate(c.lines, start=1):
        rows.append([i, x.agency_plan.unit.name, x.title, x.form.name if x.form else "", x.quarter,
                     x.provincial_class.code if x.provincial_class else x.classes, x.learners, x.leaders, x.women,
                     x.ethnic, x.days, x.hours, _money(x.total_cost)])
    rows.append(["", "", "Tổng cộng", "", "", "", c.learners, "", "", "", "", "", _money(c.total)])
    table = Table(header=[["TT", "Cơ quan", "Chương trình, nội dung", "Hình thức", "Quý", "Số lớp",
                           "Học viên", "Lãnh đạo", "Nữ", "DTTS", "Số ngày", "Số tiết", "Kinh phí (đồng)"]],
                  rows=rows, widths_mm=[9, 40, 62, 22, 10, 14, 16, 15, 11, 12, 13, 13, 27], numeric_from=4, size=10,
                  bold_rows=frozenset({len(rows) - 1}))
    return Annex(title="PHỤ LỤC I", subtitle="CÁC LỚP ĐÀO TẠO, BỒI DƯỠNG THEO CƠ QUAN", reference=reference,
                 blocks=[table])


def _classes_annex(c: Consolidation, reference: str) -> Annex:
    rows = []
    for i, pc in enumerate(c.classes, start=1):
        seats = c.seats.get(pc.pk, [])
        detail = "; ".join(f"{name}: {format_number(n)}" for name, n in seats)
        rows.append([i, pc.code, pc.title, pc.quarter, pc.classes, sum(n for _, n in seats), detail])
    if not rows:
        rows = [["", "", "Không có lớp chung", "", "", "", ""]]
    table = Table(header=[["TT", "Mã lớp", "Lớp chung của tỉnh", "Quý", "Số lớp", "Số chỗ", "Phân bổ chỗ theo cơ quan"]],
                  rows=rows, widths_mm=[9, 25, 70, 12, 15, 18, 100], numeric_from=3, size=10)
    by_quarter = Table(header=[["Quý", "Số lớp", "Số học viên", "Kinh phí (đồng)"]],
                       rows=[[q, n, learners, _money(cost)] for q, n, learners, cost in c.by_quarter],
                       widths_mm=[20, 25, 30, 40], numeric_from=1, size=10, title="Tiến độ theo quý")
    by_group = Table(header=[["Đối tượng", "Số học viên", "Kinh phí (đồng)"]],
                     rows=[[g, learners, _money(cost)] for g, learners, cost in c.by_group],
                     widths_mm=[80, 30, 40], numeric_from=1, size=10, title="Theo đối tượng")
    return Annex(title="PHỤ LỤC II", subtitle="LỚP CHUNG, TIẾN ĐỘ VÀ ĐỐI TƯỢNG", reference=reference,
                 blocks=[table, by_quarter, by_group])


def documents(cycle: AnnualCycle) -> dict[str, OfficialDocument]:
    c = consolidation(cycle)
    province = _province()
    ubnd = f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}"
    year = cycle.year
    title = f"Kế hoạch {SUBJECT} năm {year}"
    basis = [Para("Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, "
                  "công chức, viên chức (sửa đổi, bổ sung bởi Nghị định số 89/2021/NĐ-CP);"),
             Para("Căn cứ Nghị định số 171/2025/NĐ-CP của Chính phủ quy định về đào tạo, bồi dưỡng công chức;")]
    if cycle.plan is not None:
        basis.append(Para(f"Căn cứ {cycle.plan.title}{' số ' + cycle.plan.number if cycle.plan.number else ''};"))
    approved = cycle.decision_date is not None
    decision_ref = (f"(Kèm theo Quyết định số {cycle.decision_number} ngày {format_date(cycle.decision_date)} "
                    f"của Chủ tịch UBND tỉnh)" if approved else f"(Kèm theo Kế hoạch {SUBJECT} năm {year})")
    agencies = len({x.agency_plan.unit_id for x in c.lines})
    summary = (f"Tổng hợp kế hoạch của {agencies} cơ quan, đơn vị: {format_number(c.learners)} lượt học viên, "
               f"{format_number(sum(r[1] for r in c.by_programme))} lớp (trong đó {len(c.classes)} lớp chung của tỉnh), "
               f"tổng kinh phí dự kiến {format_number(c.total)} đồng.")
    to_trinh = OfficialDocument(
        kind="TỜ TRÌNH", summary=f"Về việc phê duyệt {title[0].lower() + title[1:]}", number="     /TTr-SNV",
        governing_body=ubnd, issuing_body="SỞ NỘI VỤ", place=province, date=None, year=year - 1,
        addressee="Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
        blocks=[*basis, Heading("I. SỰ CẦN THIẾT", 1),
                Para(f"Thực hiện kế hoạch giai đoạn, các cơ quan, đơn vị đã rà soát đội ngũ theo tiêu chuẩn, chỉ tiêu "
                     f"và khảo sát nhu cầu, xây dựng kế hoạch năm {year} gửi Sở Nội vụ."),
                Heading("II. NỘI DUNG TỔNG HỢP", 1), Para(summary), _totals_table(c),
                Heading("III. KINH PHÍ", 1), _sources_table(c),
                Heading("IV. KIẾN NGHỊ", 1),
                Para(f"Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, phê duyệt {title[0].lower() + title[1:]} "
                     f"(kèm dự thảo Quyết định và Kế hoạch).")],
        recipients=["Như trên;", "Lưu: VT, CCVC."], signer=Signer(title="GIÁM ĐỐC"))
    number = cycle.decision_number if approved else ""
    quyet_dinh = OfficialDocument(
        kind="QUYẾT ĐỊNH", summary=f"Phê duyệt {title[0].lower() + title[1:]}", number=number,
        issuing_body=ubnd,
        place=province, date=cycle.decision_date, year=year - 1,
        blocks=[Para(f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {province.upper()}", bold=True, align="center", indent=False),
                *basis, Para("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình của Sở Nội vụ.", indent=True),
                Para("QUYẾT ĐỊNH:", bold=True, align="center", indent=False),
                Para(f"Điều 1. Phê duyệt {title[0].lower() + title[1:]} (kèm theo Kế hoạch và các phụ lục). {summary}"),
                Para("Điều 2. Giao Sở Nội vụ hướng dẫn, theo dõi, kiểm tra việc thực hiện; Sở Tài chính bố trí kinh phí "
                     "theo quy định; các cơ quan, đơn vị tổ chức thực hiện và báo cáo kết quả."),
                Para("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, thủ "
                     "trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này. Quyết định có "
                     "hiệu lực kể từ ngày ký.")],
        recipients=["Như Điều 3;", "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, SNV."],
        signer=Signer(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH"))
    ke_hoach = OfficialDocument(
        kind="KẾ HOẠCH", summary=title, number="     /KH-UBND", issuing_body=ubnd, place=province,
        date=cycle.decision_date, year=year - 1,
        blocks=[Heading("I. MỤC ĐÍCH, YÊU CẦU", 1),
                Bullet("Đào tạo, bồi dưỡng theo tiêu chuẩn ngạch, chức danh, chức vụ và vị trí việc làm; hoàn thành "
                       "các chỉ tiêu của kế hoạch giai đoạn."),
                Bullet("Bảo đảm công chức được bồi dưỡng tối thiểu theo quy định; lớp được tổ chức đúng tiến độ, "
                       "tiết kiệm, hiệu quả."),
                Heading("II. NỘI DUNG", 1), Para(summary), _totals_table(c),
                Heading("III. KINH PHÍ THỰC HIỆN", 1), _sources_table(c),
                Heading("IV. TỔ CHỨC THỰC HIỆN", 1),
                Para("Sở Nội vụ chủ trì, hướng dẫn, theo dõi, tổng hợp kết quả; các cơ quan, đơn vị tổ chức các lớp "
                     "theo Phụ lục I, cử học viên dự các lớp chung theo số chỗ được phân bổ tại Phụ lục II, báo cáo "
                     "kết quả trước ngày 15 tháng 12.")],
        annexes=[_lines_annex(c, decision_ref), _classes_annex(c, decision_ref)],
        recipients=["Bộ Nội vụ;", "TT Tỉnh ủy, TT HĐND tỉnh;", "Các sở, ban, ngành tỉnh;", "Lưu: VT, SNV."],
        signer=Signer(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH"))
    return {"to-trinh": to_trinh, "quyet-dinh": quyet_dinh, "ke-hoach": ke_hoach}


def render(doc: OfficialDocument, ext: str) -> tuple[bytes, str]:
    if ext == "docx":
        return render_docx(doc), DOCX
    if ext == "pdf":
        return render_pdf(doc), PDF
    raise ValueError(ext)


def filename(cycle: AnnualCycle, slug: str, ext: str) -> str:
    return f"{slug}-{cycle.year}.{ext}"

