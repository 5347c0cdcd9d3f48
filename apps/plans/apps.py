from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "apps.plans"
    verbose_name = "Kế hoạch đào tạo, bồi dưỡng"
