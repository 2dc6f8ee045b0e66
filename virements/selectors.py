"""Reads of bank details and payments; applicant reads are scoped to the user's structures."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from espace_pro.models import Structure
from espace_pro.selectors import structure_for_user
from virements.models import BankAccount, PaymentBatch, PaymentOrder


def current_bank_account(*, structure: Structure) -> BankAccount | None:
    """The bank details payments go to now (None until the structure enters them)."""
    return BankAccount.objects.filter(structure=structure, replaced_at__isnull=True).first()


def orders_for_structure(*, structure: Structure) -> QuerySet[PaymentOrder]:
    """Every payment order of the structure, newest first, with its lot (for the paid date and
    reference) in the same query."""
    return (
        PaymentOrder.objects.filter(structure=structure)
        .select_related("batch")
        .order_by("-created_at", "-pk")
    )


def order_for_source(*, source: models.Model) -> PaymentOrder | None:
    """The payment order of ``source`` (an aid versement, a droit de tirage), if one exists, for
    the source app's pages ("à payer", "payé le…")."""
    return (
        PaymentOrder.objects.filter(
            source_type=ContentType.objects.get_for_model(source), source_id=str(source.pk)
        )
        .select_related("batch")
        .first()
    )


def bank_account_page(*, user: User, structure_id: int) -> dict:
    """The structure (404 for a non-member) and its current bank details."""
    structure = structure_for_user(user=user, structure_id=structure_id)
    return {"structure": structure, "account": current_bank_account(structure=structure)}


def bank_account_for_user(*, user: User, structure_id: int, account_id: int) -> BankAccount:
    structure = structure_for_user(user=user, structure_id=structure_id)
    return get_object_or_404(BankAccount, pk=account_id, structure=structure)


def batch_orders(*, batch: PaymentBatch) -> QuerySet[PaymentOrder]:
    """The orders of a lot in file order (the SEPA file, the CSV and the admin list agree)."""
    return batch.orders.select_related("structure").order_by("pk")
