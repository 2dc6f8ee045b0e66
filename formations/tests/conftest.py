from espace_pro.tests.conftest import instructor, oncommit, pdf_file  # noqa: F401
