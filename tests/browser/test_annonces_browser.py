"""End-to-end: a person writes a job ad and submits it, the CNM publishes it in the admin
(staff with a TOTP code), the public page shows it; the daily alert e-mails it to a person whose
criteria match, and the one-click link of the e-mail unsubscribes her."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from alertes.models import JobAlert
from alertes.services import alert_save
from alertes.tasks import send_daily_alerts
from annonces.models import JobAd
from annonces.workflow import A
from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory
from tests.browser.helpers import instructor, login, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ad_through_moderation_then_alert_email_and_unsubscribe(page, browser, live_server):
    base = live_server.url
    member = MembershipFactory(role="Gérante", structure__name="Salle Les Ondes")
    reader = UserFactory(email="lecteur@exemple.fr")
    alert_save(user=reader, contract_types=["cddu"], keywords="régie", actor=reader)
    JobAlert.objects.filter(user=reader).update(
        checked_until=timezone.now() - dt.timedelta(hours=1)
    )

    # the applicant writes the ad and submits it
    login(page, base, member.user.email)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Publier une annonce").click()
    page.get_by_label("Intitulé du poste").fill("Régisseur·se son pour la tournée")
    page.get_by_label("Structure qui recrute").select_option(label="Salle Les Ondes")
    page.get_by_label("Type de contrat").select_option(value="cddu")
    page.get_by_label("Famille de métiers").select_option(value="technique")
    page.get_by_label("Lieu (ville)").fill("Rennes")
    page.get_by_label("Région").select_option(value="bre")
    page.get_by_label("Description du poste et du profil recherché").fill(
        "Vous assurez la régie son de douze dates en Bretagne cet été."
    )
    closing = today() + dt.timedelta(days=20)
    page.get_by_label("Date de clôture des candidatures").fill(closing.isoformat())
    page.get_by_label("Nom du contact").fill("Léa Garnier")
    page.get_by_label("E-mail de candidature").fill("recrutement@lesondes.fr")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("button", name="Soumettre au CNM").click()
    assert page.get_by_test_id("ad-status").text_content().strip() == "Soumise à la modération"
    wait_for_mail(member.user.email, "Votre annonce est soumise au CNM")
    ad = JobAd.objects.get()
    assert ad.status == A.SOUMISE

    # not public yet
    response = page.goto(f"{base}/annonces/{ad.pk}/")
    assert response.status == 404

    # the CNM publishes it in the admin
    context, admin = instructor(browser, base)
    admin.goto(f"{base}/admin/annonces/jobad/?status__exact=soumise")
    admin.locator("#result_list").get_by_role("link", name=str(ad.pk), exact=True).click()
    admin.get_by_role("link", name="Publier…").click()
    admin.get_by_role("button", name="Enregistrer").click()
    admin.wait_for_url(re.compile(rf"/admin/annonces/jobad/{ad.pk}/change/"))
    context.close()
    published = wait_for_mail(member.user.email, "Votre annonce est publiée")
    ad.refresh_from_db()
    assert ad.status == A.PUBLIEE and ad.public_url in published.body

    # the public list and page show it to anyone
    visitor = browser.new_context(locale="fr-FR")
    public = visitor.new_page()
    public.goto(f"{base}/annonces/?contract_type=cddu&region=bre")
    public.get_by_role("link", name="Régisseur·se son pour la tournée").click()
    public.wait_for_url(re.compile(re.escape(ad.public_url)))
    assert "recrutement@lesondes.fr" in public.content()

    # the daily alert e-mails it once, with a one-click unsubscribe link
    mail.outbox.clear()
    assert send_daily_alerts() == 1
    assert send_daily_alerts() == 0
    message = wait_for_mail(reader.email, "nouvelle annonce pour votre alerte emploi")
    assert "Régisseur·se son pour la tournée" in message.body
    link = re.search(r"(http\S+/alertes-emploi/desabonnement/\S+/)", message.body).group(1)
    public.goto(link)
    public.get_by_role("button", name="Désactiver l'alerte").click()
    assert "Votre alerte emploi est inactive" in public.content()
    visitor.close()
    assert not JobAlert.objects.get(user=reader).active
