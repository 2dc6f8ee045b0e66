"""Demo structures and codes to try the three ways into an espace professionnel."""

from collections.abc import Callable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.demo import DemoAccount, demo_user
from espace_pro import rules
from espace_pro.choices import DocumentType, Procedure
from espace_pro.models import AccessRequest, AccessRequestDocument, Structure
from espace_pro.registry import get_registry
from espace_pro.services import activation_code_issue
from espace_pro.workflow import access_request_flow

LABEL_SIRET = "90100001800019"
JAZZ_SIRET, JAZZ_RNA = "80200002600012", "W691000123"
COMMUNE_SIRET = "21459990400015"
CLOSED_SIRET = "79500005800011"

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

LEA = DemoAccount(
    "lea.petit@demo.cnm.fr",
    "Lea-Demo-2026",
    "Léa",
    "Petit",
    "Demandeuse avec une demande en attente (association)",
)


def structure_from_registry(siret: str) -> Structure:
    establishment = get_registry().search_siret(siret)[0]
    structure, created = Structure.objects.get_or_create(
        siret=establishment.siret,
        defaults={
            "legal_form": establishment.legal_form,
            "name": establishment.name,
            "siren": establishment.siren,
            "rna": establishment.rna,
            "nature_juridique": establishment.nature_juridique,
            "address": establishment.address,
            "postal_code": establishment.postal_code,
            "city": establishment.city,
        },
    )
    if created:
        structure.numero_cnm = rules.format_numero_cnm(structure.pk)
        structure.save(update_fields=["numero_cnm"])
    return structure


def _pending_request(user) -> None:
    if AccessRequest.objects.filter(user=user, siret=JAZZ_SIRET).exists():
        return
    establishment = get_registry().search_siret(JAZZ_SIRET)[0]
    submitted = timezone.now() - timedelta(days=3)
    request = AccessRequest.objects.create(
        user=user,
        procedure=Procedure.SIRET,
        legal_form=establishment.legal_form,
        name=establishment.name,
        siret=JAZZ_SIRET,
        rna=JAZZ_RNA,
        role="Présidente",
        address=establishment.address,
        postal_code=establishment.postal_code,
        city=establishment.city,
        registry_data=establishment.to_dict(),
        registry_checked_at=submitted,
        submitted_at=submitted,
        due_date=rules.access_request_due_date(timezone.localdate(submitted)),
    )
    for doc_type in (DocumentType.JO_PUBLICATION, DocumentType.LISTE_MEMBRES_CA):
        AccessRequestDocument.objects.create(
            request=request,
            doc_type=doc_type,
            file=ContentFile(DEMO_PDF, name=f"{doc_type}.pdf"),
            original_name=f"{doc_type}.pdf",
            size=len(DEMO_PDF),
        )
    access_request_flow.start(request, actor=user, comment="Demande envoyée (démonstration)")


def create_demo_structures(out: Callable[[str], None]) -> None:
    label = structure_from_registry(LABEL_SIRET)
    _code, plaintext = activation_code_issue(structure=label, actor=None)
    lea = demo_user(LEA)
    _pending_request(lea)
    out("Espaces professionnels :")
    out(
        f"  - procédure simplifiée : numéro CNM {label.numero_cnm} + code d'activation "
        f"{rules.format_activation_code(plaintext)} ({label.name})"
    )
    out(f"  - sans numéro CNM, par SIRET : {COMMUNE_SIRET} (commune), {CLOSED_SIRET} (fermé)")
    out(f"  - sans numéro CNM, par RNA : {JAZZ_RNA} (association)")
    out(f"  - {LEA.role} : {LEA.email} / {LEA.password} (file d'attente de l'instructrice)")
