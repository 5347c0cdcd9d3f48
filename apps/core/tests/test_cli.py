import os
import subprocess
import sys

import pytest

from dtbd import cli


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("migrate", "serve", "users"):
        assert command in out


def test_unknown_run_as_account_exits_1_with_a_vietnamese_message(db, capsys):
    assert cli.main(["--as", "khong-co", "users", "list"]) == 1
    assert "Không có tài khoản “khong-co”" in capsys.readouterr().err


def test_users_create_makes_an_agency_officer(db, province, capsys):
    assert cli.main(["users", "create", "tccb_syt", "--role", "agency_officer", "--unit", "SYT", "--password", "x" * 12]) == 0
    from apps.accounts.models import Profile

    profile = Profile.objects.get(user__username="tccb_syt")
    assert (profile.role, profile.unit.code) == ("agency_officer", "SYT")


def test_an_agency_officer_without_a_unit_is_refused(db, capsys):
    assert cli.main(["users", "create", "x", "--role", "agency_officer"]) == 1
    assert "phải gắn với một đơn vị" in capsys.readouterr().err


def test_a_database_without_tables_gets_a_hint_to_migrate(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    done = subprocess.run([sys.executable, "-m", "dtbd.cli", "users", "list"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "hãy chạy `dtbd migrate` trước" in done.stderr and "Traceback" not in done.stderr
