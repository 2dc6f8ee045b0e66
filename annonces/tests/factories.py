"""Ads built through the services, one helper per status (never a random state)."""

import datetime as dt

from accounts.tests.factories import UserFactory
from annonces import services
from annonces.choices import ContractType, JobFamily, Region, Remote
from annonces.workflow import A
from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory


def ad_data(**overrides) -> dict:
    data = {
        "title": "Régisseur·se général·e",
        "contract_type": ContractType.CDI,
        "family": JobFamily.TECHNIQUE,
        "city": "Nantes",
        "region": Region.PAYS_DE_LA_LOIRE,
        "remote": Remote.NON,
        "description": "Vous coordonnez la régie d'une salle de musiques actuelles de 900 places.",
        "start_date": today() + dt.timedelta(days=60),
        "closing_date": today() + dt.timedelta(days=30),
        "contact_name": "Léa Garnier",
        "contact_email": "recrutement@salle.fr",
        "contact_phone": "02 40 00 00 00",
        "application_url": "https://salle.fr/recrutement",
    }
    data.update(overrides)
    return data


def draft(user=None, *, structure=None, **overrides):
    """A draft written by a member for their structure (or by ``user`` à titre personnel)."""
    if user is None:
        member = MembershipFactory(role="Gérante")
        user, structure = member.user, member.structure
    return services.ad_create(user=user, data=ad_data(**overrides), structure=structure, actor=user)


def make_ad(status: str = A.PUBLIEE, user=None, *, structure=None, **overrides):
    ad = draft(user, structure=structure, **overrides)
    author = ad.user
    if status == A.BROUILLON:
        return ad
    if status == A.RETIREE and not overrides.pop("after_publication", False):
        return services.ad_withdraw(ad=ad, actor=author)
    ad = services.ad_submit(ad=ad, actor=author)
    if status == A.SOUMISE:
        return ad
    if status == A.A_MODIFIER:
        return services.ad_request_changes(ad=ad, actor=None, comment="Précisez le salaire.")
    if status == A.REFUSEE:
        return services.ad_refuse(ad=ad, actor=None, reason="Offre hors du secteur musical.")
    ad = services.ad_publish(ad=ad, actor=None)
    if status == A.PUBLIEE:
        return ad
    if status == A.CLOTUREE:
        from annonces.models import JobAd

        JobAd.objects.filter(pk=ad.pk).update(closing_date=today() - dt.timedelta(days=1))
        services.close_expired()
        ad.refresh_from_db()
        return ad
    raise ValueError(status)


def stranger():
    return UserFactory()
