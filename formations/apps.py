from django.apps import AppConfig


class FormationsConfig(AppConfig):
    name = "formations"
    verbose_name = "Formations"

    def ready(self) -> None:
        from formations import integration  # noqa: F401  (menus, dashboard, demo, roles)
