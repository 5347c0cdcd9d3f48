from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "apps.targets"
    verbose_name = "Chỉ tiêu kế hoạch"
