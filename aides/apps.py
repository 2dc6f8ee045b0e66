from django.apps import AppConfig


class AidesConfig(AppConfig):
    name = "aides"
    verbose_name = "Aides du CNM"

    def ready(self) -> None:
        from aides import integration  # noqa: F401
