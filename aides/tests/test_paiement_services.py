"""Versements, bilan, reimbursement, suspension and the art. 6 block, through the services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from aides import selectors, services
from aides.demo_paiement import attributed_dossier, bank_account, file_bilan, pay_orders
from aides.models_paiement import Bilan, Remboursement, Versement
from aides.services import bilan as bilan_services
from aides.services import paiement, remboursement
from aides.tests import factories as f
from aides.workflow import DossierStatus as S
from aides.workflow_paiement import BilanStatus as B
from aides.workflow_paiement import RemboursementStatus as R
from aides.workflow_paiement import VersementStatus as V
from cnm_portal.dates import today
from virements.models import PaymentOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return f.member()


def attributed(membership, oncommit, *, amount="10000.00", with_account=True):
    if with_account:
        bank_account(membership.structure)
    with oncommit():
        dossier = attributed_dossier(membership, amount=Decimal(amount))
    dossier.refresh_from_db()
    return dossier


def test_attribution_plans_the_schedule_and_orders_the_advance(membership, oncommit):
    dossier = attributed(membership, oncommit)
    versements = list(Versement.objects.filter(dossier=dossier).order_by("pk"))
    assert [(v.kind, v.amount, v.status) for v in versements] == [
        ("acompte", Decimal("7000.00"), V.ORDONNE),
        ("solde", Decimal("3000.00"), V.PREVU),
    ]
    assert dossier.status == S.EN_PAIEMENT
    assert Bilan.objects.get(dossier=dossier).due_on == dossier.bilan_due_on
    assert PaymentOrder.objects.get().amount == Decimal("7000.00")


def test_art5_aid_of_5000_or_less_paid_at_once(membership, oncommit):
    dossier = attributed(membership, oncommit, amount="5000.00")
    assert list(Versement.objects.filter(dossier=dossier).values_list("kind", "amount")) == [
        ("unique", Decimal("5000.00"))
    ]


def test_no_bank_account_waits_and_asks_for_it(membership, oncommit, client):
    dossier = attributed(membership, oncommit, with_account=False)
    assert dossier.status == S.ATTRIBUE
    assert not Versement.objects.filter(status=V.ORDONNE).exists()
    client.force_login(membership.user)
    page = client.get(f"/aides/dossiers/{dossier.pk}/").content.decode()
    assert "Coordonnées bancaires à saisir" in page
    assert f"/virements/structures/{dossier.structure_id}/coordonnees-bancaires/" in page
    bank_account(membership.structure)
    assert paiement.versements_order_ready() == 1
    assert paiement.versements_order_ready() == 0  # idempotent


def test_paid_hook_records_once_and_settles_after_bilan(membership, oncommit):
    dossier = attributed(membership, oncommit)
    with oncommit():
        pay_orders()
    acompte = Versement.objects.get(dossier=dossier, kind="acompte")
    assert acompte.status == V.PAYE and acompte.paid_on == today()
    file_bilan(dossier, actor=membership.user)
    with oncommit():
        bilan_services.bilan_validate(bilan=Bilan.objects.get(dossier=dossier), actor=None)
    solde = Versement.objects.get(dossier=dossier, kind="solde", status__in=[V.PREVU, V.ORDONNE])
    assert solde.amount == Decimal("3000.00") and solde.status == V.ORDONNE
    with oncommit():
        pay_orders()
    dossier.refresh_from_db()
    assert dossier.status == S.SOLDE
    assert paiement.amount_paid(dossier) == Decimal("10000.00")


def test_a_payment_above_what_is_due_is_refused(membership, oncommit):
    dossier = attributed(membership, oncommit, with_account=False)
    solde = Versement.objects.get(dossier=dossier, kind="solde")
    Versement.objects.filter(pk=solde.pk).update(trigger="attribution", amount=Decimal("3000.01"))
    bank_account(membership.structure)
    paiement.versements_order_ready()
    solde.refresh_from_db()
    with pytest.raises(ValidationError, match="dépasserait ce qui est dû"):
        paiement.versement_order(versement=solde, actor=None)
    solde.refresh_from_db()
    assert solde.status == V.PREVU and PaymentOrder.objects.count() == 1


def test_a_versement_is_never_recorded_twice(membership, oncommit):
    dossier = attributed(membership, oncommit)
    with pytest.raises(IntegrityError), transaction.atomic():
        Versement.objects.create(
            dossier=dossier, kind="acompte", label="x", trigger="attribution", amount=1
        )
    acompte = Versement.objects.get(dossier=dossier, kind="acompte")
    with pytest.raises(ValidationError):
        paiement.versement_order(versement=acompte, actor=None)  # already ordered
    with oncommit():
        pay_orders()
    order = PaymentOrder.objects.get()
    with pytest.raises(ValidationError):
        paiement.on_order_paid(order=order, actor=None)  # a second "paid" is refused
    assert Versement.objects.filter(dossier=dossier, status=V.PAYE).count() == 1


def test_bilan_after_deadline_without_extension_is_refused(membership, oncommit):
    dossier = attributed(membership, oncommit)
    Bilan.objects.filter(dossier=dossier).update(due_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError, match="est dépassée"):
        file_bilan(dossier, actor=membership.user)
    assert Bilan.objects.get(dossier=dossier).status == B.A_DEPOSER
    assert not Bilan.objects.get(dossier=dossier).lines.exists()


def test_extension_before_deadline_granted_then_filing_accepted(membership, oncommit):
    dossier = attributed(membership, oncommit)
    bilan = Bilan.objects.get(dossier=dossier)
    Bilan.objects.filter(pk=bilan.pk).update(due_on=today() + timedelta(days=1))
    bilan.refresh_from_db()
    with pytest.raises(ValidationError):
        bilan_services.bilan_extension_request(
            bilan=bilan, reason="", requested_until=today(), actor=None
        )
    extension = bilan_services.bilan_extension_request(
        bilan=bilan,
        reason="Studio inondé",
        requested_until=today() + timedelta(days=60),
        actor=None,
    )
    with pytest.raises(ValidationError):  # one at a time
        bilan_services.bilan_extension_request(
            bilan=bilan, reason="Encore", requested_until=today() + timedelta(days=90), actor=None
        )
    bilan_services.bilan_extension_decide(
        extension=extension,
        grant=True,
        granted_until=today() + timedelta(days=45),
        answer="",
        actor=None,
    )
    Bilan.objects.filter(pk=bilan.pk).update(due_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError):
        bilan_services.bilan_extension_request(
            bilan=bilan, reason="Trop tard", requested_until=today() + timedelta(days=9), actor=None
        )
    Bilan.objects.filter(pk=bilan.pk).update(due_on=today() + timedelta(days=45))
    assert file_bilan(dossier, actor=membership.user).status == B.DEPOSE


def test_recomputation_at_the_caps_never_above_attributed(membership, oncommit):
    dossier = attributed(membership, oncommit, amount="12000.00")
    # spending more raises the computed aid to the 15 000 € cap, never above what was attributed
    file_bilan(dossier, actor=membership.user, spent={"enregistrement": "90000"})
    computation, validated = bilan_services.bilan_recompute(Bilan.objects.get(dossier=dossier))
    assert computation.amount == Decimal("14400.00")  # capped (requested) — not the raw 40 %
    assert validated == Decimal("12000.00")


def test_recomputation_lower_spending_asks_reimbursement(membership, oncommit):
    dossier = attributed(membership, oncommit)
    with oncommit():
        pay_orders()
    # 8 000 + 2 000 eligible × 40 % = 4 000 € due; 7 000 € paid
    file_bilan(
        dossier,
        actor=membership.user,
        spent={"enregistrement": "8000", "remunerations_artistiques": "2000"},
    )
    with oncommit():
        bilan_services.bilan_validate(bilan=Bilan.objects.get(dossier=dossier), actor=None)
    item = Remboursement.objects.get(dossier=dossier)
    assert (item.paid, item.due, item.amount) == (
        Decimal("7000.00"),
        Decimal("4000.00"),
        Decimal("3000.00"),
    )
    assert item.letter  # rendered by the worker
    dossier.refresh_from_db()
    assert dossier.status == S.SOLDE
    assert not Versement.objects.filter(dossier=dossier, status__in=[V.PREVU, V.ORDONNE]).exists()


def test_overpaying_reimbursement_is_refused(membership, oncommit):
    dossier = attributed(membership, oncommit)
    with oncommit():
        pay_orders()
    with oncommit():
        item = services.dossier_cancel(dossier=dossier, actor=None, reason="Projet abandonné")
    assert item.amount == Decimal("7000.00") and item.full
    with pytest.raises(ValidationError, match="Il ne reste que"):
        remboursement.remboursement_record_payment(
            remboursement=item, amount=Decimal("7000.01"), received_on=today(), actor=None
        )
    with pytest.raises(ValidationError):
        remboursement.remboursement_create(
            dossier=dossier,
            paid=Decimal("100"),
            due=Decimal("200"),
            reason="x",
            full=False,
            actor=None,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Remboursement.objects.create(
            dossier=dossier, amount=Decimal("8000"), paid=Decimal("7000"), due=0, reason="x"
        )
    item.refresh_from_db()
    assert item.received == 0


def test_art6_block_unscheduled_then_schedule_kept_then_not(membership, oncommit, pdf_file):
    dossier = attributed(membership, oncommit)
    with oncommit():
        pay_orders()
    item = services.dossier_cancel(dossier=dossier, actor=None, reason="Irrégularité")
    on = today()
    assert selectors.has_unpaid_undue_aid(structure=membership.structure, on=on)
    new = f.complete_art16(membership, title="Nouveau")
    with pytest.raises(ValidationError, match="article 6"):
        services.dossier_deposit(
            dossier=new, actor=membership.user, lock_version=new.lock_version, sworn=True
        )
    remboursement.remboursement_schedule(
        remboursement=item,
        rows=[
            (on + timedelta(days=30), Decimal("3500.00")),
            (on + timedelta(days=60), Decimal("3500.00")),
        ],
        document=pdf_file("echeancier.pdf"),
        actor=None,
    )
    assert not selectors.has_unpaid_undue_aid(structure=membership.structure, on=on)
    assert selectors.has_unpaid_undue_aid(
        structure=membership.structure, on=on + timedelta(days=31)
    )
    assert remboursement.remboursements_mark_defaults(on=on) == 0  # kept today
    # the first installment falls due yesterday, unpaid: the schedule is not kept
    first = item.installments.order_by("due_on").first()
    type(first).objects.filter(pk=first.pk).update(due_on=on - timedelta(days=1))
    assert selectors.has_unpaid_undue_aid(structure=membership.structure, on=on)
    assert remboursement.remboursements_mark_defaults(on=on) == 1
    assert remboursement.remboursements_mark_defaults(on=on) == 0
    item.refresh_from_db()
    assert item.status == R.DEFAUT
    remboursement.remboursement_record_payment(
        remboursement=item, amount=Decimal("7000.00"), received_on=on, actor=None
    )
    item.refresh_from_db()
    assert item.status == R.REMBOURSE
    assert not selectors.has_unpaid_undue_aid(structure=membership.structure, on=on)
    new.refresh_from_db()
    deposited = services.dossier_deposit(
        dossier=new, actor=membership.user, lock_version=new.lock_version, sworn=True
    )
    assert deposited.status == S.DEPOSE


def test_compte_entrepreneur_condition_reads_the_block(membership, oncommit):
    from compte_entrepreneur.conditions import undue_aids_reimbursed

    assert undue_aids_reimbursed(structure=membership.structure, compte=None, on=today()) == []
    dossier = attributed(membership, oncommit)
    with oncommit():
        pay_orders()
    services.dossier_cancel(dossier=dossier, actor=None, reason="Irrégularité")
    assert undue_aids_reimbursed(structure=membership.structure, compte=None, on=today())


def test_suspension_stops_payments_and_lift_resumes(membership, oncommit):
    dossier = attributed(membership, oncommit)
    with oncommit():
        dossier = paiement.dossier_suspend(
            dossier=dossier, actor=None, reason="Déclaration inexacte"
        )
    assert dossier.status == S.SUSPENDU and dossier.status_before_suspension == S.EN_PAIEMENT
    acompte = Versement.objects.get(dossier=dossier, kind="acompte", status=V.PREVU)
    assert Versement.objects.filter(dossier=dossier, status=V.ANNULE).count() == 1
    with pytest.raises(ValidationError, match="suspendue"):
        paiement.versement_order(versement=acompte, actor=None)
    with oncommit():
        dossier = paiement.dossier_suspension_lift(dossier=dossier, actor=None)
    assert dossier.status == S.EN_PAIEMENT
    acompte.refresh_from_db()
    assert acompte.status == V.ORDONNE


def test_bilan_reminders_30_and_7_days_once(membership, oncommit, mailoutbox):
    dossier = attributed(membership, oncommit)
    due = Bilan.objects.get(dossier=dossier).due_on
    with oncommit():
        assert bilan_services.bilan_send_reminders(on=due - timedelta(days=31)) == 0
        assert bilan_services.bilan_send_reminders(on=due - timedelta(days=30)) == 1
        assert bilan_services.bilan_send_reminders(on=due - timedelta(days=30)) == 0
        assert bilan_services.bilan_send_reminders(on=due - timedelta(days=7)) == 1
        assert bilan_services.bilan_send_reminders(on=due - timedelta(days=1)) == 0
    assert sum("Rappel : bilan" in m.subject for m in mailoutbox) == 2
