"""Demo of the commission and the decision (art. 4): a past art. 16 session whose members are
the demo commission member (Paul Bernard) and a second member; four dossiers of demo labels
went through instruction and were sent to the commission: two en commission with avis (one
where the demo member has not given his yet), one attribué with its notification letter, one
refusé. Everything goes through the services."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_ACCOUNTS, DemoAccount, demo_user
from aides import services
from aides.demo import ART16_FIGURES, _affiliate, fill_dossier
from aides.models import Avis, CommissionSession, Dossier, Envelope
from aides.services import commission, decision
from cnm_portal.dates import today
from espace_pro.choices import LegalForm
from espace_pro.models import Membership, Structure

SESSION_LABEL = "Commission art. 16 — démonstration des avis"
SECOND_MEMBER = DemoAccount(
    "commission2@demo.cnm.fr",
    "Commission-Demo-2026",
    "Sofia",
    "Moreau",
    "Membre de commission",
    groups=(roles.COMMISSION,),
)
PRESIDENT = DemoAccount(
    "presidence@demo.cnm.fr",
    "Presidence-Demo-2026",
    "Claire",
    "Lemoine",
    "Présidence (administration, TOTP)",
    staff=True,
    groups=(roles.PRESIDENCE,),
)
LABELS = [
    ("Disques Aurore", "Album « Lumière »", "12000"),
    ("Sillons du Sud", "Album « Garrigue »", "9000"),
    ("Label Horizon", "Album « Marées »", "11000"),
    ("Vinyles & Cie", "Album « Nocturnes »", "8000"),
]


def _structure(name: str) -> Structure:
    structure, _created = Structure.objects.get_or_create(
        name=name,
        defaults={
            "legal_form": LegalForm.SOCIETE_COMMERCIALE,
            "address": "10 rue de la Musique",
            "postal_code": "75010",
            "city": "Paris",
        },
    )
    if not structure.numero_cnm:
        from espace_pro.rules import format_numero_cnm

        structure.numero_cnm = format_numero_cnm(structure.pk)
        structure.save(update_fields=["numero_cnm"])
    return structure


def _eligible_dossier(session, owner, name, title, proposed, instructor) -> Dossier:
    structure = _structure(name)
    Membership.objects.get_or_create(
        user=owner, structure=structure, defaults={"role": "Gérant", "via": Membership.Via.CNM}
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
    dossier = services.dossier_deposit(
        dossier=dossier, actor=owner, lock_version=dossier.lock_version, sworn=True
    )
    dossier = services.dossier_take(dossier=dossier, actor=instructor)
    from aides.selectors_instruction import checklist

    services.checklist_save(
        dossier=dossier,
        actor=instructor,
        ticks={row.code: (True, "") for row in checklist(dossier)},
    )
    return services.dossier_declare_eligible(
        dossier=dossier,
        actor=instructor,
        amount=Decimal(proposed),
        comment="Projet solide, plan de financement cohérent.",
    )


def create_demo_commission(out: Callable[[str], None]) -> None:
    if CommissionSession.objects.filter(label=SESSION_LABEL).exists():
        out(f"Commission : la session « {SESSION_LABEL} » existe déjà.")
        return
    member = demo_user(next(a for a in DEMO_ACCOUNTS if a.email == "commission@demo.cnm.fr"))
    member.groups.add(Group.objects.get(name=roles.COMMISSION))
    other = demo_user(SECOND_MEMBER)
    president = demo_user(PRESIDENT)
    instructor = demo_user(next(a for a in DEMO_ACCOUNTS if a.email == "instructeur@demo.cnm.fr"))
    owner = demo_user(
        DemoAccount("label.demo@demo.cnm.fr", "Label-Demo-2026", "Hugo", "Roux", "Demandeur")
    )
    now = timezone.now()
    session = CommissionSession.objects.create(
        programme="16",
        label=SESSION_LABEL,
        deposit_opens_at=now - timedelta(days=30),
        deposit_deadline=now + timedelta(days=1),
        commission_date=today() + timedelta(days=20),
    )
    session.members.add(member, other)
    Envelope.objects.get_or_create(
        programme="16", year=session.commission_date.year, defaults={"amount": Decimal("1500000")}
    )
    dossiers = [
        _eligible_dossier(session, owner, name, title, proposed, instructor)
        for name, title, proposed in LABELS
    ]
    # The second member manages the last label's espace pro: a conflict found automatically.
    Membership.objects.get_or_create(
        user=other,
        structure=dossiers[3].structure,
        defaults={"role": "Associée", "via": Membership.Via.CNM},
    )
    commission.session_open_review(session=session, actor=instructor)
    scores = [2] * len(dossiers[0].programme_definition.appreciation)
    for dossier, kind, amount in (
        (dossiers[0], Avis.Kind.FAVORABLE, "12000"),
        (dossiers[1], Avis.Kind.DEFAVORABLE, None),
        (dossiers[2], Avis.Kind.FAVORABLE, "10000"),
    ):
        commission.avis_give(
            session=session,
            dossier=dossier,
            member=other,
            kind=kind,
            amount=Decimal(amount) if amount else None,
            motivation="Avis motivé de démonstration.",
            scores=scores,
        )
    for dossier, kind, amount in (
        (dossiers[0], Avis.Kind.FAVORABLE, "12000"),
        (dossiers[1], Avis.Kind.DEFAVORABLE, None),
    ):
        commission.avis_give(
            session=session,
            dossier=dossier,
            member=member,
            kind=kind,
            amount=Decimal(amount) if amount else None,
            motivation="Avis motivé de démonstration.",
            scores=scores,
        )
    decision.dossier_attribute(
        dossier=dossiers[0], amount=Decimal("12000.00"), reason="", actor=president
    )
    decision.dossier_refuse(
        dossier=dossiers[1],
        reason="Le projet n'a pas été jugé prioritaire au regard des critères d'appréciation.",
        actor=president,
    )
    commission.session_record_pv(session=session, present=[member, other], actor=instructor)
    out(
        f"Commission : {member.email} voit « Mes commissions » (/aides/commission/) et la "
        f"session « {SESSION_LABEL} » : un dossier attribué (lettre de notification pour "
        f"{owner.email} / Label-Demo-2026), un refusé, un en commission à noter, et un dossier "
        f"où {SECOND_MEMBER.email} est en conflit d'intérêts ; la présidence décide dans "
        f"/admin/ ({PRESIDENT.email} / {PRESIDENT.password}, TOTP)."
    )


def _register() -> None:
    from accounts.demo import register_demo_step

    register_demo_step(45, create_demo_commission)


_register()
