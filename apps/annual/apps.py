from django.apps import AppConfig


class AnnualConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.annual"
    verbose_name = "Kế hoạch đào tạo, bồi dưỡng hằng năm"
