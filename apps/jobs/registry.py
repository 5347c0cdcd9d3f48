"""Kinds of background job. An app registers its own in ``yourapp/jobs.py`` (found at start-up)::

    from apps.jobs.registry import JobOutput, job_kind

    @job_kind("reports.annual", title="Thống kê năm")
    def build(job, progress):
        scope = job.scope()                  # what the requester may see
        progress(0, 3)                       # done, total: the page's progress bar
        ...
        return JobOutput(filename="thong-ke-2026.xlsx", data=b"...", content_type=XLSX)

A job reads what it needs from ``job.params`` (plain JSON) and must not trust it: it scopes by
``job.scope()``. Raising ``JobError("…")`` ends the job with that Vietnamese message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class JobError(Exception):
    """A failure to show the requester as it is (Vietnamese)."""


@dataclass(frozen=True)
class JobOutput:
    filename: str
    data: bytes | None = None
    path: str | Path | None = None  # or a file written elsewhere (moved into storage)
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class JobKind:
    kind: str
    title: str
    run: Callable[[Any, Callable[[int, int], None]], JobOutput]
    quiet: bool = False  # no notification when done (upkeep jobs a page waits for, apps/results)


_KINDS: dict[str, JobKind] = {}


def job_kind(kind: str, *, title: str,
             quiet: bool = False) -> Callable[[Callable[..., JobOutput]], Callable[..., JobOutput]]:
    def register(fn: Callable[..., JobOutput]) -> Callable[..., JobOutput]:
        _KINDS[kind] = JobKind(kind, title, fn, quiet)
        return fn
    return register


def kind_of(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise JobError(f"Không có loại việc «{kind}».") from None


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
