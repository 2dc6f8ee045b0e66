"""Helpers shared by the browser tests: log in as a person or as an instructor (TOTP),
wait for an e-mail sent through the outbox, write a small PDF to upload."""

import re
import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def login(page, base_url: str, email: str) -> None:
    """Log in through allauth's page, as a user does."""
    page.goto(f"{base_url}/compte/login/")
    page.get_by_label("Identifiant").fill(email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()


def totp_code() -> str:
    """The current code; near the end of a 30 s step, wait for the next one (allauth's
    MFA_TOTP_TOLERANCE is 0: a code computed at :29.9 would be stale once the browser posts it)."""
    left = 30 - timezone.now().timestamp() % 30
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(timezone.now().timestamp()) // 30))


def instructor(browser, base_url: str):
    """A new browser context logged into the Django admin as a superuser with TOTP."""
    staff = StaffFactory(is_superuser=True, first_name="Ines", last_name="Tructrice")
    TOTP.activate(staff, TOTP_SECRET)
    context = browser.new_context(locale="fr-FR")
    admin = context.new_page()
    admin.set_default_timeout(15_000)
    admin.goto(f"{base_url}/admin/")
    assert "/compte/login/" in admin.url
    admin.get_by_label("Identifiant").fill(staff.email)
    admin.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    admin.get_by_role("button", name="Connexion").click()
    admin.wait_for_url(re.compile(r"/compte/2fa/authenticate/"))
    admin.locator("input[name=code]").fill(totp_code())
    admin.locator("input[name=code]").press("Enter")
    admin.wait_for_url(re.compile(r"/admin/$"))
    return context, admin


def wait_for_mail(to: str, subject: str, timeout: float = 5.0):
    """The e-mails leave through the outbox after commit (Celery eager, live_server thread)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mail.outbox if to in m.to and subject in m.subject]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            sent = [(m.to, m.subject) for m in mail.outbox]
            raise AssertionError(f"No e-mail « {subject} » to {to}; sent: {sent}")
        time.sleep(0.1)


def write_pdf(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(SMALL_PDF)
    return str(path)
