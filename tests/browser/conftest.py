"""Browser fixtures: Debian chromium driven by Playwright's sync API against pytest-django's
``live_server``.

- ``browser`` (session): one chromium for the whole run. A missing binary FAILS the tests with a
  clear message (CI installs chromium; a silent skip would hide that the UI was never exercised).
- ``page``: a fresh context per test (own cookies), Vietnamese locale and the province's time zone.
- ``login``: ``login(page, live_server, "can_bo_so_y_te")`` signs in through the real form.

Every test in this directory runs on a transactional database (the live server thread needs
committed data) with serialized rollback, so the reference data loaded by migrations (ethnic
groups, ranks, qualification levels) is back for the next test after the flush.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("DTBD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything collected under tests/browser/ is a browser test."""
    here = os.path.dirname(__file__) + os.sep
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _browser_db(transactional_db, django_db_serialized_rollback) -> None:
    """Committed data for the live server thread; migration data restored after each flush."""


def _carry_serialized_contents(before: dict) -> None:
    """Once Playwright's sync API is running, this thread's code sees another contextvars context,
    so Django's connection handler (an asgiref Local) hands out fresh connection objects to the
    same test database. Give them the migration data serialized at setup, which serialized
    rollback reloads after each flush."""
    from django.db import connections

    for alias, contents in before.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Không tìm thấy chromium tại {CHROMIUM}: browser tests need Debian's chromium "
            "(apt-get install chromium, or `make test` as root; DTBD_CHROMIUM overrides the path).",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {c.alias: c._test_serialized_contents for c in connections.all()
                  if hasattr(c, "_test_serialized_contents")}
    _count_requests()
    with sync_playwright() as playwright:
        _carry_serialized_contents(serialized)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()  # the fresh ones, or PostgreSQL cannot drop the test database


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    # Before the database is flushed for the next test, the page must ask nothing more (a polling
    # htmx part would, every second) and the live server must have finished every request it is
    # answering: one still running would write into the next test's data. Leaving for a blank
    # page stops the page's timers; the server's own count says when its threads are idle (a
    # request the browser gave up on is still answered).
    page.goto("about:blank")
    deadline = time.monotonic() + 10
    while _answering[0] and time.monotonic() < deadline:
        time.sleep(0.02)
    context.close()


class _OneAtATimeOnASharedConnection(ThreadedWSGIServer):
    """The live server, answering one request at a time when its threads share the test thread's
    connection (SQLite's in-memory test database): two requests at once on one sqlite3 connection
    interleave their savepoints ("no such savepoint"), as a page's htmx parts asked together did.
    The whole response is produced under the lock; connections stay concurrent (keep-alive)."""

    _lock = threading.Lock()

    def get_app(self):
        app = super().get_app()
        if not self.connections_override:
            return app

        def one_at_a_time(environ, start_response):
            with self._lock:
                result = app(environ, start_response)
                try:
                    body = list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()
            return body

        return one_at_a_time


LiveServerThread.server_class = _OneAtATimeOnASharedConnection

_answering = [0]  # requests the live server threads are answering now (Django's request signals)
_answering_lock = threading.Lock()


def _started(**_kwargs) -> None:
    if threading.current_thread() is not threading.main_thread():  # the live server's, not a test client's
        with _answering_lock:
            _answering[0] += 1


def _finished(**_kwargs) -> None:
    if threading.current_thread() is not threading.main_thread():
        with _answering_lock:
            _answering[0] -= 1


def _count_requests() -> None:
    from django.core.signals import request_finished, request_started

    request_started.connect(_started, dispatch_uid="browser-tests-started")
    request_finished.connect(_finished, dispatch_uid="browser-tests-finished")


def log_in(page, live_server, username: str, password: str | None = None) -> None:
    """Sign in through the real form at /dang-nhap/ and wait to land on the people list (a learner:
    on their own page, /cua-toi/)."""
    from conftest import PASSWORD

    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    import re

    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/(nhan-su|cua-toi)/"))


@pytest.fixture
def login() -> Callable[..., None]:
    """``login(page, live_server, username)``: sign in as one of the personas (see conftest)."""
    return log_in


def shot(page, name: str) -> None:
    """With ``DTBD_SHOTS=DIR``: save the page at 1366 and 390 px wide (full page), then give the page
    back its viewport. Without it: nothing."""
    folder = os.environ.get("DTBD_SHOTS", "")
    if not folder:
        return
    viewport = page.viewport_size
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": viewport["height"]})
        page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(viewport)
