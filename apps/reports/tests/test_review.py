"""The plan review and the plan as a document, over the dataset of conftest.py and a small plan
2024–2025 with one target: civil servants updated on law each year (80%), each agency."""

import datetime as dt
import io

import pytest
from docx import Document

from apps.accounts.access import SYSTEM
from apps.documents.testing import assert_nd30
from apps.jobs.testing import run_pending
from apps.plans.models import Plan, PlanTarget, PlanTask
from apps.reports import contract
from apps.reports.plan_document import plan_document_bytes
from apps.reports.review import ReviewError, plan_review, review_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(dataset):
    plan = Plan.objects.create(code="KH-TEST", title="Kế hoạch đào tạo, bồi dưỡng thử nghiệm giai đoạn 2024 - 2025",
                               issuing_body="Ủy ban nhân dân tỉnh Sóc Trăng", number="12/KH-UBND",
                               issued_on=dt.date(2023, 12, 1), place="Sóc Trăng",
                               period_start=dt.date(2024, 1, 1), period_end=dt.date(2025, 12, 31))
    spec = {"population": {"categories": ["cong_chuc"]}, "goal": {"min": 80, "unit": "percent"},
            "deadline": {"every": "year"}, "each_unit": True,
            "measure": {"kind": "trained", "training": {"content_areas": ["phap_luat"]}, "window": {"year": "current"}}}
    PlanTarget.objects.create(plan=plan, order=1, code="CC-PL", text="80% công chức cập nhật pháp luật hằng năm", spec=spec)
    PlanTask.objects.create(plan=plan, order=1, number="1", text="Sơ kết, tổng kết kế hoạch", lead_units="Sở Nội vụ",
                            products="Báo cáo", deadline_text="Quý IV/2025")
    return plan


def test_the_final_review_states_its_figures(plan):
    review = plan_review(SYSTEM, plan_code="KH-TEST", at="2025-12-31")
    assert review.final and review.kind_label == "tổng kết"
    assert (review.stats.luot, review.stats.people) == (7, 5)
    assert [(y.year, y.luot, y.people) for y in review.years] == [(2024, 1, 1), (2025, 6, 5)]
    [target] = review.targets
    # civil servants on 31/12/2025: A (Sở Y tế, law in 2025) and E (huyện Mỹ Tú, law only in 2024)
    assert (target["value"], target["status"]) == (50, "not_met")
    by_unit = {u["unit"]: u["status"] for u in target["by_unit"]}
    assert by_unit == {"SYT": "met", "H01": "not_met"}
    assert "UBND huyện Mỹ Tú" in review.texts["limits"] and "50%" in review.texts["limits"]
    assert review.texts["results"].startswith("Từ 01/01/2024 đến 31/12/2025, toàn tỉnh đã tổ chức đào tạo, "
                                              "bồi dưỡng cho 7 lượt (5 người)")


def test_the_review_document_keeps_the_edited_text_and_passes_decree_30(plan):
    review = plan_review(SYSTEM, plan_code="KH-TEST", at="2025-12-31")
    docx = contract.render_docx(review_report(review, {"lessons": "Bài học do người dùng viết."}))
    assert_nd30(docx)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Bài học do người dùng viết." in text and "BÁO CÁO" in text
    assert "Tổng kết thực hiện kế hoạch đào tạo, bồi dưỡng thử nghiệm" in text
    assert len(Document(io.BytesIO(docx)).inline_shapes) == 2  # the two charts, as PNG


def test_a_mid_term_review_and_bad_dates(plan):
    review = plan_review(SYSTEM, plan_code="KH-TEST", at="2024-12-31")
    assert review.kind_label == "sơ kết" and review.stats.luot == 1
    with pytest.raises(ReviewError, match="trước khi kế hoạch bắt đầu"):
        plan_review(SYSTEM, plan_code="KH-TEST", at="2023-06-30")
    with pytest.raises(ReviewError, match="Không có kế hoạch mã"):
        plan_review(SYSTEM, plan_code="KHONG", at="2024-12-31")


def test_the_review_page_prefills_and_exports(plan, client_as):
    c = client_as("so_noi_vu")
    page = c.get("/bao-cao/so-ket/KH-TEST/?at=2025-12-31")
    assert page.status_code == 200 and "UBND huyện Mỹ Tú" in page.content.decode()
    started = c.post("/bao-cao/so-ket/KH-TEST/", {"at": "2025-12-31", "fmt": "docx", "results": "Kết quả đã sửa.",
                                                  "limits": "", "lessons": "", "proposals": ""})
    assert started.status_code == 302 and started["Location"].startswith("/cong-viec/")  # a background job
    jobs = {j.kind: j for j in run_pending()}
    assert jobs["reports.flat"].status == "done"  # the page found the flat copy stale and asked for it
    job = jobs["reports.review"]
    assert job.status == "done" and job.filename == "tong-ket-KH-TEST-20251231.docx"
    assert job.title == "Báo cáo tổng kết KH-TEST tại ngày 31/12/2025 (docx)"
    with job.file.open("rb") as handle:
        docx = handle.read()
    assert_nd30(docx)
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Kết quả đã sửa." in text
    assert c.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 200
    officer = client_as("can_bo_so_y_te").get("/bao-cao/so-ket/KH-TEST/?at=2025-12-31").content.decode()
    assert "Sở Y tế" in officer and "Mỹ Tú" not in officer


def test_the_plan_as_a_document_with_its_roadmap_annex(plan):
    docx = plan_document_bytes(SYSTEM, "KH-TEST")
    assert_nd30(docx)
    d = Document(io.BytesIO(docx))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "KẾ HOẠCH" in text and "PHỤ LỤC" in text
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "Sơ kết, tổng kết kế hoạch" in cells and "Quý IV/2025" in cells


REVIEW_YAML = """code: KH-MOI
title: "Kế hoạch đào tạo, bồi dưỡng giai đoạn 2026 - 2030"
issuing_body: "Ủy ban nhân dân tỉnh Sóc Trăng"
period: {start: "2026-01-01", end: "2030-12-31"}
review:
  period: {start: "2024-01-01", end: "2025-12-31"}
  text: "Giai đoạn 2024-2025, toàn tỉnh đã tổ chức đào tạo, bồi dưỡng cho 8 lượt, trong đó cán bộ, công chức 5 lượt, viên chức 3 lượt; ở nước ngoài 1 lượt"
  figures:
    - {key: luot, value: 8, text: "8 lượt", unit: lượt}
    - {key: luot_cbcc, value: 5, text: "cán bộ, công chức 5 lượt"}
    - {key: luot_vc, value: 3}
    - {key: abroad, value: 1, text: "ở nước ngoài 1 lượt"}
    - {key: share:tai_tro_nuoc_ngoai, value: 57.8, unit: percent}
"""


def test_a_plan_files_review_section_loads_exports_and_compares(dataset, tmp_path):
    from apps.plans import planfile
    from apps.plans.rows import plan_to_data
    from apps.plans.services import plan_load
    from apps.reports.previous import compare

    plan_load(actor=SYSTEM, data=planfile.read(REVIEW_YAML))
    plan = Plan.objects.get(code="KH-MOI")
    assert plan.previous_review["figures"][0] == {"key": "luot", "value": 8, "text": "8 lượt", "unit": "lượt"}
    assert plan_to_data(plan)["review"] == planfile.read(REVIEW_YAML)["review"]
    _review, rows = compare(SYSTEM, plan)
    # the records hold 7 lượt in 2024–2025: A×2, B, C, D, E×2; cán bộ + công chức: A×2, D, E×2 = 5
    assert [c.sentence for c in rows] == [
        "Tổng số lượt: kế hoạch ghi 8; dữ liệu có 7.",
        "Lượt cán bộ, công chức: kế hoạch ghi 5; dữ liệu có 5.",
        "Lượt viên chức: kế hoạch ghi 3; dữ liệu có 2.",
        "Lượt ở nước ngoài: kế hoạch ghi 1; dữ liệu có 1.",
        "Tỷ lệ tài trợ, học bổng nước ngoài (%): kế hoạch ghi 57,8%; dữ liệu có 57,8%.",
    ]


def test_a_bad_review_figure_key_is_refused_with_its_line():
    from apps.plans import planfile

    bad = REVIEW_YAML.replace("key: luot_vc", "key: vien_chuc_luot")
    with pytest.raises(planfile.PlanFileError) as caught:
        planfile.read(bad)
    assert any("review.figures[2].key" in m for m in caught.value.messages), caught.value.messages


def test_the_previous_period_page(dataset, client_as):
    from apps.plans import planfile
    from apps.plans.services import plan_load

    plan_load(actor=SYSTEM, data=planfile.read(REVIEW_YAML))
    page = client_as("so_noi_vu").get("/bao-cao/giai-doan-truoc/KH-MOI/").content.decode()
    assert "Tổng số lượt: kế hoạch ghi 8; dữ liệu có 7." in page
