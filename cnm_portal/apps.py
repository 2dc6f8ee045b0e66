from django.apps import AppConfig


class CnmPortalConfig(AppConfig):
    name = "cnm_portal"
    verbose_name = "Socle technique"

    def ready(self) -> None:
        from cnm_portal import emails  # noqa: F401  (registers the e-mail outbox handler)
