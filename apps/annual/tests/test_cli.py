"""dtbd annual draft / consolidate / documents, with --as scoping."""

from __future__ import annotations

import json

from apps.documents.testing import assert_nd30


def _run(capsys, *argv):
    from dtbd.cli import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_draft_prints_lines_with_targets_and_costs(staff, cycle, capsys):
    code, out, _ = _run(capsys, "annual", "draft", "--year", "2027", "--unit", "SYT", "--json")
    assert code == 0
    data = json.loads(out)
    law = next(x for x in data["lines"] if x["programme"] == "Cập nhật kiến thức pháp luật")
    assert (law["agency"], law["group"], law["learners"], law["target_codes"]) == ("SYT", "Công chức", 2, ["LAW-80"])
    assert (law["classes"], law["days"], law["hours"], law["named"]) == (1, 2, 16, 2)
    assert law["costs"] == {"kinh_phi_co_quan": 1_000_000, "ngan_sach_dia_phuong": 10_400_000}
    assert law["total"] == 11_400_000
    assert {x["agency"] for x in data["lines"]} == {"SYT"}


def test_an_officer_drafts_only_their_agency(staff, cycle, personas, capsys):
    code, out, _ = _run(capsys, "--as", "can_bo_so_giao_duc", "annual", "draft", "--year", "2027", "--json")
    assert code == 0 and {x["agency"] for x in json.loads(out)["lines"]} == {"SGD"}
    code, _, err = _run(capsys, "--as", "can_bo_so_giao_duc", "annual", "draft", "--year", "2027", "--unit", "SYT")
    assert code == 1 and "Không có đơn vị mã “SYT”" in err
    code, _, _ = _run(capsys, "--as", "hoc_vien", "annual", "draft", "--year", "2027")
    assert code == 1


def test_consolidate_and_documents(staff, cycle, personas, capsys, tmp_path):
    from apps.accounts.access import SYSTEM
    from apps.annual import services

    plan = services.agency_plan_open(actor=SYSTEM, cycle=cycle, unit=staff["an"].unit)
    services.plan_draft_from_needs(actor=SYSTEM, agency_plan=plan)
    services.plan_submit(actor=SYSTEM, agency_plan=plan)
    code, out, _ = _run(capsys, "--as", "lanh_dao", "annual", "consolidate", "--year", "2027", "--json")
    data = json.loads(out)
    assert code == 0 and data["learners"] == sum(x["learners"] for x in data["lines"]) == 5
    assert _run(capsys, "--as", "can_bo_so_y_te", "annual", "consolidate", "--year", "2027")[0] == 1
    code, out, _ = _run(capsys, "annual", "documents", "--year", "2027", "--out", str(tmp_path))
    assert code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["ke-hoach-2027.docx", "ke-hoach-2027.pdf", "quyet-dinh-2027.docx", "quyet-dinh-2027.pdf",
                       "to-trinh-2027.docx", "to-trinh-2027.pdf"]
    for path in tmp_path.glob("*.docx"):
        assert_nd30(path)
    assert (tmp_path / "ke-hoach-2027.pdf").read_bytes()[:4] == b"%PDF"
