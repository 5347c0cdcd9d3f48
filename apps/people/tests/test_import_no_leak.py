"""The people import tells an officer nothing about another agency: a unit outside the scope reads
exactly like a unit that does not exist, and a person code or CCCD number held by another agency's
person is only "already used" (the database holds each once), never whose or where. Same through
the web and ``--dry-run``."""

from __future__ import annotations

import io

import pytest

from apps.people.tests.test_import_export import failure, person_row, xlsx
from dtbd import cli


@pytest.fixture
def stranger(province, make_person):
    """A teacher of Sở Giáo dục, outside the Sở Y tế officer's scope."""
    return make_person(province["THPT1"], "Hoàng Thị Bí Mật", code="GD-SECRET", national_id="094177777777")


def secrets(stranger) -> list[str]:
    """What the messages must not reveal: the name, the agency, the unit (the file names none of them)."""
    return [stranger.full_name, "SGD", "Giáo dục", "Lê Lợi", "ngoài phạm vi"]


def test_an_out_of_scope_unit_reads_exactly_like_a_missing_one(personas):
    officer = personas["can_bo_so_y_te"]
    outside = failure(officer, xlsx([person_row(1, **{"Mã đơn vị": "THPT1"})]))
    missing = failure(officer, xlsx([person_row(1, **{"Mã đơn vị": "KHONGCO"})]))
    assert outside == ["Dòng 2, cột Mã đơn vị: không có đơn vị mã “THPT1” trong phạm vi của bạn"]
    assert [m.replace("THPT1", "X") for m in outside] == [m.replace("KHONGCO", "X") for m in missing]


def test_a_merged_away_unit_of_another_agency_reads_like_a_missing_one(personas, province):
    from apps.organization.models import Unit

    Unit.objects.filter(pk=province["THPT1"].pk).update(valid_to="2024-12-31")
    errors = failure(personas["can_bo_so_y_te"], xlsx([person_row(1, **{"Mã đơn vị": "THPT1"})]))
    assert errors == ["Dòng 2, cột Mã đơn vị: không có đơn vị mã “THPT1” trong phạm vi của bạn"]


def test_another_agencys_person_code_is_only_already_used(personas, stranger):
    errors = failure(personas["can_bo_so_y_te"], xlsx([person_row(1, **{"Mã cán bộ": stranger.code})]))
    assert errors == ["Dòng 2, cột Mã cán bộ: mã cán bộ GD-SECRET đã được dùng, hãy kiểm tra lại"]
    assert not any(s in " ".join(errors) for s in secrets(stranger))


def test_another_agencys_cccd_is_only_already_used(personas, stranger):
    errors = failure(personas["can_bo_so_y_te"], xlsx([person_row(1, **{"Số CCCD": stranger.national_id})]))
    assert errors == ["Dòng 2, cột Số CCCD: số CCCD 094177777777 đã được dùng, hãy kiểm tra lại"]
    assert not any(s in " ".join(errors) for s in [*secrets(stranger), stranger.code])


def test_the_dry_run_says_the_same(personas, stranger, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx([person_row(1, **{"Mã đơn vị": "THPT1"}), person_row(2, **{"Mã cán bộ": stranger.code}),
                           person_row(3, **{"Số CCCD": stranger.national_id})]))
    assert cli.main(["--as", "can_bo_so_y_te", "import", "people", "--dry-run", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Dòng 2, cột Mã đơn vị: không có đơn vị mã “THPT1” trong phạm vi của bạn" in err
    assert "Dòng 3, cột Mã cán bộ: mã cán bộ GD-SECRET đã được dùng, hãy kiểm tra lại" in err
    assert "Dòng 4, cột Số CCCD: số CCCD 094177777777 đã được dùng, hãy kiểm tra lại" in err
    assert not [s for s in secrets(stranger) if s in err], err


def test_the_web_import_says_the_same(client_as, stranger):
    upload = io.BytesIO(xlsx([person_row(1, **{"Mã cán bộ": stranger.code}), person_row(2, **{"Mã đơn vị": "THPT1"})]))
    upload.name = "ds.xlsx"
    response = client_as("can_bo_so_y_te").post("/nhan-su/nhap/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 422
    assert "mã cán bộ GD-SECRET đã được dùng, hãy kiểm tra lại" in page
    assert "không có đơn vị mã “THPT1” trong phạm vi của bạn" in page
    assert stranger.full_name not in page and "ngoài phạm vi" not in page
