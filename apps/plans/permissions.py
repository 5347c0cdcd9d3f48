"""Who may do what with plans: every signed-in user reads them; only Sở Nội vụ (and the system
account, ``actor=None``) loads or changes them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apps.accounts.models import Role
from apps.accounts.roles import role_of


def can_load_plans(user) -> bool:
    return user is None or role_of(user) == Role.HOME_AFFAIRS


def check_can_load_plans(user) -> None:
    if not can_load_plans(user):
        raise PermissionDenied("Chỉ Sở Nội vụ được tải lên, cập nhật kế hoạch.")
