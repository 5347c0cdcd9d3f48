"""Evaluation reports in the form of Decree 30/2020 (apps.documents.nd30): one per class, one per
provider-year. Respondents are never named; comments are quoted as written."""

from __future__ import annotations

from apps.core.vn import format_number
from apps.documents.nd30 import Bullet, Heading, OfficialDocument, Para, Signer, Table, render_docx
from apps.evaluation.selectors import ProviderYear, Results
from apps.training.models import TrainingClass


def _n(value: float | None) -> str:
    return "—" if value is None else format_number(value, 2)


def _results_blocks(r: Results) -> list:
    blocks: list = [Para(f"Tổng số phiếu thu về: {r.forms} (hợp lệ {r.valid}, không hợp lệ {r.invalid}). "
                         f"Chỉ số chung: {_n(r.index)} — mức {r.level or 'chưa xếp loại'}.")]
    if r.objects:
        blocks.append(Table(header=[["TT", "Nội dung đánh giá", "Phiếu hợp lệ", "Chỉ số", "Mức"]],
                            rows=[[i, o.label, o.valid, _n(o.index), o.level] for i, o in enumerate(r.objects, 1)],
                            widths_mm=[10, 75, 25, 25, 30], numeric_from=2))
    for o in r.objects:
        rows = []
        for c in o.criteria:
            rows.append([c.code, c.text, _n(c.mean)])
            rows += [[i.code, i.text, _n(i.mean)] for i in c.indicators]
        if rows:
            blocks.append(Table(header=[["Mã", f"{o.label}: tiêu chí, chỉ số", "Điểm trung bình"]], rows=rows,
                                widths_mm=[15, 120, 30], numeric_from=2, size=11))
        if o.groups:
            blocks.append(Para("Theo nhóm người trả lời: " + "; ".join(f"{g}: {_n(v)}" for g, v in o.groups.items())
                               + "."))
    comments = r.comments
    if comments:
        blocks.append(Para("Ý kiến khác của người trả lời:", bold=True, indent=False))
        blocks += [Bullet(c.replace("\n", " ")[:400]) for c in comments[:30]]
    return blocks


def class_report(training_class: TrainingClass, results: Results, *, body: str = "SỞ NỘI VỤ",
                 governing: str = "ỦY BAN NHÂN DÂN TỈNH") -> OfficialDocument:
    klass = training_class
    title = f"Kết quả đánh giá chất lượng lớp {klass.name or klass.programme.name} ({klass.code})"
    return OfficialDocument(
        kind="BÁO CÁO", summary=title, number="", issuing_body=body, governing_body=governing, place="Sóc Trăng",
        date=None, year=klass.end_date.year,
        blocks=[Para("Căn cứ Thông tư số 10/2017/TT-BNV ngày 29/12/2017 của Bộ Nội vụ quy định về đánh giá chất "
                     "lượng đào tạo, bồi dưỡng cán bộ, công chức, viên chức;"),
                Heading("I. THÔNG TIN LỚP", 1),
                Para(f"Chương trình: {klass.programme.name}. Cơ sở đào tạo, bồi dưỡng: {klass.provider.name}. "
                     f"Thời gian: {klass.start_date:%d/%m/%Y} – {klass.end_date:%d/%m/%Y}."),
                Heading("II. KẾT QUẢ ĐÁNH GIÁ", 1), *_results_blocks(results),
                Heading("III. ĐỀ XUẤT, KIẾN NGHỊ", 1),
                Para("Cơ sở đào tạo, bồi dưỡng tiếp thu ý kiến của học viên, khắc phục các nội dung có điểm trung "
                     "bình thấp trong các khóa học tiếp theo.")],
        recipients=["Sở Nội vụ;", f"{klass.provider.name};", "Lưu: VT."], signer=Signer(title="GIÁM ĐỐC"))


def provider_year_report(py: ProviderYear) -> OfficialDocument:
    cov = py.coverage
    lines = [[i, x.key, x.label, x.valid, _n(x.index), x.level] for i, x in enumerate(py.classes, 1)]
    return OfficialDocument(
        kind="BÁO CÁO", summary=f"Kết quả đánh giá chất lượng đào tạo, bồi dưỡng năm {py.year} của {py.provider_name}",
        number="", issuing_body="SỞ NỘI VỤ", governing_body="ỦY BAN NHÂN DÂN TỈNH", place="Sóc Trăng", date=None,
        year=py.year,
        blocks=[Para("Căn cứ Thông tư số 10/2017/TT-BNV ngày 29/12/2017 của Bộ Nội vụ quy định về đánh giá chất "
                     "lượng đào tạo, bồi dưỡng cán bộ, công chức, viên chức;"),
                Heading("I. TỶ LỆ KHÓA HỌC ĐƯỢC ĐÁNH GIÁ", 1),
                Table(header=[["Nội dung", "Số khóa đã đánh giá", "Yêu cầu", "Kết quả"]],
                      rows=[["Điều 5–8", cov.articles_5_8, cov.required_5_8, "Đạt" if cov.meets_5_8 else "Chưa đạt"],
                            ["Điều 9", cov.article_9, cov.required_9, "Đạt" if cov.meets_9 else "Chưa đạt"],
                            ["Điều 10", cov.article_10, cov.required_10, "Đạt" if cov.meets_10 else "Chưa đạt"]],
                      widths_mm=[45, 40, 30, 50], numeric_from=1),
                Para(f"Tổng số khóa học trong năm: {cov.classes}. {cov.basis}"),
                Heading("II. KẾT QUẢ ĐÁNH GIÁ", 1), *_results_blocks(py.results),
                Heading("III. KẾT QUẢ THEO LỚP", 1),
                Table(header=[["TT", "Mã lớp", "Tên lớp", "Phiếu hợp lệ", "Chỉ số", "Mức"]], rows=lines or [["", "", "Không có", "", "", ""]],
                      widths_mm=[10, 25, 65, 22, 20, 23], numeric_from=3, size=11),
                Heading("IV. ĐỀ XUẤT, KIẾN NGHỊ", 1),
                Para("Cơ sở đào tạo, bồi dưỡng bảo đảm tỷ lệ khóa học được đánh giá theo quy định và có biện pháp nâng "
                     "cao chất lượng đối với các nội dung xếp mức thấp.")],
        recipients=["Bộ Nội vụ (để báo cáo);", "UBND tỉnh (để báo cáo);", f"{py.provider_name};", "Lưu: VT."],
        signer=Signer(title="GIÁM ĐỐC"))


def docx(doc: OfficialDocument) -> bytes:
    return render_docx(doc)
