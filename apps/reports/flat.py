"""The flat copy of the counted lượt (``models.FlatLuot``) the annual statistics read when it is
fresh: one table, no join, one index range per period, instead of the lượt joined to the service
period of their start date, the person and the class.

- ``flat_rebuild()``: the whole copy again in ONE ``INSERT … SELECT`` generated from
  ``luot.counted()`` (the same rows and attributes the direct read takes), stamped with
  ``apps.results.versions.write_stamp()`` read before the copy (a write during the copy leaves it
  stale). About 420,000 rows for the 60,000-person province with ten years of records.
- ``flat_fresh()``: whether the copy was built from the current data (the stamp's few indexed
  look-ups). A stale copy is never read: ``fold`` reads the lượt directly meanwhile.
- ``flat_request(actor)``: queue the rebuild for the worker (job ``reports.flat``, quiet) unless one
  is waiting; pages ask for it when they found the copy stale.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from apps.reports.models import FlatLuot, FlatStamp

JOB_KIND = "reports.flat"
# FlatLuot column → the field of ``luot.counted()`` it copies
COLUMNS = (("enrollment_id", "id"), ("person_id", "person_id"), ("completed_on", "completed_on"),
           ("unit_id", "sp__unit_id"), ("category", "sp__category"), ("level", "sp__level"),
           ("position_id", "sp__position_id"), ("programme_id", "programme_id"), ("form_id", "form_id"),
           ("country", "country"), ("class_country", "training_class__country"), ("gender", "person__gender"),
           ("ethnicity_id", "person__ethnicity_id"))
SOURCE_TO_COLUMN = {source: column for column, source in COLUMNS}


def _stamp() -> str:
    from apps.results.versions import write_stamp

    return write_stamp()


def flat_rebuild() -> int:
    """Rebuild the copy; returns its rows. One transaction: readers see the old copy (stale, so
    unused) or the new one."""
    from apps.reports.luot import counted

    stamp = _stamp()
    sql, params = counted().order_by().values_list(*[s for _c, s in COLUMNS]).query.sql_with_params()
    table = FlatLuot._meta.db_table
    columns = ", ".join(connection.ops.quote_name(c) for c, _s in COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
        rows = FlatLuot.objects.count()
        FlatStamp.objects.update_or_create(pk=1, defaults={"stamp": stamp, "rows": rows})
    return rows


def flat_fresh() -> bool:
    built = FlatStamp.objects.filter(pk=1).values_list("stamp", flat=True).first()
    return built is not None and built == _stamp()


def flat_request(*, actor: Any):
    """Queue the rebuild for ``actor`` (the page's reader) unless one is waiting; None for an
    actor without an account (the CLI, SYSTEM)."""
    from apps.jobs.models import Job
    from apps.jobs.services import job_start

    if getattr(actor, "pk", None) is None:
        return None
    waiting = Job.objects.filter(kind=JOB_KIND, status=Job.Status.QUEUED).order_by("-pk").first()
    if waiting is not None:
        return waiting
    return job_start(actor=actor, kind=JOB_KIND, title="Cập nhật bản phẳng số liệu báo cáo")
