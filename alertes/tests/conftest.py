from espace_pro.tests.conftest import oncommit  # noqa: F401
