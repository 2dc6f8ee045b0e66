from django.apps import AppConfig


class BoutiqueConfig(AppConfig):
    name = "boutique"
    verbose_name = "Boutique des Éditions du CNM"

    def ready(self) -> None:
        from boutique import integration  # noqa: F401  (menus, dashboard, demo, roles)
