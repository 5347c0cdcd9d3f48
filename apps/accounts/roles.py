"""Role questions asked across apps. A user without a profile can do nothing."""

from __future__ import annotations

from apps.accounts.models import Role


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)
    if profile is None:
        return Role.HOME_AFFAIRS if user.is_superuser else None
    return profile.role


def sees_all(user) -> bool:
    return role_of(user) in (Role.HOME_AFFAIRS, Role.LEADER)


def can_edit_people(user) -> bool:
    return role_of(user) in (Role.HOME_AFFAIRS, Role.AGENCY_OFFICER)


def can_restructure(user) -> bool:
    return role_of(user) == Role.HOME_AFFAIRS
