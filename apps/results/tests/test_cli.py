"""dtbd results refresh / status."""

from __future__ import annotations

import json

from apps.dashboard.tests.conftest import _trained
from apps.training.models import Programme
from dtbd.cli import main


def test_refresh_then_status_says_fresh_then_stale_after_a_change(plan, population, capsys):
    assert main(["results", "refresh", "--plan", "KH-TEST"]) == 0
    assert "Kế hoạch KH-TEST: tính 5 kết quả" in capsys.readouterr().out  # the five year ends of 2021–2025
    assert main(["results", "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and all(r["fresh"] for r in rows)
    _trained(population["cuong"], Programme.objects.get(code="LAW"), population["cuong"].joined_on.replace(year=2025))
    assert main(["results", "status", "--json"]) == 0
    assert not any(r["fresh"] for r in json.loads(capsys.readouterr().out))
    assert main(["results", "refresh", "--plan", "KHONG-CO"]) == 1
    assert "Không có kế hoạch mã “KHONG-CO”" in capsys.readouterr().err
