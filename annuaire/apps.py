from django.apps import AppConfig


class AnnuaireConfig(AppConfig):
    name = "annuaire"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from annuaire import integration  # noqa: F401  (menus, dashboard, demo, roles)
