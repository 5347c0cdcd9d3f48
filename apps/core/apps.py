from django.apps import AppConfig

CHOOSE = "— Chọn —"


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        # Django 6 labels the blank choice of every select "- Select an option -" (English, even
        # with LANGUAGE_CODE "vi", which has no translation): one Vietnamese default for every form.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = CHOOSE
