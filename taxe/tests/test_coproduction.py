"""Coproduction never blocks the liquidation (art. 76 VI, RGA art. 46): the declarant withdraws a
pending split, a coproducer refuses it with a reason, and on the liquidation deadline an unsigned
split is liquidated for the declarant alone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from cnm_portal.models import AuditEntry
from espace_pro.tests.factories import MembershipFactory
from taxe import services
from taxe.models import CoproductionShare, Notice
from taxe.workflow import DeclarationStatus as D

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(db):
    return MembershipFactory(), MembershipFactory()


def pending_split(declarant, partner, *, day=None, category="1"):
    day = day or dt.date.today() - dt.timedelta(days=5)
    declaration = services.declaration_create(
        structure=declarant.structure, actor=declarant.user, spectacle="Copro"
    )
    services.representation_add(
        declaration=declaration,
        actor=declarant.user,
        data=services.RepresentationData(
            date=day, venue="v", city="c", category=category, base_ht=Decimal("10000")
        ),
    )
    services.declaration_set_shares(
        declaration=declaration,
        actor=declarant.user,
        shares=[(declarant.structure, Decimal("60")), (partner.structure, Decimal("40"))],
    )
    declaration = services.declaration_submit(declaration=declaration, actor=declarant.user)
    assert declaration.status == D.COPRODUCTION
    return declaration


def test_declarant_withdraws_a_pending_split(parties, client):
    declarant, partner = parties
    declaration = pending_split(declarant, partner)
    client.force_login(declarant.user)
    url = reverse("taxe:declaration", args=[declarant.structure_id, declaration.pk])
    assert "Retirer la répartition" in client.get(url).content.decode()
    client.post(url, {"action": "withdraw_split"})
    declaration.refresh_from_db()
    assert declaration.status == D.DEPOSEE and not declaration.shares.exists()
    assert AuditEntry.objects.filter(action="taxe.retrait_repartition").exists()
    services.liquidation_run()
    notice = Notice.objects.get(declaration=declaration)
    assert notice.structure == declarant.structure and notice.principal == Decimal("350.00")
    with pytest.raises(ValidationError):  # twice: nothing pending any more
        services.declaration_withdraw_split(declaration=declaration, actor=declarant.user)


def test_coproducer_refuses_with_a_reason(parties, client, oncommit):
    declarant, partner = parties
    declaration = pending_split(declarant, partner)
    share = CoproductionShare.objects.get(structure=partner.structure)
    client.force_login(partner.user)
    overview = reverse("taxe:overview", args=[partner.structure_id])
    assert "Refuser la répartition" in client.get(overview).content.decode()
    url = reverse("taxe:share_refuse", args=[partner.structure_id, share.pk])
    client.post(url, {"reason": "  "})  # no reason: refused, nothing changes
    share.refresh_from_db()
    declaration.refresh_from_db()
    assert share.refused_at is None and declaration.status == D.COPRODUCTION
    with oncommit():
        client.post(url, {"reason": "Nous ne sommes pas coproducteurs de cette date."})
    share.refresh_from_db()
    declaration.refresh_from_db()
    assert share.refused_at is not None and share.signed_at is None
    assert share.refusal_reason == "Nous ne sommes pas coproducteurs de cette date."
    assert declaration.status == D.DEPOSEE  # liquidated for the declarant alone
    assert any("refusée" in m.subject for m in mail.outbox if declarant.user.email in m.to)
    with pytest.raises(ValidationError):
        services.share_sign(share=share, actor=partner.user)
    services.liquidation_run()
    declaration.refresh_from_db()
    assert declaration.status == D.LIQUIDEE


@pytest.mark.parametrize(
    ("days_after_receipt", "status"),
    [(14, D.COPRODUCTION), (15, D.LIQUIDEE), (16, D.LIQUIDEE)],
)
def test_unsigned_split_liquidated_for_the_declarant_on_the_deadline(
    parties, clock, days_after_receipt, status
):
    declarant, partner = parties
    clock.set(dt.date(2026, 3, 2))
    declaration = pending_split(declarant, partner, day=dt.date(2026, 2, 20))
    assert declaration.liquidation_due_on == dt.date(2026, 3, 17)
    clock.set(dt.date(2026, 3, 2) + dt.timedelta(days=days_after_receipt))
    services.liquidation_run()
    declaration.refresh_from_db()
    assert declaration.status == status
    if status == D.LIQUIDEE:
        notice = Notice.objects.get(declaration=declaration)
        assert notice.structure == declarant.structure
        assert notice.principal == Decimal("350.00")
        # the split was never signed by all: it shares no credit
        assert CoproductionShare.objects.get(structure=partner.structure).signed_at is None


def test_a_signed_split_with_mediation_waits_for_review(parties):
    declarant, partner = parties
    declaration = pending_split(declarant, partner, category="aucune")
    services.share_sign(
        share=CoproductionShare.objects.get(structure=partner.structure), actor=partner.user
    )
    declaration.refresh_from_db()
    assert declaration.status == D.EN_REVUE


def test_every_draft_write_is_audited_and_refused_once_deposited(parties):
    declarant, _partner = parties
    declaration = services.declaration_create(
        structure=declarant.structure, actor=declarant.user, spectacle="S"
    )
    representation = services.representation_add(
        declaration=declaration,
        actor=declarant.user,
        data=services.RepresentationData(
            date=dt.date.today(), venue="v", city="c", category="1", base_ht=Decimal("10")
        ),
    )
    services.representation_delete(representation=representation, actor=declarant.user)
    services.representation_add(
        declaration=declaration,
        actor=declarant.user,
        data=services.RepresentationData(
            date=dt.date.today(), venue="v", city="c", category="1", base_ht=Decimal("10")
        ),
    )
    services.declaration_set_shares(declaration=declaration, actor=declarant.user, shares=[])
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"taxe.representation_ajout", "taxe.representation_suppression", "taxe.repartition"} <= (
        actions
    )
    services.declaration_submit(declaration=declaration, actor=declarant.user)
    stale = declaration  # an instance read before the deposit: the lock re-reads the row
    with pytest.raises(ValidationError, match="déposée"):
        services.representation_delete(
            representation=stale.representations.get(), actor=declarant.user
        )
