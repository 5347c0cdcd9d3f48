"""Uploads have limits: the file's size, an xlsx's uncompressed size (a zip bomb is refused from
the zip directory, before openpyxl inflates anything), its shared strings and its rows. Every
refusal is a Vietnamese message, writes nothing and keeps memory bounded."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import openpyxl
import pytest

from apps.core.tabular import FileRejected, open_table
from apps.people.io import columns as C
from apps.people.models import Person
from apps.people.tests.test_import_export import counts, person_row, xlsx
from apps.training.io.enrollments import enrollments_import
from dtbd import cli

MB = 1024 * 1024


def bomb(path, member: str = "xl/sharedStrings.xml", size: int = 60 * MB) -> None:
    """A valid workbook whose ``member`` is replaced by ``size`` bytes of one repeated character
    (a few tens of KB once deflated)."""
    book = openpyxl.Workbook()
    book.active.append(C.HEADERS)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != member:
                out.writestr(info, src.read(info))
        with out.open(member, "w") as target:
            target.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * MB
            for _ in range(size // MB):
                target.write(chunk)
            target.write(b"</t></si></sst>")


def refused(run) -> tuple[str, int]:
    """(message, peak traced memory) of a refused import; nothing written."""
    before = counts()
    tracemalloc.start()
    try:
        with pytest.raises(Exception) as info:
            run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert counts() == before
    errors = getattr(info.value, "errors", [str(info.value)])
    return " ".join(errors), peak


def test_a_shared_strings_bomb_is_refused_with_a_message_and_little_memory(personas, tmp_path):
    from apps.people.io.importing import people_import

    path = tmp_path / "bom.xlsx"
    bomb(path)
    assert path.stat().st_size < 2 * MB
    message, peak = refused(lambda: people_import(actor=personas["so_noi_vu"], source=path))
    assert "Phần chữ của tệp Excel lớn quá 50 MB" in message
    assert peak < 10 * MB


def test_an_xlsx_inflating_past_the_limit_is_refused(personas, tmp_path, settings):
    from apps.people.io.importing import people_import

    settings.DTBD_IMPORT_MAX_UNCOMPRESSED = 30 * MB
    path = tmp_path / "bom.xlsx"
    bomb(path, member="xl/worksheets/sheet2.xml", size=40 * MB)
    message, peak = refused(lambda: people_import(actor=personas["so_noi_vu"], source=path))
    assert "khi giải nén lớn quá 30 MB" in message
    assert peak < 10 * MB


def test_a_highly_compressed_member_is_refused_as_a_zip_bomb(tmp_path):
    path = tmp_path / "bom.xlsx"
    bomb(path, member="xl/worksheets/sheet9.xml", size=20 * MB)
    with pytest.raises(FileRejected, match="tệp nén độc hại"), open_table(path):
        pass


def test_an_oversized_upload_is_refused_before_reading(personas, settings):
    from apps.people.io.importing import people_import

    settings.DTBD_IMPORT_MAX_BYTES = 4000
    content = xlsx([person_row(n) for n in range(1, 200)])
    assert len(content) > 4000
    message, _ = refused(lambda: people_import(actor=personas["so_noi_vu"], source=content, filename="x.xlsx"))
    assert "Tệp lớn quá" in message


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_file_with_too_many_rows_is_refused_and_writes_nothing(personas, settings, fmt):
    from apps.people.io.importing import people_import
    from apps.people.tests.test_import_export import csv_bytes

    settings.DTBD_IMPORT_MAX_ROWS = 20
    rows = [person_row(n) for n in range(1, 31)]
    content = xlsx(rows) if fmt == "xlsx" else csv_bytes(rows)
    message, _ = refused(lambda: people_import(actor=personas["so_noi_vu"], source=content, filename=f"x.{fmt}"))
    assert "Tệp có hơn 20 dòng" in message
    assert not Person.objects.filter(code="NK00001").exists()
    settings.DTBD_IMPORT_MAX_ROWS = 30
    assert people_import(actor=personas["so_noi_vu"], source=content, filename=f"x.{fmt}").created == 30


def test_the_row_limit_applies_to_the_enrollments_import(personas, settings):
    settings.DTBD_IMPORT_MAX_ROWS = 2
    book = openpyxl.Workbook()
    from apps.training.io.columns import ENROLLMENT_COLUMNS

    headers = [c.header for c in ENROLLMENT_COLUMNS]
    for n in range(6):
        book.active.append(headers if n == 0 else [f"L{n}"] * len(headers))
    out = io.BytesIO()
    book.save(out)
    message, _ = refused(lambda: enrollments_import(actor=personas["so_noi_vu"], source=out.getvalue(),
                                                    filename="x.xlsx"))
    assert "Tệp có hơn 2 dòng" in message


def test_the_cli_refuses_a_bomb_with_the_message(personas, tmp_path, capsys):
    path = tmp_path / "bom.xlsx"
    bomb(path)
    before = counts()
    assert cli.main(["--as", "so_noi_vu", "import", "people", str(path)]) == 1
    assert "Phần chữ của tệp Excel lớn quá" in capsys.readouterr().err
    assert counts() == before


def test_the_web_refuses_a_bomb_with_the_message(client_as, tmp_path):
    path = tmp_path / "bom.xlsx"
    bomb(path)
    client = client_as("can_bo_so_y_te")
    with path.open("rb") as upload:
        response = client.post("/nhan-su/nhap/", {"file": upload})
    assert response.status_code == 422
    assert "Phần chữ của tệp Excel lớn quá" in response.content.decode()
