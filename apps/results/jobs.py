"""The ``results.refresh`` job: recompute a plan's missing or stale stored results (``dtbd worker``)."""

from __future__ import annotations

import json

from apps.jobs.registry import JobError, JobOutput, job_kind
from apps.plans.models import Plan
from apps.results.services import JOB_KIND, plan_refresh


@job_kind(JOB_KIND, title="Tính lại số liệu chỉ tiêu", quiet=True)
def refresh(job, progress) -> JobOutput:
    plan = Plan.objects.filter(code=job.params.get("plan", "")).first()
    if plan is None:
        raise JobError("Không tìm thấy kế hoạch.")
    count = plan_refresh(plan, progress)
    summary = {"plan": plan.code, "computed": count}
    return JobOutput(filename=f"so-lieu-{plan.code}.json", data=json.dumps(summary).encode(),
                     content_type="application/json")
