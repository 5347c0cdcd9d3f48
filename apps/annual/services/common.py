"""Helpers shared by the annual services: the acting scope, agency checks, audit."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.access import Scope, scope_of
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write
from apps.core.models import AuditEntry

Action = AuditEntry.Action


def require(actor, perm: Perm) -> Scope:
    scope = scope_of(actor)
    scope.require(perm)
    return scope


def require_agency(actor, unit_id: int) -> Scope:
    """PLAN_ANNUAL over ``unit_id``: Sở Nội vụ anywhere, an officer only for their own agency."""
    scope = require(actor, Perm.PLAN_ANNUAL)
    if not scope.covers_unit(unit_id):
        raise PermissionDenied("Bạn chỉ lập kế hoạch năm cho cơ quan của mình.")
    return scope


def refuse(message: str) -> NoReturn:
    raise ValidationError(message)


def log(actor, action: str, target, note: str, changes: dict | None = None) -> None:
    audit_write(actor=actor, action=action, target=target, changes=changes or {}, note=note)
