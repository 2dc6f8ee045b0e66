"""Demo of the instruction (art. 3) on the open art. 16 session: four labels whose dossiers
are en instruction (checklist started), incomplet (deadline to come), incomplet past its
deadline (the daily job makes it caduc), éligible with a recommendation, irrecevable. The
instructor is the demo one (Jeanne Martin). Everything goes through the services, except the
deadline of the late request, moved to the past as time would have."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from accounts.demo import DEMO_ACCOUNTS, demo_user, register_demo_step
from aides import services
from aides.demo import ART16_FIGURES, _affiliate, ensure_sessions, fill_dossier
from aides.models import Dossier, MissingItemsRequest
from aides.rules_instruction import default_missing_items_deadline
from cnm_portal.dates import today
from espace_pro.choices import LegalForm
from espace_pro.models import Membership, Structure

LABELS = (
    ("Studio Aurore", "Album « Aube »", "en_instruction"),
    ("Disques du Canal", "Album « Écluses »", "incomplet"),
    ("Label Minuit", "Album « Minuit passé »", "incomplet_en_retard"),
    ("Sillons du Sud", "Album « Garrigue »", "eligible"),
    ("Ondes Courtes", "Album « Fréquences »", "irrecevable"),
)


def _deposited(session, name: str, title: str, owner) -> Dossier:
    from espace_pro.rules import format_numero_cnm

    structure, _created = Structure.objects.get_or_create(
        name=name,
        defaults={
            "legal_form": LegalForm.SOCIETE_COMMERCIALE,
            "address": "5 quai de la Musique",
            "postal_code": "69002",
            "city": "Lyon",
        },
    )
    if not structure.numero_cnm:
        structure.numero_cnm = format_numero_cnm(structure.pk)
        structure.save(update_fields=["numero_cnm"])
    Membership.objects.get_or_create(
        user=owner, structure=structure, defaults={"role": "Gérante", "via": Membership.Via.CNM}
    )
    _affiliate(structure, owner)
    dossier = services.dossier_create(
        structure=structure, programme="16", session=session, actor=owner
    )
    dossier = fill_dossier(
        dossier,
        owner,
        figures={**ART16_FIGURES, "_title": title},
        expenses=[
            ("enregistrement", "Studio", "20000"),
            ("remunerations_artistiques", "Cachets", "8000"),
            ("promotion", "Promotion", "10000"),
        ],
        revenues=[("Fonds propres", "23600")],
        requested="14400",
    )
    return services.dossier_deposit(
        dossier=dossier, actor=owner, lock_version=dossier.lock_version, sworn=True
    )


def create_demo_instruction(out: Callable[[str], None]) -> None:
    sessions = ensure_sessions()
    if "16" not in sessions:
        return
    session = sessions["16"]
    instructor = demo_user(next(a for a in DEMO_ACCOUNTS if a.email.startswith("instructeur")))
    owner = demo_user(DEMO_ACCOUNTS[0])
    for name, title, stage in LABELS:
        if Dossier.objects.filter(structure__name=name, programme="16").exists():
            continue
        dossier = services.dossier_take(
            dossier=_deposited(session, name, title, owner), actor=instructor
        )
        if stage == "en_instruction":
            services.checklist_save(
                dossier=dossier,
                actor=instructor,
                ticks={"demandeur": (True, ""), "affiliation": (True, "Affiliée")},
            )
        elif stage.startswith("incomplet"):
            request = services.dossier_request_missing_items(
                dossier=dossier,
                actor=instructor,
                documents=["contrat_distribution"],
                figures=["nombre_titres"],
                other_items="Calendrier prévisionnel de sortie",
                deadline=default_missing_items_deadline(today()),
            )
            if stage == "incomplet_en_retard":
                late = today() - timedelta(days=3)
                MissingItemsRequest.objects.filter(pk=request.pk).update(deadline=late)
                Dossier.objects.filter(pk=dossier.pk).update(missing_items_deadline=late)
        elif stage == "eligible":
            services.checklist_approve_all(dossier=dossier, actor=instructor)
            services.dossier_declare_eligible(
                dossier=dossier,
                actor=instructor,
                amount=Decimal("11000.00"),
                comment="Projet abouti, distribution assurée ; proposition sous le plafond.",
            )
        elif stage == "irrecevable":
            services.dossier_declare_irrecevable(
                dossier=dossier,
                actor=instructor,
                reason="L'album a déjà été commercialisé avant le dépôt (art. 16).",
            )
    out(
        "Instruction (art. 16) : dossiers en instruction, incomplets (dont un hors délai), "
        "éligible avec proposition, irrecevable — /admin/aides/instruction/"
    )


register_demo_step(46, create_demo_instruction)
