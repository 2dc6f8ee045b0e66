from django.apps import AppConfig


class AffiliationConfig(AppConfig):
    name = "affiliation"
    verbose_name = "Affiliation"

    def ready(self) -> None:
        from affiliation import integration  # noqa: F401
