from django.apps import AppConfig


class EspaceProConfig(AppConfig):
    name = "espace_pro"
    verbose_name = "Espaces professionnels"

    def ready(self) -> None:
        from espace_pro import integration  # noqa: F401  (menus, dashboard, demo, outbox)
