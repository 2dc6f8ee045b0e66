from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Affiche le code TOTP du moment des comptes agents de démonstration (hors production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Commande réservée à la démonstration.")
        counter = int(timezone.now().timestamp()) // 30
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
