from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "apps.results"
    verbose_name = "Kết quả chỉ tiêu đã tính"

    def ready(self) -> None:
        from apps.results import versions

        versions.connect_signals()
