from django.apps import AppConfig


class AlertesConfig(AppConfig):
    name = "alertes"
    verbose_name = "Alertes emploi"

    def ready(self) -> None:
        from alertes import integration  # noqa: F401  (menus, dashboard, demo, roles)
