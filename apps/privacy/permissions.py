"""Who may read the access log. The one check, so the access layer can take it over."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apps.accounts.models import Role
from apps.accounts.roles import role_of


def can_read_access_log(user) -> bool:
    return role_of(user) == Role.HOME_AFFAIRS


def check_can_read_access_log(user) -> None:
    if not can_read_access_log(user):
        raise PermissionDenied("Chỉ Sở Nội vụ xem được nhật ký truy cập dữ liệu cá nhân.")
