import time

from django.http import HttpRequest
from django.views.defaults import bad_request


def has_nul(request: HttpRequest) -> bool:
    """A NUL byte in the path or any query parameter: no code or filter contains one, and
    PostgreSQL refuses it in a string (a 500 otherwise)."""
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())


class RejectNulMiddleware:
    """Answers 400 (the Vietnamese 400 page) to a request with a NUL byte in its path or query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return bad_request(request, exception=None)
        return self.get_response(request)


class ServerTimingMiddleware:
    """Adds a ``Server-Timing: app;dur=…`` header so benchmarks and browsers see server time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response
