from espace_pro.tests.conftest import instructor, oncommit  # noqa: F401
