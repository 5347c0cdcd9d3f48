from apps.accounts.access import scope_of
from apps.accounts.permissions import Perm


def role(request):
    """The actor's role and the permissions the menu and pages ask about."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    # the request's own scope (computed once, then bound to the user for the rest of the request)
    scope = getattr(request, "scope", None) or scope_of(user)
    return {
        "scope": scope,
        "user_role": scope.role,
        "can_edit_people": scope.can(Perm.EDIT_PEOPLE),
        "can_restructure": scope.can(Perm.RESTRUCTURE),
        "perms_dtbd": {perm.name: scope.can(perm) for perm in Perm},
    }
