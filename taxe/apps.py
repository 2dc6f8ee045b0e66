from django.apps import AppConfig


class TaxeConfig(AppConfig):
    name = "taxe"
    verbose_name = "Taxe sur les spectacles de variétés"

    def ready(self) -> None:
        from taxe import integration  # noqa: F401
