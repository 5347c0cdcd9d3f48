"""dtbd backup → dtbd restore gives back a database whose exports are the same files, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from apps.accounts.access import SYSTEM
from apps.backup import services as backup
from apps.organization.models import Unit
from apps.people.io.exporting import people_export
from apps.people.models import Person
from apps.training import services as training
from apps.training.io.classes import classes_export
from apps.training.io.enrollments import enrollments_export
from apps.training.models import Enrollment
from dtbd import cli

EXPORTS = {"people": people_export, "classes": classes_export, "enrollments": enrollments_export}


@pytest.fixture
def dataset(province, make_person, make_class, personas):
    """Eight units, a dozen people, three classes with enrollments (one completed, with costs)."""
    admin = personas["so_noi_vu"]
    people = [make_person(province[code], name) for code, name in
              (("SYT", "Lê Thị Hồng"), ("BVDK", "Danh Sóc Khum"), ("SGD", "Phạm Văn Đồng"),
               ("THPT1", "Võ Thị Sáu"), ("X01", "Trần Văn Ơn"), ("X02", "Thạch Thị Sa Rin"))]
    classes = [make_class(), make_class(programme="cvc", organiser="SYT", start=dt.date(2025, 5, 5),
                                        end=dt.date(2025, 6, 6)), make_class(programme="tin_hoc", provider="university", start=dt.date(2025, 9, 8),
                                        end=dt.date(2025, 9, 12), form="truc_tuyen")]
    first = training.enrollment_create(actor=admin, person=people[0], training_class=classes[0],
                                       costs={"ngan_sach_dia_phuong": 1_250_000})
    training.enrollment_complete(actor=admin, enrollment=first, completed_on=dt.date(2024, 3, 29),
                                 certificate_number="CC-01")
    training.enrollment_create_many(actor=admin, training_class=classes[1], people=people[1:4])
    training.enrollment_create_many(actor=admin, training_class=classes[2], people=people)
    return personas


def exports(actor) -> dict[str, bytes]:
    return {f"{kind}.{fmt}": export(actor=actor, fmt=fmt).content
            for kind, export in EXPORTS.items() for fmt in ("xlsx", "csv")}


def test_restore_into_an_emptied_database_gives_the_same_exports_byte_for_byte(dataset, tmp_path):
    before = exports(dataset["so_noi_vu"])
    file = tmp_path / "sao-luu.dtbd"
    summary = backup.backup_create(actor=dataset["so_noi_vu"], path=file)
    assert summary.tables["people.person"] == 7 and summary.tables["training.enrollment"] == 10
    backup._empty_tables()
    assert not backup.database_holds_data() and not Person.objects.exists()

    backup.backup_restore(actor=SYSTEM, path=file)

    assert Enrollment.objects.count() == 10 and Unit.objects.count() == 8
    admin = type(dataset["so_noi_vu"]).objects.select_related("profile").get(username="so_noi_vu")
    after = exports(admin)
    assert list(after) == list(before)
    for name in before:
        assert after[name] == before[name], f"{name} differs after restore"


def test_new_rows_after_a_restore_take_fresh_ids(dataset, tmp_path, province, make_person):
    file = tmp_path / "sao-luu.dtbd"
    backup.backup_create(actor=dataset["so_noi_vu"], path=file)
    highest = Person.objects.order_by("-pk").first().pk
    backup.backup_restore(actor=SYSTEM, path=file, force=True)
    assert make_person(Unit.objects.get(code="SYT"), "Người Mới", code="MOI001").pk > highest


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the subprocess opens a new SQLite file")
def test_the_cli_restores_into_a_fresh_database_in_another_file(dataset, tmp_path):
    before = exports(dataset["so_noi_vu"])
    file = tmp_path / "sao-luu.dtbd"
    assert cli.main(["backup", str(file)]) == 0
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'moi.sqlite3'}"}
    dtbd = [sys.executable, "-m", "dtbd.cli"]

    def run(*args):
        return subprocess.run([*dtbd, *args], env=env, capture_output=True, text=True, check=False)

    assert run("migrate").returncode == 0
    restored = run("restore", str(file))
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout
    for name in before:
        kind, fmt = name.split(".")
        out = tmp_path / f"sau.{fmt}"
        assert run("--as", "so_noi_vu", "export", kind, str(out)).returncode == 0
        assert out.read_bytes() == before[name], f"{name} differs after restore"


def test_restore_refuses_a_database_holding_data_without_force(dataset, tmp_path, capsys):
    file = tmp_path / "sao-luu.dtbd"
    backup.backup_create(actor=dataset["so_noi_vu"], path=file)
    Person.objects.filter(full_name="Võ Thị Sáu").delete()

    assert cli.main(["restore", str(file)]) == 1
    err = capsys.readouterr().err
    assert "đang có dữ liệu" in err and "--force" in err
    assert not Person.objects.filter(full_name="Võ Thị Sáu").exists()
    assert cli.main(["restore", str(file), "--force"]) == 0
    assert Person.objects.filter(full_name="Võ Thị Sáu").exists()


def test_a_corrupted_file_is_refused_and_nothing_changes(dataset, tmp_path, capsys):
    file = tmp_path / "sao-luu.dtbd"
    backup.backup_create(actor=dataset["so_noi_vu"], path=file)
    data = bytearray(file.read_bytes())
    data[-100] ^= 0xFF
    file.write_bytes(bytes(data))
    Person.objects.filter(full_name="Võ Thị Sáu").delete()

    assert cli.main(["restore", str(file), "--force"]) == 1
    assert "mã kiểm tra (SHA-256) không khớp" in capsys.readouterr().err
    assert not Person.objects.filter(full_name="Võ Thị Sáu").exists()


def test_a_file_made_with_other_migrations_is_refused(dataset, tmp_path, capsys):
    file = tmp_path / "sao-luu.dtbd"
    backup.backup_create(actor=dataset["so_noi_vu"], path=file)
    first, rest = file.read_bytes().split(b"\n", 1)
    header = json.loads(first[len(backup.MAGIC):])
    header["migrations"]["people"] = "0002_older"
    file.write_bytes(backup.MAGIC + json.dumps(header).encode() + b"\n" + rest)

    assert cli.main(["restore", str(file), "--force"]) == 1
    err = capsys.readouterr().err
    assert "cấu trúc dữ liệu khác" in err and "people: tệp 0002_older" in err


def test_a_file_that_is_no_backup_is_refused(tmp_path, db, capsys):
    file = tmp_path / "nhan-su.csv"
    file.write_text("Mã,Họ và tên\n", encoding="utf-8")
    assert cli.main(["restore", str(file)]) == 1
    assert "không phải tệp sao lưu dtbd" in capsys.readouterr().err


@pytest.mark.parametrize("username", ["can_bo_so_y_te", "lanh_dao", "hoc_vien"])
def test_only_the_system_account_or_home_affairs_may_back_up_or_restore(dataset, tmp_path, capsys, username):
    file = tmp_path / "sao-luu.dtbd"
    assert cli.main(["--as", username, "backup", str(file)]) == 1
    assert "không có quyền sao lưu, khôi phục" in capsys.readouterr().err
    assert not file.exists()
    backup.backup_create(actor=SYSTEM, path=file)
    assert cli.main(["--as", username, "restore", str(file), "--force"]) == 1
    assert "không có quyền sao lưu, khôi phục" in capsys.readouterr().err


def test_home_affairs_may_back_up(dataset, tmp_path, capsys):
    file = tmp_path / "sao-luu.dtbd"
    assert cli.main(["--as", "so_noi_vu", "backup", str(file)]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out
    header, _ = backup.backup_header(Path(file))
    assert header["engine"] == connection.vendor and header["migrations"] == backup.code_migrations()
