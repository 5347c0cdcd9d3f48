"""Background jobs of the people app: the people export of a long list (apps/core/exports.py)."""

from __future__ import annotations

from apps.core.tabular import XLSX
from apps.jobs.registry import JobError, JobOutput, job_kind


@job_kind("people.export", title="Xuất danh sách nhân sự")
def people_export_job(job, progress) -> JobOutput:
    """``params``: fmt and the list's filters (q, don_vi, doi_tuong, trang_thai), re-read and scoped
    by the requester as the list page does."""
    from apps.organization.selectors import units_visible_to
    from apps.people import selectors
    from apps.people.io.exporting import people_export
    from apps.people.models import Status

    params = job.params or {}
    fmt = params.get("fmt", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise JobError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    user = job.created_by
    unit = units_visible_to(user).current().filter(code=params.get("don_vi") or "").first()
    people = selectors.people_list(user, query=params.get("q", ""), unit_id=unit.pk if unit else None,
                                   category=params.get("doi_tuong", ""),
                                   status=params.get("trang_thai", Status.WORKING))
    filters = {k: params.get(k, "") for k in ("q", "don_vi", "doi_tuong", "trang_thai")}
    export = people_export(actor=user, fmt=fmt, people=people, filters=filters, progress=progress)
    return JobOutput(filename=export.filename, data=export.content,
                     content_type=XLSX if fmt == "xlsx" else export.content_type)
