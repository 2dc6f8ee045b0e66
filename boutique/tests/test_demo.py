import pytest

from accounts.demo import DEMO_ACCOUNTS, demo_user
from boutique.demo import DEMO_TITLES, create_demo_shop
from boutique.models import Order, Title
from boutique.workflow import OrderStatus as S

pytestmark = pytest.mark.django_db


def test_demo_shop_is_complete_and_can_run_twice():
    demo_user(DEMO_ACCOUNTS[0])
    lines = []
    create_demo_shop(lines.append)
    create_demo_shop(lines.append)
    assert Title.objects.count() == len(DEMO_TITLES) == 6
    for title in Title.objects.filter(kind=Title.Kind.DIGITAL):
        assert title.file.open("rb").read(5) == b"%PDF-"
        title.full_clean()
    order = Order.objects.get(user__email="camille.dupont@demo.cnm.fr")
    assert order.status == S.PAYEE
    assert order.invoice.number.startswith("F-")
    assert any(order.invoice.number in line for line in lines)
