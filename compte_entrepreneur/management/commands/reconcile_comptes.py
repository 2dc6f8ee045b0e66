import sys

from django.core.management.base import BaseCommand

from compte_entrepreneur.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Vérifie chaque compte-entrepreneur : solde = écritures, crédits = 65 % de la taxe "
        "payée (sortie 1 en cas d'écart)."
    )

    def handle(self, *args, **options):
        differences = reconcile()
        for line in differences:
            self.stdout.write(line)
        if differences:
            self.stderr.write(f"{len(differences)} écart(s).")
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("Aucun écart : les comptes sont exacts."))
