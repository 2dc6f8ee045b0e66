from django.apps import AppConfig


class VirementsConfig(AppConfig):
    name = "virements"
    verbose_name = "Virements (aides et droits de tirage)"

    def ready(self) -> None:
        from virements import integration  # noqa: F401
