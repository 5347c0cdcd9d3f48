"""The gap list names people: its page, its xlsx and ``dtbd gaps`` each leave one access entry
(Decree 13/2023) with the plan, target, date and unit asked for and how many people."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from apps.privacy.models import AccessEntry
from dtbd import cli

URL = "/ke-hoach/KH-TEST/chi-tieu/"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()


def test_the_gap_list_page_is_logged_with_its_filter_and_the_number_shown(client_as, personas, plan, population):
    assert client_as("so_noi_vu").get(URL + "PL/?ngay=30/06/2025&don_vi=SYT").status_code == 200
    e = AccessEntry.objects.get()
    assert (e.user, e.kind, e.what, e.count) == (personas["so_noi_vu"], "view", "Danh sách còn thiếu", 2)
    assert e.filters == {"ke_hoach": "KH-TEST", "chi_tieu": "PL", "ngay": "2025-06-30", "don_vi": "SYT", "trang": 1}


def test_the_gap_list_xlsx_is_logged_as_an_export(client_as, personas, plan, population):
    assert client_as("can_bo_so_y_te").get(URL + "PL/thieu.xlsx?ngay=30/06/2025").status_code == 200
    e = AccessEntry.objects.get()
    assert (e.user, e.kind, e.channel, e.count) == (personas["can_bo_so_y_te"], "export", "web", 2)  # Bình, Cường
    # the officer's list is their agency's: the unit is stated
    assert e.filters == {"ke_hoach": "KH-TEST", "chi_tieu": "PL", "ngay": "2025-06-30", "don_vi": "SYT"}


def test_dtbd_gaps_is_logged_with_the_cli_channel(personas, plan, population, tmp_path, capsys):
    out = tmp_path / "thieu.xlsx"
    assert cli.main(["--as", "so_noi_vu", "gaps", "--plan", "KH-TEST", "--target", "PL", "--at", "2025-06-30",
                     "--out", str(out)]) == 0
    e = AccessEntry.objects.get()
    assert (e.user, e.kind, e.channel, e.count) == (personas["so_noi_vu"], "export", "cli", 3)
    assert e.filters == {"ke_hoach": "KH-TEST", "chi_tieu": "PL", "ngay": "2025-06-30"}
