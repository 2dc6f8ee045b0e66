"""Payment objects in every status, built through the services (complete: bank details with
their RIB, copied details on the orders, SEPA and CSV files on exported lots). For
tests/test_admin_every_status.py."""

from cnm_portal import dates
from espace_pro.tests.factories import MembershipFactory
from virements import services
from virements.models import BankAccount, PaymentBatch, PaymentOrder
from virements.tests import factories as f
from virements.workflow import BatchStatus as B
from virements.workflow import OrderStatus as O
from virements.workflow import batch_flow, order_flow


def _structure():
    return MembershipFactory().structure


def make_order(status):
    order = f.order(_structure())
    if status == O.ANNULE:
        return services.payment_order_cancel(order=order, actor=None, reason="Aide retirée")
    if status == O.EN_LOT:
        f.batch(order)
    elif status == O.PAYE:
        f.paid_batch(order)
    order.refresh_from_db()
    return order


def make_batch(status):
    orders = [f.order(_structure(), "1200.00"), f.order(_structure(), "345.67")]
    if status == B.BROUILLON:
        return f.batch(*orders)
    batch = f.exported_batch(*orders)
    if status == B.PAYE:
        return services.payment_batch_mark_paid(batch=batch, paid_on=dates.today(), actor=None)
    if status == B.ANNULE:
        return services.payment_batch_cancel(batch=batch, actor=None, reason="Rejet du fichier")
    return batch


def make_bank_account(_status):
    structure = _structure()
    f.bank_account(structure)  # replaced by the next one: the history has two accounts
    return f.bank_account(structure, iban=f.OTHER_IBAN)


STATUS_OBJECTS = {
    PaymentOrder: (order_flow, make_order),
    PaymentBatch: (batch_flow, make_batch),
    BankAccount: (None, make_bank_account),
}
