"""Reports made in the background (apps.jobs): the annual statistics, an official form and a plan
review, each as xlsx, docx or pdf. The page posts the request, the requester follows the job's
progress bar and gets a notification with the download. Every kind re-reads its selection with
the requester's scope (``job.scope()``): the params are not trusted."""

from __future__ import annotations

from apps.jobs.registry import JobError, JobOutput, job_kind

FORMATS = ("xlsx", "docx", "pdf")


def _format(params: dict) -> str:
    fmt = params.get("fmt", "xlsx")
    if fmt not in FORMATS:
        raise JobError(f"Định dạng “{fmt}” không hỗ trợ (xlsx, docx, pdf).")
    return fmt


def _selection(job):
    from apps.reports.selection import SelectionError, select

    p = job.params
    try:
        return select(job.scope(), year=p.get("year") or None, start=p.get("from") or None, end=p.get("to") or None,
                      unit=p.get("unit") or None)
    except SelectionError as exc:
        raise JobError(str(exc)) from None


def _output(report, fmt: str) -> JobOutput:
    from apps.reports import contract

    name, content_type, data = contract.render(report, fmt)
    return JobOutput(filename=name, data=data, content_type=content_type)


@job_kind("reports.annual", title="Thống kê đào tạo, bồi dưỡng")
def annual_file(job, progress) -> JobOutput:
    from django.utils import timezone

    from apps.reports.annual import annual_stats
    from apps.reports.annual_report import annual_report

    fmt = _format(job.params)
    progress(0, 3)
    stats = annual_stats(_selection(job))
    progress(1, 3)
    report = annual_report(stats, made_on=timezone.localdate())
    progress(2, 3)
    return _output(report, fmt)


@job_kind("reports.form", title="Biểu mẫu báo cáo")
def form_file(job, progress) -> JobOutput:
    """params: ``code`` of the form, the selection (year or from/to, unit), ``fmt``."""
    from apps.reports.forms_spec import FormError, fill, form_by_code

    fmt = _format(job.params)
    progress(0, 3)
    try:
        spec = form_by_code(str(job.params.get("code", "")))
        sel = _selection(job)
        progress(1, 3)
        report = fill(spec, sel)
    except FormError as exc:
        raise JobError(str(exc)) from None
    progress(2, 3)
    return _output(report, fmt)


@job_kind("reports.review", title="Báo cáo sơ kết, tổng kết kế hoạch")
def review_file(job, progress) -> JobOutput:
    """params: ``plan``, ``at``, ``unit``, ``fmt`` and the four narrative ``texts`` as edited."""
    from django.utils import timezone

    from apps.reports.review import ReviewError, plan_review, review_report
    from apps.reports.selection import SelectionError

    p = job.params
    fmt = _format(p)
    progress(0, 3)
    try:
        review = plan_review(job.scope(), plan_code=str(p.get("plan", "")), at=str(p.get("at", "")),
                             unit=p.get("unit") or None)
    except (ReviewError, SelectionError) as exc:
        raise JobError(str(exc)) from None
    progress(1, 3)
    texts = p.get("texts") if isinstance(p.get("texts"), dict) else {}
    report = review_report(review, {k: str(v) for k, v in texts.items()}, made_on=timezone.localdate())
    progress(2, 3)
    return _output(report, fmt)


@job_kind("reports.flat", title="Cập nhật bản phẳng số liệu báo cáo", quiet=True)
def flat_copy(job, progress) -> JobOutput:
    """The flat copy of the counted lượt rebuilt (apps.reports.flat), no file for anyone."""
    from apps.reports.flat import flat_rebuild

    rows = flat_rebuild()
    return JobOutput(filename="ban-phang.txt", data=f"{rows}\n".encode(), content_type="text/plain")
