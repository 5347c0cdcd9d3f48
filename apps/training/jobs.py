"""Background jobs of the training app: long classes and enrollments exports (apps/core/exports.py)."""

from __future__ import annotations

from apps.jobs.registry import JobError, JobOutput, job_kind


def _fmt(job) -> str:
    fmt = (job.params or {}).get("fmt", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise JobError(f"Định dạng “{fmt}” không được hỗ trợ (xlsx hoặc csv).")
    return fmt


@job_kind("training.classes_export", title="Xuất danh sách lớp")
def classes_export_job(job, progress) -> JobOutput:
    from apps.training.io.classes import classes_export

    year = (job.params or {}).get("year")
    export = classes_export(actor=job.created_by, fmt=_fmt(job), year=int(year) if year else None, progress=progress)
    return JobOutput(filename=export.filename, data=export.content, content_type=export.content_type)


@job_kind("training.enrollments_export", title="Xuất kết quả học tập")
def enrollments_export_job(job, progress) -> JobOutput:
    from apps.training.io.enrollments import enrollments_export

    export = enrollments_export(actor=job.created_by, fmt=_fmt(job),
                                class_code=str((job.params or {}).get("class_code", "")), progress=progress)
    return JobOutput(filename=export.filename, data=export.content, content_type=export.content_type)
