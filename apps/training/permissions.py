"""Who may do what with training records. Each ``check_*`` raises PermissionDenied with a Vietnamese
reason; ``actor=None`` is the system (demo loader, migrations) and may do everything.

- Sở Nội vụ: everything.
- Agency officer: classes organised by a unit of their subtree; enrolling, withdrawing and
  recording training for people of their subtree (through the registry's own write check), on
  the pages into classes their units organise or open to every agency (``can_send_to``).
- Provider: the instructors of its own provider, the instructors and results of its own classes.
- Leader and learner: read only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from apps.accounts.models import Role
from apps.accounts.roles import role_of
from apps.organization.selectors import scope_unit_ids
from apps.people.services import check_can_write_unit


def provider_id_of(user) -> int | None:
    """The provider a PROVIDER login belongs to, or None. One query."""
    if role_of(user) != Role.PROVIDER:
        return None
    from apps.training.models import ProviderAccount

    return ProviderAccount.objects.filter(user=user).values_list("provider_id", flat=True).first()


def is_home_affairs(actor) -> bool:
    return actor is None or role_of(actor) == Role.HOME_AFFAIRS


def check_can_manage_catalogue(actor) -> None:
    """Content areas, forms, programmes, providers, rules: the Department's catalogue."""
    if not is_home_affairs(actor):
        raise PermissionDenied("Chỉ Sở Nội vụ được cập nhật danh mục đào tạo, bồi dưỡng.")


def check_can_manage_provider(actor, provider_id: int) -> None:
    """Instructors of a provider: the Department, or the provider itself."""
    if is_home_affairs(actor) or provider_id_of(actor) == provider_id:
        return
    raise PermissionDenied("Bạn không có quyền cập nhật giảng viên của cơ sở này.")


def can_organise(actor, unit_id: int) -> bool:
    if is_home_affairs(actor):
        return True
    if role_of(actor) != Role.AGENCY_OFFICER:
        return False
    scope = scope_unit_ids(actor)
    return scope is not None and unit_id in scope


def check_can_organise(actor, unit_id: int) -> None:
    """Create or change classes organised by ``unit_id``."""
    if not can_organise(actor, unit_id):
        raise PermissionDenied("Đơn vị tổ chức lớp nằm ngoài phạm vi quản lý của bạn.")


def check_can_staff_class(actor, training_class) -> None:
    """Assign instructors: the organiser's officers, or the class's own provider."""
    if provider_id_of(actor) == training_class.provider_id or can_organise(actor, training_class.organiser_id):
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
    if klass is not None and (provider_id_of(actor) == klass.provider_id or can_organise(actor, klass.organiser_id)):
        return
    check_can_enrol(actor, enrollment.person)
