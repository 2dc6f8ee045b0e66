import pytest

from espace_pro.tests.conftest import PDF, instructor, oncommit, pdf_file  # noqa: F401


@pytest.fixture
def pdf_bytes():
    return PDF


@pytest.fixture
def member(db):
    from espace_pro.tests.factories import MembershipFactory

    return MembershipFactory()
