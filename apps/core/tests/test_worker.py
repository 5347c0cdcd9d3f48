"""Background tasks: queued as rows of the database, run by ``dtbd worker``."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.core.tasks import housekeeping, housekeeping_schedule
from dtbd.cli import main

pytestmark = pytest.mark.django_db


def _session(expires_in: dt.timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_the_configured_backend_is_the_database_one():
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker closes connections
def test_a_queued_task_waits_in_the_database_until_a_worker_runs_it():
    expired, alive = _session(-dt.timedelta(hours=1)), _session(dt.timedelta(days=1))
    result = housekeeping.enqueue()
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
    assert Session.objects.filter(session_key=expired).exists()  # nothing ran yet

    assert main(["worker", "--batch"]) == 0

    done = DBTaskResult.objects.get(id=result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL, done.traceback
    assert done.return_value == {"sessions_deleted": 1}
    assert not Session.objects.filter(session_key=expired).exists()
    assert Session.objects.filter(session_key=alive).exists()


def test_housekeeping_queues_its_next_run_a_day_later_and_only_once():
    housekeeping.call()
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=housekeeping.module_path)
    assert waiting.count() == 1
    delay = waiting.get().run_after - timezone.now()
    assert dt.timedelta(hours=23) < delay <= dt.timedelta(days=1)
    assert housekeeping_schedule() is False  # one is already waiting
    assert waiting.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker closes connections
def test_a_worker_starting_queues_housekeeping_when_none_waits():
    assert main(["worker", "--batch"]) == 0
    runs = DBTaskResult.objects.filter(task_path=housekeeping.module_path)
    # the one queued at start ran, and queued the next for tomorrow
    assert sorted(runs.values_list("status", flat=True)) == [TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL]


def _ran_a_task(path) -> bool:
    import sqlite3

    try:
        with sqlite3.connect(path, timeout=1) as db:
            return db.execute(f"SELECT COUNT(*) FROM {DBTaskResult._meta.db_table} WHERE status = 'SUCCESSFUL'"
                              ).fetchone()[0] > 0
    except sqlite3.Error:
        return False


@pytest.mark.slow
def test_worker_process_stops_cleanly_on_sigterm(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/w.sqlite3", "DTBD_MODE": "development"}
    env.pop("REDIS_URL", None)
    dtbd = [sys.executable, "-m", "dtbd.cli"]
    subprocess.run([*dtbd, "migrate"], env=env, check=True, timeout=300)
    worker = subprocess.Popen([*dtbd, "worker", "--interval", "0.2"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        # ready once it has run the reminder job it queues at start (its signal handlers are set by
        # then); a fixed sleep raced a slow start on a loaded machine
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None and not _ran_a_task(tmp_path / "w.sqlite3"):
            time.sleep(0.2)
        assert worker.poll() is None  # waiting for work
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "shutting down gracefully" in output
