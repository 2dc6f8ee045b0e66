"""Property test: random sequences of tax payments, drawings, expiries and transfers keep every
invariant of the ledger (balance = entries ≥ 0, generations = balance, credits = 65 % of the
credited tax, nothing drawn after expiry, reconcile_comptes finds nothing)."""

import contextlib
import datetime as dt
import uuid
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from affiliation.selectors import is_affiliated
from cnm_portal.money import apply_rate
from compte_entrepreneur import rules, services
from compte_entrepreneur.models import Compte, Entry, Generation, GenerationMovement, TaxAllocation
from compte_entrepreneur.reconcile import reconcile
from compte_entrepreneur.tests.factories import (
    affiliate,
    bank_details,
    notice_for,
    pay,
    pdf,
)
from espace_pro.tests.factories import StructureFactory
from taxe.models import Notice

START = dt.date(2026, 12, 1)
cents = st.integers(min_value=1, max_value=400_000).map(lambda c: Decimal(c) / 100)

payment = st.tuples(
    st.just("pay"),
    st.integers(0, 2),
    cents,
    st.sampled_from(["liquidation", "taxation_office", "majoration", "coproduction"]),
)
drawing = st.tuples(st.just("draw"), st.integers(0, 2), cents)
wait = st.tuples(st.just("wait"), st.integers(1, 800))
transfer = st.tuples(st.just("transfer"), st.integers(0, 2), st.integers(0, 2))
operations = st.lists(st.one_of(payment, drawing, wait, transfer), min_size=1, max_size=14)


class LedgerInvariants(TestCase):
    def check(self):
        for compte in Compte.objects.all():
            entries = sum(e.amount for e in Entry.objects.filter(compte=compte))
            remaining = sum(g.remaining for g in Generation.objects.filter(compte=compte))
            assert compte.balance == entries >= 0
            assert compte.balance == remaining
        for allocation in TaxAllocation.objects.all():
            assert allocation.credited == rules.credit_from_tax(allocation.eligible)
            assert allocation.eligible + allocation.excluded == allocation.amount
        credited = sum(a.credited for a in TaxAllocation.objects.all())
        credits = sum(e.amount for e in Entry.objects.filter(kind=Entry.Kind.CREDIT))
        assert credited == credits
        assert not any(a.credited for a in TaxAllocation.objects.filter(taxation_office=True))
        late = GenerationMovement.objects.filter(
            entry__kind=Entry.Kind.DRAWING, on__gt=F("generation__valid_until")
        )
        assert not late.exists(), "a drawing used an expired generation"
        assert reconcile() == []

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(operations)
    def test_random_sequences_keep_the_invariants(self, ops):
        now = [timezone.make_aware(dt.datetime.combine(START, dt.time(10)))]
        with mock.patch("django.utils.timezone.now", side_effect=lambda: now[0]):
            structures = [StructureFactory() for _ in range(3)]
            for structure in structures:
                bank_details(structure)
            for op in ops:
                day = timezone.localdate(now[0])
                if op[0] == "pay":
                    _kind, who, amount, variant = op
                    structure = structures[who]
                    if variant == "taxation_office":
                        notice = notice_for(structure, amount, kind=Notice.Kind.TAXATION_OFFICE)
                    elif variant == "majoration":
                        notice = notice_for(
                            structure, amount, majoration=apply_rate(amount, Decimal("0.10"))
                        )
                    elif variant == "coproduction":
                        other = structures[(who + 1) % 3]
                        notice = notice_for(
                            structure, amount, shares=[(structure, "66.67"), (other, "33.33")]
                        )
                    else:
                        notice = notice_for(structure, amount)
                    pay(notice, amount + (notice.majoration if variant == "majoration" else 0))
                elif op[0] == "draw":
                    _kind, who, amount = op
                    structure = structures[who]
                    if not is_affiliated(structure=structure, on=day):
                        affiliate(structure, valid_from=day)
                    try:
                        request = services.drawing_request(
                            structure=structure,
                            actor=None,
                            amount=amount,
                            use="production",
                            project="Tournée",
                            commitment=True,
                            documents=[pdf()],
                            token=uuid.uuid4(),
                        )
                        services.drawing_validate(drawing=request, actor=None)
                    except ValidationError:
                        pass
                elif op[0] == "wait":
                    now[0] += dt.timedelta(days=op[1])
                    services.daily_run()
                else:
                    _kind, source, target = op
                    if source != target:
                        with contextlib.suppress(ValidationError):
                            services.transfer_record(
                                kind="fusion",
                                from_structure=structures[source],
                                to_structure=structures[target],
                                effective_on=day,
                                certain_on=day,
                                mentions_rights=True,
                                notified_on=day,
                                justified=True,
                                deed=pdf("acte.pdf"),
                                actor=None,
                            )
                self.check()
