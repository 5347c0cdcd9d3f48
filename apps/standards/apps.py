from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "apps.standards"
    verbose_name = "Tiêu chuẩn ngạch, chức vụ"
