"""The personal-data access log (Decree 13/2023/NĐ-CP). ``access_log_write`` is the one place
entries are written, from the web pages, the API and the CLI alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest

from apps.people.models import Person
from apps.people.selectors import person_for
from apps.privacy.models import AccessEntry

Kind = AccessEntry.Kind
Channel = AccessEntry.Channel


def _channel_of(request: HttpRequest | None) -> str:
    if request is None:
        return Channel.CLI
    return Channel.API if request.path.startswith("/api/") else Channel.WEB


def _ip_of(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR: behind a reverse proxy the server must be told the client address (issue 9, 2).
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def _clean(filters: dict[str, Any] | None) -> dict[str, Any]:
    """The filter as stored: empty values dropped, dates and objects as text."""
    return {k: v if isinstance(v, int | str) else str(v) for k, v in (filters or {}).items()
            if v not in (None, "")}


def access_log_write(*, actor, kind: str, what: str, request: HttpRequest | None = None,
                     person: Person | None = None, person_code: str = "",
                     people: Iterable[Person] | None = None, filters: dict[str, Any] | None = None,
                     count: int | None = None) -> None:
    """Record one access: about ``person`` (or the code asked for, when denied), about each of
    ``people`` (one entry each, for pages that show a few named records), or about a list chosen by
    ``filters`` holding ``count`` people. The channel and the IP come from ``request`` (None: the
    CLI). Cost: one INSERT (bulk for ``people``); nothing for an anonymous or missing actor."""
    user = actor if getattr(actor, "pk", None) else None
    if user is None and request is not None:
        return  # an anonymous request never reaches personal data
    base = {"user": user, "kind": kind, "what": what[:120], "channel": _channel_of(request),
            "ip": _ip_of(request), "filters": _clean(filters)}
    if people is not None:
        entries = [AccessEntry(person=p, person_code=p.code, count=1, **base) for p in people]
    else:
        code = person.code if person is not None else person_code
        entries = [AccessEntry(person=person, person_code=code[:64],
                               count=count if count is not None else int(bool(person or code)), **base)]
    AccessEntry.objects.bulk_create(entries, batch_size=500)


def person_read(request: HttpRequest, code: str, *, what: str, kind: str = Kind.VIEW) -> Person:
    """The person ``code`` as ``request.user`` may read it (``people.selectors.person_for``), the
    access logged; a 404 (outside the scope or missing, alike to the user) is logged as denied with
    the code asked for. Cost: the read, one INSERT, one more query on a 404 to name the record."""
    try:
        person = person_for(request.user, code)
    except Http404:
        asked = Person.objects.filter(code=code).first()
        access_log_write(actor=request.user, kind=Kind.DENIED, what=what, request=request,
                         person=asked, person_code=code, count=0)
        raise
    access_log_write(actor=request.user, kind=kind, what=what, request=request, person=person)
    return person
