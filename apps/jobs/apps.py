from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "apps.jobs"
    verbose_name = "Việc chạy nền"

    def ready(self) -> None:
        # every app's jobs.py registers its job kinds (apps/jobs/registry.py)
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
