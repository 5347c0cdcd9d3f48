"""An officer whose agency was merged away: the web list, the unit tree, the dashboard and
``dtbd --as … targets`` all read one scope, so they give the same people — the successor's.

Sở Y tế is merged into Sở Giáo dục và Đào tạo 90 days ago; its officer now answers for the
merged department (Sở Y tế's people, now serving in Sở GD&ĐT, and Sở GD&ĐT's own)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.accounts.access import SYSTEM, scope_of
from apps.organization.services import unit_merge
from apps.people.models import Person
from dtbd.cli import main

URL = "/ke-hoach/KH-TEST/chi-tieu/"


@pytest.fixture
def merged(province, personas, plan, population):
    cache.clear()
    on = timezone.localdate() - dt.timedelta(days=90)
    unit_merge(actor=SYSTEM, sources=[province["SYT"]], target=province["SGD"], on=on, decision="Thử nghiệm")
    return on


def _codes(html: str) -> set[str]:
    return set(re.findall(r'href="/nhan-su/([^/"?]+)/"', html)) - {"them", "nhap"}  # minus the actions


def _cli_json(capsys, *argv) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _figures(result: dict) -> dict:
    return {t["code"]: (t["numerator"], t["denominator"]) for t in result["targets"]}


def test_the_scope_follows_the_merger(merged, province, personas):
    scope = scope_of(personas["can_bo_so_y_te"])
    assert scope.home_unit_id == province["SGD"].pk and scope.roots == {province["SGD"].pk}
    assert {province["SYT"].pk, province["SGD"].pk, province["BVDK"].pk, province["THPT1"].pk} <= scope.unit_ids
    assert province["H01"].pk not in scope.unit_ids


def test_web_list_and_unit_tree_show_the_successors_people_and_units(merged, client_as, province):
    client = client_as("can_bo_so_y_te")
    html = client.get("/nhan-su/?trang_thai=").content.decode()
    expected = set(Person.objects.filter(unit__code__in=["SYT", "SGD", "BVDK", "THPT1"]).values_list("code", flat=True))
    assert expected and _codes(html) == expected
    tree = client.get("/don-vi/").content.decode()
    assert "Sở Giáo dục và Đào tạo" in tree and "Bệnh viện Đa khoa tỉnh" in tree and "Trường THPT Lê Lợi" in tree
    assert "UBND huyện Mỹ Tú" not in tree


def test_cli_targets_as_the_officer_equal_the_successor_unit(merged, capsys):
    at = (merged + dt.timedelta(days=30)).isoformat()
    mine = _cli_json(capsys, "--as", "can_bo_so_y_te", "targets", "--plan", "KH-TEST", "--at", at, "--json")
    successor = _cli_json(capsys, "targets", "--plan", "KH-TEST", "--at", at, "--unit", "SGD", "--json")
    assert _figures(mine) == _figures(successor)
    # the merged department holds An, Bình, Cường (ex Sở Y tế), Dũng, Em and the learner Bích
    percents = [den for _, den in _figures(mine).values() if den is not None]
    assert percents and all(den > 0 for den in percents)


def test_dashboard_as_the_officer_equals_the_successor_unit(merged, client_as, capsys):
    day = (merged + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    officer = client_as("can_bo_so_y_te").get(URL + f"?ngay={day}").content.decode()
    department = client_as("so_noi_vu").get(URL + f"?ngay={day}&don_vi=SGD").content.decode()
    pattern = r'<tr id="(target-[^"]+)"[^>]*>.*?<td class="num">\s*([^<]*?)\s*</td>'

    def cells(html):
        return {row: re.sub(r"\s+", " ", html.split(f'<tr id="{row}"', 1)[1].split("</tr>", 1)[0])
                for row, _ in re.findall(pattern, html, re.S)}

    mine, theirs = cells(officer), cells(department)
    assert mine and set(mine) == set(theirs)
    for row, html in mine.items():
        first = re.search(r"(\d+)/(\d+)", html)
        assert first and first.group(0) in theirs[row], row
