from apps.notifications.services import unread_count


def bell(request):
    """The unread count in the header: one COUNT on an index, for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
