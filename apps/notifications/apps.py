from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        # every app's reminders.py registers its deadlines (apps/notifications/reminders.py)
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reminders")
