from apps.accounts import roles


def role(request):
    user = getattr(request, "user", None)
    return {
        "user_role": roles.role_of(user),
        "can_edit_people": roles.can_edit_people(user),
        "can_restructure": roles.can_restructure(user),
    }
