from espace_pro.tests.conftest import oncommit, pdf_file  # noqa: F401
