"""Demo of the payment side (art. 5, 6, 11): three art. 16 dossiers of the demo label owner
(label.demo@demo.cnm.fr), each attributed through the services: one with its advance paid, one
with a bilan filed waiting for the instructor, one whose bilan cut the aid with a reimbursement
request and its letter. The helpers also build these states for the tests."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from aides import services
from aides.demo import ART16_FIGURES, _affiliate, fill_dossier
from aides.models import CommissionSession, Dossier
from aides.models_paiement import Bilan, Versement
from aides.services import bilan as bilan_services
from aides.services import decision, paiement
from aides.workflow import DossierStatus
from aides.workflow_paiement import VersementStatus
from cnm_portal.dates import add_business_days, today
from espace_pro.demo import DEMO_PDF
from espace_pro.models import Membership
from virements import services as virements
from virements.demo import DEMO_IBAN
from virements.models import PaymentOrder

S = DossierStatus
ART16_EXPENSES = [
    ("enregistrement", "Studio", "20000"),
    ("remunerations_artistiques", "Cachets", "8000"),
    ("promotion", "Promotion", "10000"),
]
SESSION_LABEL = "Commission art. 16 — démonstration des versements"


def pdf(name: str = "piece.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def bank_account(structure, actor=None):
    from virements.selectors import current_bank_account

    return current_bank_account(structure=structure) or virements.bank_account_set(
        structure=structure,
        holder=structure.name,
        iban=DEMO_IBAN,
        bic="",
        rib=pdf("rib.pdf"),
        actor=actor,
    )


def attributed_dossier(
    membership: Membership,
    *,
    amount: Decimal = Decimal("10000.00"),
    session: CommissionSession | None = None,
    president=None,
    title: str = "Album",
) -> Dossier:
    """An art. 16 dossier deposited, instructed (moves of the table), then attributed by the
    decision service (its effect plans the versements and the bilan)."""
    _affiliate(membership.structure, membership.user)
    dossier = services.dossier_create(
        structure=membership.structure,
        programme="16",
        session=session or _open_session(),
        actor=membership.user,
    )
    dossier = fill_dossier(
        dossier,
        membership.user,
        figures={**ART16_FIGURES, "_title": title},
        expenses=ART16_EXPENSES,
        revenues=[("Fonds propres", "23600")],
        requested="14400",
    )
    dossier = services.dossier_deposit(
        dossier=dossier, actor=membership.user, lock_version=dossier.lock_version, sworn=True
    )
    from aides.selectors_instruction import checklist
    from aides.services import commission, instruction

    dossier = instruction.dossier_take(dossier=dossier, actor=president)
    instruction.checklist_save(
        dossier=dossier, actor=president, ticks={row.code: (True, "") for row in checklist(dossier)}
    )
    dossier = instruction.dossier_declare_eligible(
        dossier=dossier, actor=president, amount=amount, comment="Projet cohérent, budget sincère."
    )
    commission.session_open_review(session=dossier.session, actor=president)
    dossier.refresh_from_db()
    decision.dossier_attribute(dossier=dossier, amount=amount, reason="", actor=president)
    return Dossier.objects.get(pk=dossier.pk)


def _open_session() -> CommissionSession:
    from django.utils import timezone

    now = timezone.now()
    return CommissionSession.objects.create(
        programme="16",
        label="Session art. 16",
        deposit_opens_at=now - timedelta(days=10),
        deposit_deadline=now + timedelta(days=30),
        commission_date=today() + timedelta(days=60),
    )


def pay_orders(*, actor=None, paid_on: date | None = None, structure=None) -> None:
    """The accounting agent: a lot of every order to pay (of ``structure`` when given),
    exported (SEPA) and marked paid."""
    from virements.workflow import OrderStatus

    queryset = PaymentOrder.objects.filter(status=OrderStatus.A_PAYER)
    if structure is not None:
        queryset = queryset.filter(structure=structure)
    orders = list(queryset)
    if not orders:
        return
    execution = today()
    while True:
        from cnm_portal.dates import is_business_day

        if is_business_day(execution):
            break
        execution += timedelta(days=1)
    batch = virements.payment_batch_create(orders=orders, execution_date=execution, actor=actor)
    batch = virements.payment_batch_export(batch=batch, actor=actor)
    virements.payment_batch_mark_paid(batch=batch, paid_on=paid_on or today(), actor=actor)


def file_bilan(
    dossier: Dossier, *, actor, spent: dict[str, str] | None = None, rse: bool = False
) -> Bilan:
    bilan = Bilan.objects.get(dossier=dossier)
    spent = spent or {
        "enregistrement": "20000",
        "remunerations_artistiques": "8000",
        "promotion": "10000",
    }
    return bilan_services.bilan_file(
        bilan=bilan,
        expenses={k: Decimal(v) for k, v in spent.items()},
        revenues=Decimal("23600"),
        comment="Projet réalisé.",
        documents=[pdf("factures.pdf")],
        rse_documents=[pdf("rse.pdf")] if rse else [],
        actor=actor,
    )


def create_demo_paiement(out: Callable[[str], None]) -> None:
    from accounts.demo import DemoAccount, demo_user

    if CommissionSession.objects.filter(label=SESSION_LABEL).exists():
        out(f"Versements : la session « {SESSION_LABEL} » existe déjà.")
        return
    from aides.demo_commission import PRESIDENT, _structure

    owner = demo_user(
        DemoAccount("label.demo@demo.cnm.fr", "Label-Demo-2026", "Hugo", "Roux", "Demandeur")
    )
    president = demo_user(PRESIDENT)
    from django.utils import timezone

    now = timezone.now()
    session = CommissionSession.objects.create(
        programme="16",
        label=SESSION_LABEL,
        deposit_opens_at=now - timedelta(days=30),
        deposit_deadline=now + timedelta(days=1),
        commission_date=add_business_days(today(), 10),
    )
    made = []
    for name, title in (
        ("Disques Aurore — versements", "Album « Acompte »"),
        ("Sillons du Sud — bilan", "Album « Bilan »"),
        ("Label Horizon — remboursement", "Album « Remboursement »"),
    ):
        structure = _structure(name)
        membership, _created = Membership.objects.get_or_create(
            user=owner, structure=structure, defaults={"role": "Gérant", "via": Membership.Via.CNM}
        )
        bank_account(structure, owner)
        made.append(
            attributed_dossier(membership, session=session, president=president, title=title)
        )
    paiement.versements_order_ready()
    pay_orders(actor=president)
    file_bilan(made[1], actor=owner)
    file_bilan(
        made[2],
        actor=owner,
        spent={"enregistrement": "8000", "remunerations_artistiques": "2000", "promotion": "0"},
    )
    bilan_services.bilan_validate(bilan=Bilan.objects.get(dossier=made[2]), actor=president)
    paid = Versement.objects.filter(dossier__in=made, status=VersementStatus.PAYE).count()
    out(
        f"Versements : {owner.email} voit trois dossiers attribués ({paid} acomptes payés) — "
        f"{made[0].number} (acompte payé), {made[1].number} (bilan déposé, à valider dans "
        f"/admin/aides/bilan/), {made[2].number} (bilan validé à la baisse : demande de "
        "remboursement et sa lettre PDF)."
    )


def _register() -> None:
    from accounts.demo import register_demo_step

    register_demo_step(48, create_demo_paiement)


_register()
