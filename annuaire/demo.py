"""Demo data: ten published entries (Léa's structures and a few more managed by Marc) and
Camille's own entry waiting for validation in the admin."""

from accounts.demo import DemoAccount, demo_user
from accounts.models import User
from annuaire import services
from annuaire.choices import ActivityCode as A
from annuaire.choices import Region as R
from annuaire.models import Entry
from annuaire.services import EntryData
from annuaire.workflow import E
from espace_pro import rules as espace_pro_rules
from espace_pro.choices import LegalForm
from espace_pro.models import Membership, Structure
from espace_pro.selectors import structures_for_user

MARC = DemoAccount(
    "marc.lefevre@demo.cnm.fr",
    "Marc-Demo-2026",
    "Marc",
    "Lefèvre",
    "Membre de sept structures inscrites à l'annuaire",
)

# name, legal form, city, postal code, region, activities, presentation, e-mail, website
EXTRA = [
    (
        "Éditions Sillon",
        LegalForm.SOCIETE_COMMERCIALE,
        "Lyon",
        "69002",
        R.ARA,
        [A.EDITEUR],
        "Édition musicale de chanson française et de musiques de film.",
        "contact@sillon.example",
        "https://sillon.example",
    ),
    (
        "La Clef des Ondes",
        LegalForm.ASSOCIATION,
        "Rennes",
        "35000",
        R.BRE,
        [A.SALLE, A.DIFFUSEUR],
        "Salle de musiques actuelles de 400 places, résidences d'artistes.",
        "",
        "https://clefdesondes.example",
    ),
    (
        "Nord Tourneur",
        LegalForm.SOCIETE_COMMERCIALE,
        "Lille",
        "59000",
        R.HDF,
        [A.TOURNEUR, A.PRODUCTEUR_SPECTACLE],
        "Production et tournées de spectacles d'humour.",
        "booking@nordtourneur.example",
        "",
    ),
    (
        "Studio Garonne",
        LegalForm.SOCIETE_COMMERCIALE,
        "Toulouse",
        "31000",
        R.OCC,
        [A.STUDIO, A.PRODUCTEUR_PHONO],
        "Studio d'enregistrement et production de premiers albums.",
        "",
        "",
    ),
    (
        "Festival Vents du Large",
        LegalForm.ASSOCIATION,
        "La Rochelle",
        "17000",
        R.NAQ,
        [A.FESTIVAL],
        "Festival de musiques du monde, chaque été sur le port.",
        "festival@ventsdularge.example",
        "https://ventsdularge.example",
    ),
    (
        "Sud Management",
        LegalForm.ENTREPRENEUR_INDIVIDUEL,
        "Marseille",
        "13001",
        R.PAC,
        [A.MANAGER, A.ACCOMPAGNEMENT],
        "Management d'artistes rap et électro.",
        "",
        "",
    ),
    (
        "Disques Océan Indien",
        LegalForm.SOCIETE_COMMERCIALE,
        "Saint-Denis",
        "97400",
        R.REU,
        [A.LABEL, A.DISTRIBUTEUR, A.DISQUAIRE],
        "Label et disquaire de maloya et de séga.",
        "disques@oceanindien.example",
        "",
    ),
]

LEA_ACTIVITIES = {
    LegalForm.PERSONNE_PHYSIQUE: [A.AUTEUR],
    LegalForm.ASSOCIATION: [A.PRODUCTEUR_SPECTACLE, A.DIFFUSEUR],
}


def _structure(name, legal_form, city, postal_code) -> Structure:
    structure = Structure.objects.filter(name=name).first()
    if structure is None:
        structure = Structure.objects.create(
            name=name,
            legal_form=legal_form,
            address="1 place de la Musique",
            postal_code=postal_code,
            city=city,
        )
        structure.numero_cnm = espace_pro_rules.format_numero_cnm(structure.pk)
        structure.save(update_fields=["numero_cnm"])
    return structure


def _publish(*, user, structure, data: EntryData, staff) -> Entry:
    entry = Entry.objects.exclude(status=E.REFUSEE).filter(structure=structure).first()
    if entry is None:
        entry = services.entry_create(
            user=user, structure=structure, data=data, submit=True, actor=user
        )
    if entry.status == E.SOUMISE:
        entry = services.entry_publish(entry=entry, actor=staff)
    return entry


def create_demo_directory(out) -> None:
    staff = User.objects.filter(email="instructeur@demo.cnm.fr").first()
    marc = demo_user(MARC)
    published = []
    for name, form, city, postal, region, activities, text, email, website in EXTRA:
        structure = _structure(name, form, city, postal)
        Membership.objects.get_or_create(
            user=marc,
            structure=structure,
            defaults={"role": "Chargé de communication", "via": Membership.Via.CNM},
        )
        data = EntryData(
            name=name,
            activities=activities,
            region=region,
            city=city,
            presentation=text,
            email=email,
            website=website,
        )
        published.append(_publish(user=marc, structure=structure, data=data, staff=staff))
    lea = User.objects.filter(email="lea.petit@demo.cnm.fr").first()
    for structure in structures_for_user(user=lea) if lea else []:
        data = EntryData(
            name=structure.name,
            activities=LEA_ACTIVITIES.get(structure.legal_form, [A.LABEL, A.PRODUCTEUR_PHONO]),
            region=R.IDF,
            city=structure.city,
            presentation=f"{structure.name} : présentation de démonstration.",
        )
        published.append(_publish(user=lea, structure=structure, data=data, staff=staff))
    camille = User.objects.filter(email="camille.dupont@demo.cnm.fr").first()
    pending = None
    if camille is not None:
        pending = Entry.objects.exclude(status=E.REFUSEE).filter(person=camille).first()
        if pending is None:
            pending = services.entry_create(
                user=camille,
                data=EntryData(
                    name="Camille Dupont",
                    activities=[A.AUTEUR, A.ARTISTE],
                    region=R.NOR,
                    city="Rouen",
                    presentation="Autrice-compositrice, chanson et musique pour l'image.",
                    email="camille.dupont@demo.cnm.fr",
                ),
                submit=True,
                actor=camille,
            )
    out("Annuaire (/annuaire/) :")
    out(f"  - {len(published)} inscriptions publiées (recherche par nom, activité, région)")
    out(f"  - {MARC.role} : {MARC.email} / {MARC.password}")
    if pending is not None:
        out(
            f"  - « {pending.name} » (camille.dupont@demo.cnm.fr) attend la validation : "
            "Admin › Annuaire › Inscriptions à l'annuaire"
        )
