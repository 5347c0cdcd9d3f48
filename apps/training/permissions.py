"""Who may do what with training records, read from the actor's scope
(``apps.accounts.access``). Each ``check_*`` raises PermissionDenied with a Vietnamese reason.

- Sở Nội vụ (and the system): everything.
- Agency officer: classes organised by a unit of their scope; enrolling, withdrawing and
  recording training for people of their scope (through the registry's own write check), on
  the pages into classes their units organise or open to every agency (``can_send_to``).
- Provider: the instructors of its own provider, the instructors and results of its own classes.
- Leader and learner: read only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm
from apps.people.services import check_can_write_unit


def provider_id_of(user) -> int | None:
    """The provider a PROVIDER login belongs to, or None (from the scope: no query once made)."""
    return scope_of(user).provider_id


def is_home_affairs(actor) -> bool:
    return scope_of(actor).is_home_affairs


def check_can_manage_catalogue(actor) -> None:
    """Content areas, forms, programmes, providers, rules: the Department's catalogue."""
    scope_of(actor).require(Perm.MANAGE_CATALOGUE)


def check_can_manage_provider(actor, provider_id: int) -> None:
    """Instructors of a provider: the Department, or the provider itself."""
    scope = scope_of(actor)
    if scope.can(Perm.MANAGE_CATALOGUE) or (scope.can(Perm.MANAGE_INSTRUCTORS) and scope.provider_id == provider_id):
        return
    raise PermissionDenied("Bạn không có quyền cập nhật giảng viên của cơ sở này.")


def can_organise(actor, unit_id: int) -> bool:
    scope = scope_of(actor)
    return scope.can(Perm.ORGANISE_CLASSES) and scope.covers_unit(unit_id)


def check_can_organise(actor, unit_id: int) -> None:
    """Create or change classes organised by ``unit_id``."""
    if not can_organise(actor, unit_id):
        raise PermissionDenied("Đơn vị tổ chức lớp nằm ngoài phạm vi quản lý của bạn.")


def _is_class_provider(actor, training_class) -> bool:
    scope = scope_of(actor)
    return scope.is_provider and scope.provider_id is not None and scope.provider_id == training_class.provider_id


def check_can_staff_class(actor, training_class) -> None:
    """Assign instructors: the organiser's officers, or the class's own provider."""
    if _is_class_provider(actor, training_class) or can_organise(actor, training_class.organiser_id):
        return
    raise PermissionDenied("Bạn không có quyền phân công giảng viên cho lớp này.")


def can_send_to(actor, training_class) -> bool:
    """Send people to a class from its page or an import: its organiser's officers and Sở Nội vụ,
    or any agency when the class is open to every agency. A class an officer only follows (one of
    their people is in it) takes no one else from them. Who may be sent is ``check_can_enrol``'s."""
    return training_class.open_to_agencies or can_organise(actor, training_class.organiser_id)


def check_can_enrol(actor, person) -> None:
    """Enrol, withdraw, record outside training: only people the actor may write."""
    check_can_write_unit(actor, person.unit_id)


def check_can_grade(actor, enrollment) -> None:
    """Record a result: the class's provider or organiser, or the person's agency."""
    klass = enrollment.training_class
    if klass is not None and (_is_class_provider(actor, klass) or can_organise(actor, klass.organiser_id)):
        return
    check_can_enrol(actor, enrollment.person)
