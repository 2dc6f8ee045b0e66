"""Every-status contract of the shop's admin models (built through the services)."""

from boutique.models import Invoice, Order, Title
from boutique.tests.factories import make_title, order_in
from boutique.workflow import OrderStatus as S
from boutique.workflow import order_flow


def _invoice(_status):
    return order_in(S.EXPEDIEE).invoice


STATUS_OBJECTS = {
    Title: (None, lambda _status: make_title()),
    Order: (order_flow, order_in),
    Invoice: (None, _invoice),
}
