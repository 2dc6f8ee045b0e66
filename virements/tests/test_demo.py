import pytest

from virements.demo import OPERA_SIRET, create_demo_bank_account

pytestmark = pytest.mark.django_db


def test_demo_gives_the_demo_structure_bank_details_once():
    from espace_pro.demo import structure_from_registry
    from virements.selectors import current_bank_account

    lines = []
    create_demo_bank_account(lines.append)
    create_demo_bank_account(lines.append)  # run twice: still one account
    opera = structure_from_registry(OPERA_SIRET)
    account = current_bank_account(structure=opera)
    assert account is not None and account.bic == "BNPAFRPP"
    assert opera.bank_accounts.count() == 1
    assert "•••• ••••" in lines[0]
