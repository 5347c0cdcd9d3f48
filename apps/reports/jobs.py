"""Reports made in the background (apps.jobs): the annual statistics as xlsx, docx or pdf."""

from __future__ import annotations

from apps.jobs.registry import JobError, JobOutput, job_kind


@job_kind("reports.annual", title="Thống kê đào tạo, bồi dưỡng")
def annual_file(job, progress) -> JobOutput:
    from django.utils import timezone

    from apps.reports import contract
    from apps.reports.annual import annual_stats
    from apps.reports.annual_report import annual_report
    from apps.reports.selection import SelectionError, select

    p = job.params
    progress(0, 3)
    try:
        sel = select(job.scope(), year=p.get("year") or None, start=p.get("from") or None, end=p.get("to") or None,
                     unit=p.get("unit") or None)
    except SelectionError as exc:
        raise JobError(str(exc)) from None
    stats = annual_stats(sel)
    progress(1, 3)
    report = annual_report(stats, made_on=timezone.localdate())
    progress(2, 3)
    name, content_type, data = contract.render(report, p.get("fmt", "xlsx"))
    return JobOutput(filename=name, data=data, content_type=content_type)
