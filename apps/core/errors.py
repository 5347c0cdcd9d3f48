"""Error views that reveal nothing and need nothing.

``server_error`` renders ``templates/500.html`` without the request: no context processors run, so
it neither reads the session nor touches the database, which may be what just failed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    return HttpResponseServerError(loader.render_to_string("500.html"))
