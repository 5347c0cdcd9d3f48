"""Reads of the access log: the whole log for Sở Nội vụ (filtered), and a person's own view of who
looked at their record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.people.models import Person
from apps.privacy.models import AccessEntry


@dataclass
class LogFilter:
    username: str = ""
    person_code: str = ""
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_dict(self) -> dict[str, str]:
        values = {"nguoi_dung": self.username, "ma_can_bo": self.person_code, "loai": self.kind,
                  "tu_ngay": self.date_from.isoformat() if self.date_from else "",
                  "den_ngay": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in values.items() if v}


def access_entries(user, f: LogFilter) -> QuerySet[AccessEntry]:
    """The log as ``f`` filters it, newest first; PermissionDenied unless ``user`` may read it.
    Cost: one query per page (the (at) and (person, at) indexes serve the date and code filters)."""
    scope_of(user).require(Perm.VIEW_ACCESS_LOG)
    entries = AccessEntry.objects.select_related("user", "user__profile", "person")
    if f.username:
        entries = entries.filter(user__username=f.username)
    if f.person_code:
        entries = entries.filter(person_code=f.person_code)
    if f.kind:
        entries = entries.filter(kind=f.kind)
    if f.date_from:
        entries = entries.filter(at__date__gte=f.date_from)
    if f.date_to:
        entries = entries.filter(at__date__lte=f.date_to)
    return entries


def views_of_own_record(user, person: Person, limit: int = 100) -> list[AccessEntry] | None:
    """Who accessed ``person``'s record, for that person only (None for anyone else); the person's
    own looks left out. One query (the (person, at) index)."""
    if scope_of(user).person_id != person.pk:
        return None
    return list(AccessEntry.objects.filter(person=person).exclude(user=user)
                .select_related("user", "user__profile", "user__profile__unit")[:limit])
