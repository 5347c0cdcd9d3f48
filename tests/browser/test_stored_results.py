"""Stored results in a real browser: the first view waits for the job and shows the figures when it
is done; after a data change the last figures show with "Số liệu tính lúc …" and a progress
indicator, then the fresh figures replace them by themselves (htmx polling)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.dashboard.tests.conftest import _trained, plan, population  # noqa: F401 (fixtures)
from apps.jobs.testing import run_pending
from apps.training.models import Programme

pytestmark = pytest.mark.browser
SHOTS = Path("/work/notes/shots/stored")


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_the_dashboard_shows_when_figures_were_computed_and_refreshes_after_a_change(
        page, live_server, personas, login, plan, population):  # noqa: F811
    login(page, live_server, "so_noi_vu")
    url = f"{live_server.url}/ke-hoach/KH-TEST/chi-tieu/?ngay=30/06/2025"
    page.goto(url)
    expect(page.locator("#first-run")).to_be_visible()
    expect(page.locator("#results-progress")).to_contain_text("Đang tính lại số liệu")
    _shoot(page, "dashboard-first-run")
    run_pending()  # the worker's turn
    expect(page.locator("#target-PL")).to_contain_text("3/6", timeout=10_000)  # polled, then reloaded
    expect(page.locator("#computed-at")).to_contain_text("Số liệu tính lúc")
    expect(page.locator("#results-progress")).to_have_count(0)
    _shoot(page, "dashboard-fresh")

    _trained(population["cuong"], Programme.objects.get(code="LAW"), population["cuong"].joined_on.replace(year=2025))
    page.goto(url)
    expect(page.locator("#target-PL")).to_contain_text("3/6")  # the last stored figures meanwhile
    expect(page.locator("#computed-at")).to_contain_text("đã có thay đổi sau lúc này")
    expect(page.locator("#results-progress progress")).to_be_visible()
    _shoot(page, "dashboard-recomputing")
    run_pending()
    expect(page.locator("#target-PL")).to_contain_text("4/6", timeout=10_000)
    expect(page.locator("#results-progress")).to_have_count(0)
    expect(page.locator("#computed-at")).not_to_contain_text("đã có thay đổi")
