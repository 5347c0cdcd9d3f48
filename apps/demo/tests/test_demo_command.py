"""``dtbd demo`` on an empty database: builds, then ``--if-empty`` leaves it alone."""

from __future__ import annotations

import pytest

from apps.people.models import Person
from dtbd import cli

pytestmark = pytest.mark.slow



def test_demo_builds_an_empty_database_then_if_empty_leaves_it_alone(db, settings, capsys):
    settings.DEMO_MODE = True
    assert cli.main(["demo", "--persons", "60", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "Sắp xếp tổ chức từ 01/07/2025" in out and "hoc_vien" in out and "demo-dtbd" in out
    assert Person.objects.count() == 60
    assert cli.main(["demo", "--if-empty"]) == 0
    assert "không tạo dữ liệu mẫu" in capsys.readouterr().out
    assert Person.objects.count() == 60


def test_production_mode_is_refused_even_on_an_empty_database(db, settings, capsys):
    settings.MODE, settings.DEMO_MODE = "production", False
    assert cli.main(["demo", "--persons", "60"]) == 1
    assert "production" in capsys.readouterr().err
    assert not Person.objects.exists()


def test_reset_is_refused_outside_demo_mode(db, settings, capsys):
    settings.DEMO_MODE = False
    assert cli.main(["demo", "--persons", "60", "--reset"]) == 1
    assert "--reset" in capsys.readouterr().err
