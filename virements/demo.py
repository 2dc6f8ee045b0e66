"""Demo: bank details for the demo structure (Opéra Demo, whose member is Léa)."""

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from espace_pro.demo import DEMO_PDF, structure_from_registry
from virements import selectors, services

OPERA_SIRET = "18400004000016"
DEMO_IBAN = "FR7630004008280001000123497"  # valid checksum and clé RIB; not a real account


def create_demo_bank_account(out: Callable[[str], None]) -> None:
    opera = structure_from_registry(OPERA_SIRET)
    account = selectors.current_bank_account(structure=opera)
    if account is None:
        account = services.bank_account_set(
            structure=opera,
            holder=opera.name,
            iban=DEMO_IBAN,
            bic="",
            rib=SimpleUploadedFile("rib.pdf", DEMO_PDF, content_type="application/pdf"),
            actor=None,
        )
    out(
        f"Virements : {opera.name} a des coordonnées bancaires ({account.masked_iban}, "
        f"{account.bic}) ; page « Coordonnées bancaires » de son espace professionnel."
    )
