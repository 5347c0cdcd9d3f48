"""The pages read stored results: the first view waits for the job (polling), a view after a data
change shows the last stored figures with their time and a progress indicator, then fresh ones."""

from __future__ import annotations

import re

from apps.dashboard.tests.conftest import _trained
from apps.jobs.models import Job
from apps.jobs.testing import run_pending
from apps.results import services
from apps.training.models import Programme

URL = "/ke-hoach/KH-TEST/chi-tieu/"
POLL = URL + "_so-lieu/"


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr id="{row_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, row_id
    return match.group(1)


def _queued() -> int:
    return Job.objects.filter(kind=services.JOB_KIND, status=Job.Status.QUEUED).count()


def test_the_first_view_queues_one_job_and_polls_until_it_is_done(client_as, plan, population):
    client = client_as("so_noi_vu")
    html = client.get(URL + "?ngay=30/06/2025").content.decode()
    assert 'id="first-run"' in html and 'id="results-progress"' in html and 'hx-trigger="every 1s"' in html
    assert 'id="targets"' not in html
    assert _queued() == 1
    client.get(URL + "?ngay=30/06/2025")
    assert _queued() == 1  # a second view waits for the same job
    poll = client.get(POLL + "?ngay=30/06/2025&don_vi=")
    assert poll.status_code == 200 and "HX-Refresh" not in poll and "Đang tính lại số liệu" in poll.content.decode()
    run_pending()
    poll = client.get(POLL + "?ngay=30/06/2025&don_vi=")
    assert poll["HX-Refresh"] == "true"
    html = client.get(URL + "?ngay=30/06/2025").content.decode()
    assert "3/6" in _row(html, "target-PL") and "Số liệu tính lúc" in html and 'id="results-progress"' not in html


def test_after_a_change_the_last_figures_show_with_their_time_while_the_job_runs(client_as, plan, population):
    client = client_as("so_noi_vu")
    client.get(URL + "?ngay=30/06/2025")
    run_pending()
    _trained(population["cuong"], Programme.objects.get(code="LAW"), population["cuong"].joined_on.replace(year=2025))
    html = client.get(URL + "?ngay=30/06/2025").content.decode()
    assert "3/6" in _row(html, "target-PL")  # the stored figures, not recomputed in the request
    assert "Số liệu tính lúc" in html and "đã có thay đổi sau lúc này" in html and 'id="results-progress"' in html
    assert _queued() == 1
    run_pending()
    assert client.get(POLL + "?ngay=30/06/2025&don_vi=")["HX-Refresh"] == "true"
    html = client.get(URL + "?ngay=30/06/2025").content.decode()
    assert "4/6" in _row(html, "target-PL") and 'id="results-progress"' not in html


def test_the_drill_down_and_gap_list_wait_for_the_job_too(client_as, plan, population):
    client = client_as("so_noi_vu")
    html = client.get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert 'id="first-run"' in html and 'id="gaps-pending"' in html
    poll = client.get(POLL + "?ngay=30/06/2025&don_vi=&chi_tieu=PL")
    assert "HX-Refresh" not in poll
    run_pending()
    assert client.get(POLL + "?ngay=30/06/2025&don_vi=&chi_tieu=PL")["HX-Refresh"] == "true"
    html = client.get(URL + "PL/?ngay=30/06/2025").content.decode()
    assert "Lê Văn Cường" in html and "3/6" in html and 'id="results-progress"' not in html


def test_a_failed_job_is_said_and_the_poll_stops(client_as, plan, population, monkeypatch):
    from apps.targets import engine

    client = client_as("so_noi_vu")
    client.get(URL + "?ngay=30/06/2025")
    monkeypatch.setattr(engine, "evaluate_plan", lambda *a, **k: 1 / 0)
    run_pending()
    poll = client.get(POLL + "?ngay=30/06/2025&don_vi=").content.decode()
    assert "Không tính lại được số liệu" in poll and "hx-trigger" not in poll
    assert _queued() == 0
