"""Small request helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpRequest


def posted(request: HttpRequest):
    """The form data of a POST, even an empty one (``request.POST or None`` would treat an empty
    POST as a GET and show a blank form instead of the "required" messages); None otherwise."""
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def year_param(request: HttpRequest, name: str = "nam") -> int | None:
    """``?nam=YYYY`` as a year between 1900 and 2200, or None for a missing or absurd value
    (``?nam=99999999999999999999`` would overflow the database's date functions)."""
    text = request.GET.get(name, "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None
    year = int(text)
    return year if 1900 <= year <= 2200 else None
