"""Users and clients of the fuzz suite."""

from urllib.parse import urlsplit

from django.test import Client

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def clients(user):
    """A client and a client enforcing CSRF checks, both logged in as ``user`` (or anonymous)."""
    client, csrf_client = Client(), Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
        csrf_client.force_login(user)
    return client, csrf_client


def superuser():
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import StaffFactory

    user = StaffFactory(is_superuser=True)
    TOTP.activate(user, TOTP_SECRET)
    return user


def member():
    from espace_pro.tests.factories import MembershipFactory

    return MembershipFactory(role="Gérante").user


def own_targets(targets, page_url):
    """The forms that post to the page itself (not the header's logout or search forms)."""
    path = urlsplit(page_url).path
    seen, kept = set(), []
    for target in targets:
        if urlsplit(target.url).path != path:
            continue
        key = (target.url, tuple(sorted(target.fields)), tuple(target.buttons))
        if key not in seen:
            seen.add(key)
            kept.append(target)
    return kept
