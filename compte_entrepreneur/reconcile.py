"""Checks of the ledger against itself and against the tax paid (``manage.py reconcile_comptes``).

For every account: the stored balance equals the sum of its entries and of its generations'
remainders, each generation's remainder equals its movements, and the credits equal 65 % of the
eligible tax paid (recomputed from the tax app's notices and payments, split as art. 46 says).
"""

from collections import defaultdict
from decimal import Decimal

from cnm_portal.money import format_euros
from compte_entrepreneur import rules
from compte_entrepreneur.models import (
    Compte,
    Entry,
    Generation,
    GenerationMovement,
    TaxAllocation,
)
from compte_entrepreneur.selectors import cents_to_euros, exact_sum
from compte_entrepreneur.services.ledger import credit_parties

ZERO = Decimal("0.00")


def _sums(queryset, key: str, value: str) -> dict:
    rows = queryset.values(key).annotate(total=exact_sum(value)).order_by()
    return {row[key]: cents_to_euros(row["total"]) for row in rows}


def reconcile() -> list[str]:
    """Every difference found, one French line each (empty: the ledger is exact)."""
    from taxe.models import Notice, Payment

    differences: list[str] = []
    entries = _sums(Entry.objects.all(), "compte", "amount")
    remainders = _sums(Generation.objects.all(), "compte", "remaining")
    credits = _sums(Entry.objects.filter(kind=Entry.Kind.CREDIT), "compte__structure", "amount")
    comptes = {c.structure_id: c for c in Compte.objects.select_related("structure")}

    def label(structure_id) -> str:
        compte = comptes.get(structure_id)
        return str(compte) if compte else f"Structure n° {structure_id} (sans compte)"

    for compte in comptes.values():
        if compte.balance != entries.get(compte.pk, ZERO):
            differences.append(
                f"{compte} : solde enregistré {format_euros(compte.balance)}, somme des écritures "
                f"{format_euros(entries.get(compte.pk, ZERO))}"
            )
        if compte.balance != remainders.get(compte.pk, ZERO):
            differences.append(
                f"{compte} : solde {format_euros(compte.balance)}, reste des générations "
                f"{format_euros(remainders.get(compte.pk, ZERO))}"
            )
    moved = _sums(GenerationMovement.objects.all(), "generation", "amount")
    for generation in Generation.objects.select_related("compte__structure").iterator(
        chunk_size=2000
    ):
        if generation.remaining != moved.get(generation.pk, ZERO):
            differences.append(
                f"{generation.compte} : la génération n° {generation.pk} a un reste de "
                f"{format_euros(generation.remaining)} pour {format_euros(moved.get(generation.pk, ZERO))} "
                "de mouvements"
            )

    # credits against the tax paid
    expected: dict[int, Decimal] = defaultdict(lambda: ZERO)
    allocated_by_notice: dict[int, Decimal] = defaultdict(lambda: ZERO)
    eligible_by_notice: dict[int, Decimal] = defaultdict(lambda: ZERO)
    allocations = TaxAllocation.objects.select_related(
        "payment__notice__declaration", "payment__notice__rectification__declaration"
    ).prefetch_related("payment__notice__declaration__shares")
    for allocation in allocations.iterator(chunk_size=2000):
        notice = allocation.payment.notice
        allocated_by_notice[notice.pk] += allocation.amount
        eligible_by_notice[notice.pk] += allocation.eligible
        if allocation.credited != rules.credit_from_tax(allocation.eligible):
            differences.append(
                f"{label(notice.structure_id)} : paiement n° {allocation.payment_id}, "
                f"{format_euros(allocation.credited)} crédités pour 65 % de "
                f"{format_euros(allocation.eligible)}"
            )
        if allocation.credited:
            for structure_id, part in rules.split_credit(
                allocation.credited, credit_parties(notice)
            ):
                expected[structure_id] += part
    paid = _sums(Payment.objects.filter(notice__isnull=False), "notice", "amount")
    notices = Notice.objects.filter(pk__in=set(paid) | set(allocated_by_notice))
    for notice in notices.iterator(chunk_size=2000):
        total = paid.get(notice.pk, ZERO)
        if allocated_by_notice.get(notice.pk, ZERO) != total:
            differences.append(
                f"{label(notice.structure_id)} : avis {notice.number}, "
                f"{format_euros(total)} payés dont "
                f"{format_euros(allocated_by_notice.get(notice.pk, ZERO))} répartis"
            )
        should = rules.eligible_tax(
            taxation_office=notice.kind == Notice.Kind.TAXATION_OFFICE,
            principal=notice.principal,
            majoration=notice.majoration,
            paid_before=ZERO,
            amount=total,
        )
        if eligible_by_notice.get(notice.pk, ZERO) != should:
            differences.append(
                f"{label(notice.structure_id)} : avis {notice.number}, taxe retenue "
                f"{format_euros(eligible_by_notice.get(notice.pk, ZERO))} au lieu de "
                f"{format_euros(should)}"
            )
    for structure_id in set(expected) | set(credits):
        if expected.get(structure_id, ZERO) != credits.get(structure_id, ZERO):
            differences.append(
                f"{label(structure_id)} : crédits {format_euros(credits.get(structure_id, ZERO))}, "
                f"65 % de la taxe payée {format_euros(expected.get(structure_id, ZERO))}"
            )
    return differences
