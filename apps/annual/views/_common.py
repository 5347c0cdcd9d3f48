"""Shared by the annual cycle's pages: a write attempted with its message, the cycle's and an agency's URLs."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from apps.training.models import FundingSource

SOURCES = FundingSource.choices
CACHE_SECONDS = 600  # needs and the projection: recomputed when the cycle's data change, else every 10 minutes


def _attempt(request: HttpRequest, action: Callable, success: str) -> bool:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def _cycle_url(year: int) -> str:
    return reverse("annual:cycle", kwargs={"year": year})


def _agency_url(year: int, code: str) -> str:
    return reverse("annual:agency", kwargs={"year": year, "unit": code})
