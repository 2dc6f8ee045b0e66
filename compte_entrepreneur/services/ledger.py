"""The ledger: every movement locks the account row, writes one entry (unique source) with its
generation movements and updates the stored balance in the same transaction."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.outbox import outbox_enqueue
from compte_entrepreneur import rules
from compte_entrepreneur.models import (
    Compte,
    Entry,
    Generation,
    GenerationMovement,
    TaxAllocation,
)
from compte_entrepreneur.selectors import cents_to_euros, exact_sum
from espace_pro.models import Structure

GENERATION_NOTICE_KIND = "compte_entrepreneur.generation_notice"
EXPIRY_CHUNK = 500


class LedgerError(Exception):
    """A movement that would break the ledger (negative balance, generation overdrawn)."""


def compte_open(*, structure: Structure | int) -> Compte:
    """Art. 44: opened automatically for every redevable that paid the tax (and for the
    beneficiary of a transfer); safe under concurrency (the structure is unique)."""
    structure_id = structure if isinstance(structure, int) else structure.pk
    try:
        with transaction.atomic():
            compte, _created = Compte.objects.get_or_create(structure_id=structure_id)
    except IntegrityError:
        compte = Compte.objects.get(structure_id=structure_id)
    return compte


def lock_comptes(structure_ids: Iterable[int], *, open_missing: bool = True) -> dict[int, Compte]:
    """Open the accounts if needed and lock them, in primary-key order (no deadlock between
    two movements touching the same two accounts)."""
    ids = sorted(set(structure_ids))
    if open_missing:
        for structure_id in ids:
            compte_open(structure=structure_id)
    locked = Compte.objects.select_for_update().filter(structure_id__in=ids).order_by("pk")
    return {compte.structure_id: compte for compte in locked}


def post_entry(
    compte: Compte,
    *,
    kind: str,
    amount: Decimal,
    source: str,
    label: str,
    effective_on: date,
    moves: Sequence[tuple[Generation, Decimal]],
    **links,
) -> Entry | None:
    """Write one entry on a locked account. Returns None when ``source`` was already entered
    (a replay changes nothing)."""
    if Entry.objects.filter(source=source).exists():
        return None
    if amount == 0:
        raise LedgerError("an entry moves money")
    if sum((delta for _g, delta in moves), Decimal("0.00")) != amount:
        raise LedgerError("the generation movements must add up to the entry")
    new_balance = compte.balance + amount
    if new_balance < 0:
        raise LedgerError("the balance cannot become negative")
    entry = Entry.objects.create(
        compte=compte,
        kind=kind,
        amount=amount,
        balance_after=new_balance,
        source=source,
        label=label[:255],
        effective_on=effective_on,
        **links,
    )
    on = today()
    for generation, delta in moves:
        remaining = generation.remaining + delta
        if remaining < 0 or remaining > generation.amount:
            raise LedgerError("a generation cannot be overdrawn")
        Generation.objects.filter(pk=generation.pk).update(remaining=remaining)
        generation.remaining = remaining
        GenerationMovement.objects.create(entry=entry, generation=generation, amount=delta, on=on)
    Compte.objects.filter(pk=compte.pk).update(balance=new_balance)
    compte.balance = new_balance
    return entry


def new_generation(
    compte: Compte, amount: Decimal, *, notified_on: date, valid_until: date, **links
) -> Generation:
    """A generation starts empty; the entry that brings its money fills it."""
    return Generation.objects.create(
        compte=compte,
        amount=amount,
        remaining=Decimal("0.00"),
        notified_on=notified_on,
        valid_until=valid_until,
        **links,
    )


# --- credit from the tax (art. 45, 46, 48) -------------------------------------------------


def credit_parties(notice) -> list[tuple[int, Decimal]]:
    """The accounts a payment feeds: the coproduction split signed by every party (art. 46),
    else the redevable alone. A rectification's extra tax follows its declaration's split."""
    declaration = notice.declaration
    if declaration is None and notice.kind == notice.Kind.RECTIFICATION:
        rectification = getattr(notice, "rectification", None)
        declaration = rectification.declaration if rectification is not None else None
    if declaration is not None:
        shares = list(declaration.shares.order_by("pk"))
        if shares and all(share.signed_at is not None for share in shares):
            declarant = [s for s in shares if s.structure_id == declaration.structure_id]
            others = [s for s in shares if s.structure_id != declaration.structure_id]
            return [(s.structure_id, s.share) for s in declarant + others]
    return [(notice.structure_id, Decimal("100"))]


def credit_tax_payment(*, payment, notice, actor) -> TaxAllocation | None:
    """Hook of the tax app, run in the transaction that applies ``payment`` to ``notice``.
    Idempotent per payment."""
    with transaction.atomic():
        if TaxAllocation.objects.filter(payment_id=payment.pk).exists():
            return None
        office = notice.kind == notice.Kind.TAXATION_OFFICE
        # what was paid before, from our own allocations (the tax app locks the notice row, so
        # payments of one notice are allocated one after the other), not from ``notice.paid``
        paid_before = cents_to_euros(
            TaxAllocation.objects.filter(payment__notice_id=notice.pk).aggregate(
                total=exact_sum("amount")
            )["total"]
        )
        eligible = rules.eligible_tax(
            taxation_office=office,
            principal=notice.principal,
            majoration=notice.majoration,
            paid_before=paid_before,
            amount=payment.amount,
        )
        credited = rules.credit_from_tax(eligible)
        allocation = TaxAllocation.objects.create(
            payment=payment,
            structure_id=notice.structure_id,
            year=payment.paid_on.year,
            amount=payment.amount,
            eligible=eligible,
            credited=credited,
            support=eligible - credited,
            excluded=payment.amount - eligible,
            taxation_office=office,
        )
        parties = credit_parties(notice) if credited else [(notice.structure_id, Decimal("100"))]
        comptes = lock_comptes([structure_id for structure_id, _share in parties])
        on = today()
        for structure_id, part in rules.split_credit(credited, parties):
            if part <= 0:
                continue
            compte = comptes[structure_id]
            generation = new_generation(
                compte,
                part,
                notified_on=on,
                valid_until=rules.generation_valid_until(on),
                payment=payment,
            )
            post_entry(
                compte,
                kind=Entry.Kind.CREDIT,
                amount=part,
                source=f"paiement:{payment.pk}:{structure_id}",
                label=_("65 %% de la taxe payée (avis %(number)s)") % {"number": notice.number},
                effective_on=payment.paid_on,
                moves=[(generation, part)],
                payment=payment,
                generation=generation,
            )
            outbox_enqueue(GENERATION_NOTICE_KIND, {"generation_id": generation.pk})
        audit_record(
            actor=actor,
            action="compte_entrepreneur.credit",
            target=payment,
            data={"taxe": str(eligible), "credit": str(credited)},
        )
    return allocation


# --- expiry (art. 48) ----------------------------------------------------------------------


def expire_locked(comptes: dict[int, Compte], *, on: date) -> int:
    """Cancel what is left of every generation past its three years, on accounts the caller
    has locked. Idempotent: a cancelled generation has nothing left."""
    by_pk = {compte.pk: compte for compte in comptes.values()}
    due = list(
        Generation.objects.filter(
            compte_id__in=by_pk, valid_until__lt=on, remaining__gt=0
        ).order_by("compte_id", "valid_until", "pk")
    )
    if not due:
        return 0
    now = timezone.now()
    entries, moves = [], []
    for generation in due:
        compte = by_pk[generation.compte_id]
        compte.balance -= generation.remaining
        entries.append(
            Entry(
                compte=compte,
                kind=Entry.Kind.EXPIRY,
                amount=-generation.remaining,
                balance_after=compte.balance,
                source=f"peremption:{generation.pk}",
                label=_("Droits de la génération du %(date)s arrivés à péremption")
                % {"date": generation.notified_on.strftime("%d/%m/%Y")},
                effective_on=generation.valid_until,
                generation=generation,
                created_at=now,
            )
        )
    Entry.objects.bulk_create(entries)
    for generation, entry in zip(due, entries, strict=True):
        moves.append(
            GenerationMovement(entry=entry, generation=generation, amount=entry.amount, on=on)
        )
    GenerationMovement.objects.bulk_create(moves)
    Generation.objects.filter(pk__in=[g.pk for g in due]).update(remaining=0, expired_on=on)
    Compte.objects.bulk_update(list(by_pk.values()), ["balance"])
    return len(due)


def generations_expire(*, on: date | None = None) -> int:
    """Daily job: cancellation of the expired rights, in chunks of accounts (idempotent). The
    accounts concerned are read once; each chunk re-reads its due generations under the lock."""
    on = on or today()
    structure_ids = list(
        Generation.objects.filter(valid_until__lt=on, remaining__gt=0)
        .values_list("compte__structure_id", flat=True)
        .distinct()
        .order_by("compte__structure_id")
    )
    done = 0
    for start in range(0, len(structure_ids), EXPIRY_CHUNK):
        chunk = structure_ids[start : start + EXPIRY_CHUNK]
        with transaction.atomic():
            done += expire_locked(lock_comptes(chunk, open_missing=False), on=on)
    return done
