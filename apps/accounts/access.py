"""The access layer: who the actor is and what they reach, decided once.

``scope_of(actor)`` turns a signed-in user, the explicit ``SYSTEM`` actor (CLI without ``--as``,
jobs, the demo loader) or the built-in system account into a ``Scope``: the role, the units whose
people the actor reaches (``None`` = every unit), the agency an officer answers for after mergers
(``home_unit_id``), the learner's own person, the provider's provider and the instructor's
instructor. It is computed once per
request (``AccessMiddleware`` puts it on ``request.scope``) or per command (``dtbd --as``), and
bound to the user object for that request or command (``bind_scope``). Every selector, permission check, the dashboard, the CLI and the API read it.

There is no implicit "may do everything": ``scope_of(None)`` raises ``MissingActor``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from apps.accounts.models import Role
from apps.accounts.permissions import DENIED, SYSTEM_ROLE, Perm, role_has
from apps.accounts.system import SYSTEM, SYSTEM_USERNAME, MissingActor

__all__ = ["SYSTEM", "SYSTEM_USERNAME", "MissingActor", "Scope", "scope_of", "bind_scope", "requires"]

@dataclass(frozen=True)
class Scope:
    role: str | None
    user_id: int | None = None
    unit_ids: frozenset[int] | None = frozenset()  # None: every unit
    home_unit_id: int | None = None  # an officer's agency, its successor when merged away
    person_id: int | None = None  # a learner's own record
    provider_id: int | None = None  # a provider login's provider
    instructor_id: int | None = None  # an instructor login's instructor (training.Instructor)

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM_ROLE

    @property
    def sees_all(self) -> bool:
        """Reaches every unit (Sở Nội vụ, leaders, the system)."""
        return self.unit_ids is None

    @property
    def is_officer(self) -> bool:
        return self.role == Role.AGENCY_OFFICER

    @property
    def is_learner(self) -> bool:
        return self.role == Role.LEARNER

    @property
    def is_instructor(self) -> bool:
        return self.role == Role.INSTRUCTOR

    @property
    def is_provider(self) -> bool:
        return self.role == Role.PROVIDER

    @property
    def is_home_affairs(self) -> bool:
        """Department rights: Sở Nội vụ or the system."""
        return self.role in (Role.HOME_AFFAIRS, SYSTEM_ROLE)

    @property
    def role_label(self) -> str:
        if self.is_system:
            return "Hệ thống"
        return Role(self.role).label if self.role in Role.values else ""

    def can(self, perm: Perm) -> bool:
        return role_has(self.role, perm)

    def require(self, perm: Perm, message: str | None = None) -> None:
        if not self.can(perm):
            raise PermissionDenied(message or DENIED[perm])

    def covers_unit(self, unit_id: int | None) -> bool:
        """People of ``unit_id`` are within reach."""
        return self.unit_ids is None or (unit_id is not None and unit_id in self.unit_ids)

    @property
    def roots(self) -> set[int] | None:
        """Tops of the organisation tree the actor sees: None for everything, the home unit for an
        officer (after mergers), nothing for the others."""
        if self.unit_ids is None:
            return None
        return {self.home_unit_id} if self.home_unit_id else set()

    def unit_filter(self, field: str = "unit_id") -> dict[str, Any] | None:
        """``{field + '__in': ids}`` to restrict a queryset, or None when nothing is to restrict."""
        return None if self.unit_ids is None else {f"{field}__in": self.unit_ids}


SYSTEM_SCOPE = Scope(role=SYSTEM_ROLE, unit_ids=None)
NO_ACCESS = Scope(role=None)


def _build(user, day: dt.date) -> Scope:
    from apps.organization.selectors import subtree_ids, successor_chain

    if not getattr(user, "is_authenticated", False):
        return NO_ACCESS
    if getattr(user, "username", None) == SYSTEM_USERNAME:  # the CLI's built-in account
        return SYSTEM_SCOPE
    if not getattr(user, "is_active", True):
        return NO_ACCESS
    profile = getattr(user, "profile", None)
    if profile is None:
        return Scope(role=Role.HOME_AFFAIRS, user_id=user.pk, unit_ids=None) if user.is_superuser else NO_ACCESS
    role = profile.role
    if role in (Role.HOME_AFFAIRS, Role.LEADER):
        return Scope(role=role, user_id=user.pk, unit_ids=None)
    if role == Role.AGENCY_OFFICER:
        if not profile.unit_id:
            return Scope(role=role, user_id=user.pk)
        chain = successor_chain(profile.unit_id, day)
        units = frozenset(set(chain[:-1]) | subtree_ids(chain[-1], day))
        return Scope(role=role, user_id=user.pk, unit_ids=units, home_unit_id=chain[-1])
    if role == Role.LEARNER:
        return Scope(role=role, user_id=user.pk, person_id=profile.person_id)
    if role == Role.INSTRUCTOR:
        return Scope(role=role, user_id=user.pk, instructor_id=profile.instructor_id)
    if role == Role.PROVIDER:
        from apps.training.models import ProviderAccount

        provider_id = ProviderAccount.objects.filter(user=user).values_list("provider_id", flat=True).first()
        return Scope(role=role, user_id=user.pk, provider_id=provider_id)
    return NO_ACCESS


def scope_of(actor, day: dt.date | None = None) -> Scope:
    """The actor's scope on ``day`` (today by default): the one bound to this request or command
    (``bind_scope``) when there is one, else computed (one or two small queries)."""
    if actor is None:
        raise MissingActor("Thiếu người thực hiện (actor): dùng SYSTEM cho tác vụ hệ thống.")
    if isinstance(actor, Scope):
        return actor
    if actor is SYSTEM:
        return SYSTEM_SCOPE
    bound = getattr(actor, "_dtbd_scope", None)
    if bound is not None and (day is None or day == bound[0]):
        return bound[1]
    return _build(actor, day or timezone.localdate())


def bind_scope(actor) -> Scope:
    """Compute the actor's scope once for the rest of a request or a command and keep it on the
    user object, so every selector and check of that request reads the same scope."""
    scope = scope_of(actor)
    if actor is not SYSTEM and not isinstance(actor, Scope):
        with contextlib.suppress(AttributeError):  # an object without a __dict__
            actor._dtbd_scope = (timezone.localdate(), scope)
    return scope


def forget_scope(actor) -> None:
    """Drop a bound scope (after a role or unit change of that user in the same request)."""
    if getattr(actor, "_dtbd_scope", None) is not None:
        del actor._dtbd_scope


class AccessMiddleware:
    """Puts ``request.scope`` (computed on first use, then bound to ``request.user``)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: bind_scope(request.user))
        return self.get_response(request)


def requires(perm: Perm, message: str | None = None) -> Callable:
    """View decorator: 403 (with the permission's Vietnamese reason) unless the user holds ``perm``."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request.scope.require(perm, message)
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm  # type: ignore[attr-defined]
        return wrapped

    return decorate
