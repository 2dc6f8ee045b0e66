"""Demo accounts (never in production): an applicant, an instructor, a commission member.

Later apps add their demo data through :func:`register_demo_step`, called from their
``AppConfig.ready()``; the ``demo_data`` command runs every step in order and prints what a
person needs to try the portal.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import User

# A fixed, public secret: demo accounts exist only outside production.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


@dataclass
class DemoAccount:
    email: str
    password: str
    first_name: str
    last_name: str
    role: str
    staff: bool = False
    groups: tuple[str, ...] = ()


DEMO_ACCOUNTS = [
    DemoAccount(
        "camille.dupont@demo.cnm.fr",
        "Camille-Demo-2026",
        "Camille",
        "Dupont",
        "Demandeuse (compte individuel)",
    ),
    DemoAccount(
        "instructeur@demo.cnm.fr",
        "Instructeur-Demo-2026",
        "Jeanne",
        "Martin",
        "Instructrice CNM (administration, TOTP)",
        staff=True,
        groups=(roles.INSTRUCTEUR, roles.SERVICE_TAXE, roles.SERVICES),
    ),
    DemoAccount(
        "commission@demo.cnm.fr",
        "Commission-Demo-2026",
        "Paul",
        "Bernard",
        "Membre de commission (pages du portail)",
        groups=(roles.COMMISSION,),
    ),
]

DemoStep = Callable[[Callable[[str], None]], None]
_steps: list[tuple[int, DemoStep]] = []


def register_demo_step(order: int, step: DemoStep) -> None:
    _steps.append((order, step))


def demo_user(account: DemoAccount) -> User:
    user, _created = User.objects.get_or_create(
        email=account.email,
        defaults={"first_name": account.first_name, "last_name": account.last_name},
    )
    user.set_password(account.password)
    user.is_staff = account.staff
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    user.groups.set(Group.objects.filter(name__in=account.groups))
    if (
        account.staff
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


def create_accounts(out: Callable[[str], None]) -> None:
    out("Comptes de démonstration (email / mot de passe) :")
    for account in DEMO_ACCOUNTS:
        demo_user(account)
        out(f"  - {account.role} : {account.email} / {account.password}")
    out(
        "  L'instructrice se connecte à /admin/ avec un code TOTP : ajoutez la clé "
        f"{DEMO_TOTP_SECRET} à votre application d'authentification, ou lancez "
        "« python manage.py demo_totp » pour afficher le code du moment."
    )


register_demo_step(0, create_accounts)


def run_demo(out: Callable[[str], None]) -> None:
    with transaction.atomic():
        for _order, step in sorted(_steps, key=lambda s: s[0]):
            step(out)
