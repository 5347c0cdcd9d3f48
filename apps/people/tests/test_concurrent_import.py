"""Two imports of one file at once: the loser is never a traceback or a 500. A collision
(IntegrityError, a locked database, a serialization failure) is retried once against the new
state of the database; a second collision is the Vietnamese message, with nothing written."""

from __future__ import annotations

import io
import threading
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError, connection, connections

from apps.core.tabular import CONCURRENT_IMPORT
from apps.people.io import importing
from apps.people.models import Person
from apps.people.tests.test_import_export import counts, person_row, xlsx
from dtbd import cli

FILE = [person_row(1), person_row(2)]


def always(exc):
    return mock.patch.object(importing, "_write", side_effect=exc("duplicate key value violates unique constraint"))


@pytest.mark.parametrize("exc", [IntegrityError, OperationalError])
def test_a_collision_twice_is_a_message_and_writes_nothing(personas, exc):
    before = counts()
    with always(exc) as write, pytest.raises(importing.ImportFailed) as info:
        importing.people_import(actor=personas["so_noi_vu"], source=xlsx(FILE), filename="ds.xlsx")
    assert info.value.errors == [CONCURRENT_IMPORT] and write.call_count == 2
    assert counts() == before


def test_a_collision_once_is_retried_and_succeeds(personas):
    real, calls = importing._write, []

    def once_then_real(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key")
        return real(*args, **kwargs)

    with mock.patch.object(importing, "_write", side_effect=once_then_real):
        result = importing.people_import(actor=personas["so_noi_vu"], source=xlsx(FILE), filename="ds.xlsx")
    assert result.created == 2 and len(calls) == 2
    assert Person.objects.filter(code__in=["NK00001", "NK00002"]).count() == 2


def test_the_web_answers_the_message_not_a_500(client_as):
    upload = io.BytesIO(xlsx(FILE))
    upload.name = "ds.xlsx"
    before = counts()
    with always(IntegrityError):
        response = client_as("can_bo_so_y_te").post("/nhan-su/nhap/", {"file": upload})
    assert response.status_code == 422
    assert CONCURRENT_IMPORT in response.content.decode()
    assert counts() == before


def test_the_cli_exits_1_with_the_message(personas, tmp_path, capsys):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(xlsx(FILE))
    with always(OperationalError):
        assert cli.main(["--as", "so_noi_vu", "import", "people", str(path)]) == 1
    assert CONCURRENT_IMPORT in capsys.readouterr().err


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the migration data back for later tests
def test_two_real_simultaneous_imports_of_one_file_both_end_cleanly(personas):
    """Both threads check the registry (nobody there), meet at a barrier, then insert: PostgreSQL
    makes the second wait for the first and refuse its duplicate codes; the retry finds the people
    written by the winner and reports them unchanged."""
    content, barrier = xlsx(FILE), threading.Barrier(2, timeout=30)
    real, outcomes = importing._write, {}
    first_attempts = set()

    def meet_then_write(*args, **kwargs):
        me = threading.get_ident()
        if me not in first_attempts:
            first_attempts.add(me)
            barrier.wait()
        return real(*args, **kwargs)

    def run(name):
        try:
            outcomes[name] = importing.people_import(actor=personas["so_noi_vu"], source=content, filename="ds.xlsx")
        except Exception as exc:  # noqa: BLE001 - the test reports what each thread met
            outcomes[name] = exc
        finally:
            connections.close_all()

    with mock.patch.object(importing, "_write", side_effect=meet_then_write):
        threads = [threading.Thread(target=run, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    results = sorted(f"{r.created} new, {r.unchanged} unchanged" if isinstance(r, importing.ImportResult)
                     else f"{type(r).__name__}: {r}" for r in outcomes.values())
    assert results in (["0 new, 2 unchanged", "2 new, 0 unchanged"],
                       ["2 new, 0 unchanged", f"ImportFailed: {CONCURRENT_IMPORT}"]), results
    assert Person.objects.filter(code__in=["NK00001", "NK00002"]).count() == 2
