"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest


def posted(request: HttpRequest):
    """The form data of a POST, even an empty one (``request.POST or None`` would treat an empty
    POST as a GET and show a blank form instead of the "required" messages); None otherwise."""
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest):
    return request.FILES if request.method == "POST" else None
