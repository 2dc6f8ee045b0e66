"""Demo: open sessions and envelopes for every open programme; for Label Demo Musique (member
Léa Petit) a deposited art. 16 dossier and a draft; an author (personne physique) with a draft
for art. 12. Everything is created through the services."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import demo_user
from aides import programmes, services
from aides.models import BudgetLine, CommissionSession, Dossier, Envelope
from cnm_portal.dates import today
from espace_pro.choices import LegalForm
from espace_pro.demo import DEMO_PDF, LABEL_SIRET, LEA, structure_from_registry
from espace_pro.models import Membership, Structure

ART16_FIGURES = {
    "catalogue_references": "4",
    "part_ca_phonographique": "65",
    "investissements_annee_precedente": "32000",
    "investissements_trois_ans": "70000",
    "nombre_titres": "11",
    "duree_minutes": "42",
    "part_inedits": "100",
    "ventes_album_precedent": "1200",
    "part_fonds_propres": "60",
}


def ensure_sessions() -> dict[str, CommissionSession]:
    """One open session per open programme (deadline in 45 days), and this year's envelope."""
    now = timezone.now()
    sessions = {}
    for programme in programmes.all():
        if programme.closed:
            continue
        session = CommissionSession.objects.filter(
            programme=programme.article, deposit_deadline__gt=now
        ).first()
        if session is None:
            session = CommissionSession.objects.create(
                programme=programme.article,
                label=f"Commission {programme.reference} — {today():%B %Y}",
                deposit_opens_at=now - timedelta(days=15),
                deposit_deadline=now + timedelta(days=45),
                commission_date=today() + timedelta(days=75),
                min_analysis_days=21,
            )
        Envelope.objects.get_or_create(
            programme=programme.article,
            year=today().year,
            defaults={"amount": Decimal("1500000.00")},
        )
        sessions[programme.article] = session
    return sessions


def fill_dossier(
    dossier: Dossier,
    actor,
    *,
    figures: dict,
    expenses: list[tuple[str, str, str]],
    revenues: list[tuple[str, str]],
    requested: str,
    documents: bool = True,
) -> Dossier:
    """Every step saved as a member would: contact, project, budget, financing, documents."""

    def lock():
        return Dossier.objects.get(pk=dossier.pk).lock_version

    services.dossier_save_step(
        dossier=dossier,
        actor=actor,
        step="demandeur",
        lock_version=lock(),
        fields={
            "contact_name": dossier.contact_name or "Contact",
            "contact_role": "Gérant(e)",
            "contact_email": dossier.contact_email or "contact@exemple.fr",
            "contact_phone": "01 23 45 67 89",
            "address": dossier.address or "1 rue de la Musique",
            "postal_code": dossier.postal_code or "75011",
            "city": dossier.city or "Paris",
        },
    )
    programme = dossier.programme_definition
    derived = services.computation.derived_figure_names(programme)
    by_step: dict[str, dict] = {"projet": {}, "budget": {}, "financement": {}}
    for figure in programme.all_figures():
        if figure.name in derived or figure.name not in figures:
            continue
        where = figure.step if figure.step in ("budget", "financement") else "projet"
        by_step[where][figure.name] = figures[figure.name]
    services.dossier_save_step(
        dossier=dossier,
        actor=actor,
        step="projet",
        lock_version=lock(),
        fields={"project_title": figures.get("_title", "Projet de démonstration")},
        figures=by_step["projet"],
    )
    for category, label, amount in expenses:
        services.budget_line_add(
            dossier=dossier,
            actor=actor,
            lock_version=lock(),
            kind=BudgetLine.Kind.DEPENSE,
            category=category,
            label=label,
            amount=amount,
        )
    for label, amount in revenues:
        services.budget_line_add(
            dossier=dossier,
            actor=actor,
            lock_version=lock(),
            kind=BudgetLine.Kind.RECETTE,
            label=label,
            amount=amount,
        )
    services.dossier_save_step(
        dossier=dossier, actor=actor, step="budget", lock_version=lock(), figures=by_step["budget"]
    )
    services.dossier_save_step(
        dossier=dossier,
        actor=actor,
        step="financement",
        lock_version=lock(),
        figures={**by_step["financement"], "montant_sollicite": requested},
    )
    if documents:
        for document in programme.documents:
            if document.required:
                services.document_add(
                    dossier=dossier,
                    actor=actor,
                    lock_version=lock(),
                    code=document.code,
                    upload=SimpleUploadedFile(
                        f"{document.code}.pdf", DEMO_PDF, content_type="application/pdf"
                    ),
                )
    for step in ("pieces", "recapitulatif"):
        services.dossier_save_step(dossier=dossier, actor=actor, step=step, lock_version=lock())
    return Dossier.objects.get(pk=dossier.pk)


def _affiliate(structure: Structure, actor) -> None:
    from affiliation import selectors as affiliation_selectors
    from affiliation import services as affiliation_services
    from affiliation.services import AffiliationData

    if affiliation_selectors.is_affiliated(structure=structure, on=today()):
        return
    affiliation = affiliation_services.affiliation_save_draft(
        structure=structure,
        actor=actor,
        data=AffiliationData(
            commit_etabli_france=True, commit_obligations=True, commit_protocole_vss=True
        ),
    )
    affiliation = affiliation_services.affiliation_submit(affiliation=affiliation, actor=actor)
    affiliation_services.affiliation_validate(affiliation=affiliation, actor=None)


def create_demo_aides(out: Callable[[str], None]) -> None:
    sessions = ensure_sessions()
    lea = demo_user(LEA)
    label = structure_from_registry(LABEL_SIRET)
    Membership.objects.get_or_create(
        user=lea, structure=label, defaults={"role": "Productrice", "via": Membership.Via.CNM}
    )
    _affiliate(label, lea)
    if "16" in sessions and not Dossier.objects.filter(structure=label).exists():
        deposited = services.dossier_create(
            structure=label, programme="16", session=sessions["16"], actor=lea
        )
        deposited = fill_dossier(
            deposited,
            lea,
            figures={**ART16_FIGURES, "_title": "Premier album de Nina Sol"},
            expenses=[
                ("enregistrement", "Studio (12 jours)", "20000"),
                ("remunerations_artistiques", "Cachets des musiciens", "8000"),
                ("promotion", "Campagne de promotion", "10000"),
            ],
            revenues=[("Fonds propres", "23600")],
            requested="14400",
        )
        services.dossier_deposit(
            dossier=deposited, actor=lea, lock_version=deposited.lock_version, sworn=True
        )
        draft = services.dossier_create(
            structure=label, programme="16", session=sessions["16"], actor=lea
        )
        services.dossier_save_step(
            dossier=draft,
            actor=lea,
            step="demandeur",
            lock_version=draft.lock_version,
            fields={
                "contact_name": "Léa Petit",
                "contact_role": "Productrice",
                "contact_email": lea.email,
                "contact_phone": "",
                "address": label.address,
                "postal_code": label.postal_code,
                "city": label.city,
            },
        )
    author, _created = Structure.objects.get_or_create(
        legal_form=LegalForm.PERSONNE_PHYSIQUE,
        last_name="Petit",
        first_names="Léa",
        defaults={
            "name": "Léa Petit (autrice-compositrice)",
            "address": "5 rue des Lilas",
            "postal_code": "69001",
            "city": "Lyon",
        },
    )
    if not author.numero_cnm:
        from espace_pro.rules import format_numero_cnm

        author.numero_cnm = format_numero_cnm(author.pk)
        author.save(update_fields=["numero_cnm"])
    Membership.objects.get_or_create(
        user=lea, structure=author, defaults={"role": "Autrice", "via": Membership.Via.CNM}
    )
    if "12" in sessions and not Dossier.objects.filter(structure=author).exists():
        services.dossier_create(structure=author, programme="12", session=sessions["12"], actor=lea)
    out(
        f"Aides : {len(sessions)} sessions ouvertes ; {LEA.email} voit dans « Mes demandes "
        f"d'aide » de {label.name} un dossier art. 16 déposé et un brouillon, et un brouillon "
        f"art. 12 pour {author.name}."
    )
