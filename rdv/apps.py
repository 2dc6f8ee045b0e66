from django.apps import AppConfig


class RdvConfig(AppConfig):
    name = "rdv"
    verbose_name = "Rendez-vous CNM"

    def ready(self) -> None:
        from rdv import integration  # noqa: F401  (menus, dashboard, demo, roles)
