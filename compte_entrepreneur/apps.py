from django.apps import AppConfig


class CompteEntrepreneurConfig(AppConfig):
    name = "compte_entrepreneur"
    verbose_name = "Comptes-entrepreneurs et droits de tirage"

    def ready(self) -> None:
        from compte_entrepreneur import integration  # noqa: F401
