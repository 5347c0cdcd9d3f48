from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.evaluation"
    verbose_name = "Đánh giá chất lượng đào tạo, bồi dưỡng"
