from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "apps.backup"
    verbose_name = "Sao lưu và khôi phục"
