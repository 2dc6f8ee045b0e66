import pytest

from espace_pro.tests.conftest import PDF, instructor, oncommit, pdf_file  # noqa: F401


@pytest.fixture
def member(db, user):
    from aides.tests.factories import member

    return member(user=user)
