"""dtbd report annual | form | review and dtbd plan document, with --as scoping."""

import io
import json

import pytest
from openpyxl import load_workbook

from apps.documents.testing import assert_nd30

pytestmark = pytest.mark.django_db


def _run(capsys, *argv):
    from dtbd.cli import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_annual_json_has_the_contract_keys(dataset, capsys):
    code, out, _ = _run(capsys, "report", "annual", "--year", "2025", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"lượt", "people", "abroad", "by_category", "by_funding_source", "classes"} <= set(data)
    assert (data["lượt"], data["people"], data["abroad"], data["classes"]["total"]) == (6, 5, 1, 2)
    assert sum(s["share"] for s in data["by_funding_source"]) == pytest.approx(100.0)


def test_an_officer_gets_their_agency_and_not_another(dataset, capsys):
    code, out, _ = _run(capsys, "report", "annual", "--year", "2025", "--json", "--as", "can_bo_so_y_te")
    assert code == 0 and json.loads(out)["lượt"] == 3 and json.loads(out)["unit"] == "SYT"
    code, _, err = _run(capsys, "report", "annual", "--year", "2025", "--unit", "SGD", "--json", "--as", "can_bo_so_y_te")
    assert code == 1 and "Không có đơn vị mã “SGD”" in err
    code, _, err = _run(capsys, "report", "annual", "--year", "2025", "--json", "--as", "hoc_vien")
    assert code == 1 and "Báo cáo, thống kê dành cho" in err


def test_files_by_extension(dataset, capsys, tmp_path):
    for ext in ("xlsx", "docx", "pdf"):
        out = tmp_path / f"r.{ext}"
        assert _run(capsys, "report", "annual", "--from", "2025-01-01", "--to", "2025-12-31", "--out", str(out))[0] == 0
    assert_nd30(tmp_path / "r.docx")
    assert load_workbook(tmp_path / "r.xlsx").active["A2"].value == "Năm 2025"
    assert (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
    code, _, err = _run(capsys, "report", "annual", "--year", "2025", "--out", str(tmp_path / "r.odt"))
    assert code == 1 and "chỉ ghi được" in err


def test_form_and_review_and_plan_document(dataset, capsys, tmp_path):
    import datetime as dt

    from apps.plans.models import Plan

    out = tmp_path / "f.xlsx"
    assert _run(capsys, "report", "form", "10-BTCTW", "--year", "2025", "--out", str(out))[0] == 0
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert next(r for r in rows if r[1] == "Đào tạo")[2] == 2
    Plan.objects.create(code="KH", title="Kế hoạch thử", issuing_body="Ủy ban nhân dân tỉnh Sóc Trăng",
                        period_start=dt.date(2024, 1, 1), period_end=dt.date(2025, 12, 31))
    assert _run(capsys, "report", "review", "--plan", "KH", "--at", "2024-12-31", "--out", str(tmp_path / "s.docx"))[0] == 0
    assert_nd30(tmp_path / "s.docx")
    assert _run(capsys, "plan", "document", "KH", "--out", str(tmp_path / "k.docx"))[0] == 0
    assert_nd30(tmp_path / "k.docx")
    code, _, err = _run(capsys, "report", "review", "--plan", "KHONG", "--at", "2024-12-31", "--out", str(tmp_path / "x.docx"))
    assert code == 1 and "Không có kế hoạch mã “KHONG”" in err
