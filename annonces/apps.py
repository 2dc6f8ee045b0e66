from django.apps import AppConfig


class AnnoncesConfig(AppConfig):
    name = "annonces"
    verbose_name = "Annonces d'emploi et de stage"

    def ready(self) -> None:
        from annonces import integration  # noqa: F401  (menus, dashboard, demo, roles)
