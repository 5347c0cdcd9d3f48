"""Account writes: users with a role and a scope anchor."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.access import SYSTEM_USERNAME
from apps.accounts.models import Profile, Role
from apps.core.audit import audit_write
from apps.core.models import AuditEntry


def system_user():
    """The account CLI runs and jobs act as when no ``--as`` is given (Department rights)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "Hệ thống", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    Profile.objects.get_or_create(user=user, defaults={"role": Role.HOME_AFFAIRS})
    return User.objects.select_related("profile").get(pk=user.pk)


@transaction.atomic
def user_create(*, actor, username: str, password: str | None, role: str, full_name: str = "",
                unit=None, person=None):
    """Create a login with its role; an agency officer needs a unit, a learner a person."""
    if role not in Role.values:
        raise ValidationError({"role": f"Vai trò “{role}” không hợp lệ."})
    if role == Role.AGENCY_OFFICER and unit is None:
        raise ValidationError({"unit": "Cán bộ tổ chức phải gắn với một đơn vị."})
    if role == Role.LEARNER and person is None:
        raise ValidationError({"person": "Học viên phải gắn với một hồ sơ nhân sự."})
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"Tài khoản {username} đã tồn tại."})
    user = User(username=username, first_name=full_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Profile.objects.create(user=user, role=role, unit=unit, person=person)
    audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=user, target_type="user",
                changes={"role": [None, role], "unit": [None, str(unit) if unit else None]})
    return user
