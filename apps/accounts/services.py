"""Account writes: users with a role and a scope anchor."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from apps.accounts.access import SYSTEM_USERNAME, forget_scope, scope_of
from apps.accounts.models import Profile, Role
from apps.accounts.permissions import Perm
from apps.core.audit import audit_write, diff
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


OFFICER_MAY_GRANT = (Role.AGENCY_OFFICER, Role.LEARNER)


def check_can_manage_account(actor, *, role: str, unit=None, person=None) -> None:
    """May ``actor`` give ``role`` anchored at ``unit`` (officer) or ``person`` (learner)? Sở Nội vụ
    gives any role (an instructor's account too); an officer only officer or learner accounts inside
    their own units, never more than their own rights."""
    scope = scope_of(actor)
    scope.require(Perm.MANAGE_USERS)
    if scope.is_home_affairs:
        return
    if role not in OFFICER_MAY_GRANT:
        raise PermissionDenied("Cán bộ tổ chức chỉ cấp tài khoản cán bộ tổ chức hoặc học viên của đơn vị mình.")
    anchor = unit.pk if role == Role.AGENCY_OFFICER and unit is not None else getattr(person, "unit_id", None)
    if not scope.covers_unit(anchor):
        raise PermissionDenied("Đơn vị hoặc hồ sơ này nằm ngoài phạm vi quản lý của bạn.")


def accounts_visible_to(actor):
    """Accounts ``actor`` may manage: every one but the system's (Sở Nội vụ); an officer's: officer
    accounts of their units and learner accounts of their people; nobody's otherwise."""
    User = get_user_model()
    scope = scope_of(actor)
    users = User.objects.exclude(username=SYSTEM_USERNAME).select_related(
        "profile", "profile__unit", "profile__person", "profile__instructor__provider")
    if not scope.can(Perm.MANAGE_USERS):
        return users.none()
    if scope.is_home_affairs:
        return users
    units = scope.unit_ids or frozenset()
    return users.filter(Q(profile__role=Role.AGENCY_OFFICER, profile__unit_id__in=units)
                        | Q(profile__role=Role.LEARNER, profile__person__unit_id__in=units))


def _check_anchor(role: str, unit, person, instructor=None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"Vai trò “{role}” không hợp lệ."})
    if role == Role.AGENCY_OFFICER and unit is None:
        raise ValidationError({"unit": "Cán bộ tổ chức phải gắn với một đơn vị."})
    if role == Role.LEARNER and person is None:
        raise ValidationError({"person": "Học viên phải gắn với một hồ sơ nhân sự."})
    if role == Role.INSTRUCTOR and instructor is None:
        raise ValidationError({"instructor": "Tài khoản giảng viên phải gắn với một giảng viên trong danh mục."})


def _instructor_label(instructor) -> str | None:
    return f"{instructor.full_name} ({instructor.provider.name})" if instructor is not None else None


@transaction.atomic
def user_create(*, actor, username: str, password: str | None, role: str, full_name: str = "",
                unit=None, person=None, email: str = "", instructor=None):
    """Create a login with its role; an agency officer needs a unit, a learner a person, an
    instructor's account a ``training.Instructor``."""
    _check_anchor(role, unit, person, instructor)
    check_can_manage_account(actor, role=role, unit=unit, person=person)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists() or username.lower() == SYSTEM_USERNAME:
        raise ValidationError({"username": f"Tài khoản {username} đã tồn tại."})
    user = User(username=username, first_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    instructor = instructor if role == Role.INSTRUCTOR else None
    Profile.objects.create(user=user, role=role, unit=unit if role == Role.AGENCY_OFFICER else None,
                           person=person, instructor=instructor)
    changes = {"vai trò": [None, Role(role).label], "đơn vị": [None, str(unit) if unit else None],
               "hồ sơ": [None, str(person) if person else None]}
    if instructor is not None:
        changes["giảng viên"] = [None, _instructor_label(instructor)]
    audit_write(actor=actor, action=AuditEntry.Action.CREATE, target=user, target_type="user", changes=changes)
    return user


@transaction.atomic
def user_update(*, actor, user, role: str, full_name: str = "", email: str = "", unit=None, person=None,
                is_active: bool = True, instructor=None):
    """Change an account's name, role, anchor or state. Both the account as it was and as it
    becomes must be within the actor's reach; one cannot disable oneself."""
    profile = user.profile
    check_can_manage_account(actor, role=profile.role, unit=profile.unit, person=profile.person)
    _check_anchor(role, unit, person, instructor)
    check_can_manage_account(actor, role=role, unit=unit, person=person)
    if user.pk == getattr(actor, "pk", None) and (not is_active or role != profile.role):
        raise ValidationError("Không tự khóa hoặc tự đổi vai trò của chính mình.")
    before = {"vai trò": profile.get_role_display(), "đơn vị": str(profile.unit or "") or None,
              "hồ sơ": str(profile.person or "") or None, "giảng viên": _instructor_label(profile.instructor),
              "họ tên": user.first_name, "thư điện tử": user.email, "hoạt động": "có" if user.is_active else "không"}
    user.first_name, user.email, user.is_active = full_name, email, is_active
    user.save(update_fields=["first_name", "email", "is_active"])
    profile.role, profile.unit = role, unit if role == Role.AGENCY_OFFICER else None
    profile.person = person
    profile.instructor = instructor if role == Role.INSTRUCTOR else None
    profile.save(update_fields=["role", "unit", "person", "instructor"])
    after = {"vai trò": profile.get_role_display(), "đơn vị": str(profile.unit or "") or None,
             "hồ sơ": str(profile.person or "") or None, "giảng viên": _instructor_label(profile.instructor),
             "họ tên": user.first_name, "thư điện tử": user.email, "hoạt động": "có" if user.is_active else "không"}
    changes = diff(before, after)
    if changes:
        audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=user, target_type="user", changes=changes)
    forget_scope(user)
    return user


@transaction.atomic
def user_reset_password(*, actor, user, password: str | None = None) -> str:
    """Set a new password (generated when none is given) and return it, to be shown once."""
    profile = user.profile
    check_can_manage_account(actor, role=profile.role, unit=profile.unit, person=profile.person)
    password = password or secrets.token_urlsafe(9)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_write(actor=actor, action=AuditEntry.Action.UPDATE, target=user, target_type="user",
                note="Đặt lại mật khẩu")
    return password
