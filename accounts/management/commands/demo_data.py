from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from accounts.demo import run_demo


class Command(BaseCommand):
    help = "Crée (ou remet à zéro) les comptes et données de démonstration et les affiche."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration sont interdites en production.")
        # The demo's own e-mails (notices, letters) are not printed: the accounts must stay
        # readable at the top of `make run`.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            run_demo(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
