import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from alertes import services
from alertes.models import AlertDelivery, JobAlert
from alertes.tests.factories import make_alert
from annonces.choices import ContractType, Region
from annonces.models import JobAd
from annonces.tests.factories import make_ad
from annonces.workflow import A

pytestmark = pytest.mark.django_db


def _backdate(alert, days=1):
    JobAlert.objects.filter(pk=alert.pk).update(
        checked_until=timezone.now() - dt.timedelta(days=days)
    )


def test_one_alert_per_person_saved_twice_is_the_same(oncommit):
    user = UserFactory()
    with oncommit():
        first = services.alert_save(user=user, keywords=" régie ,  son ", actor=user)
        again = services.alert_save(user=user, keywords="régie , son", actor=user)
    assert first.pk == again.pk and JobAlert.objects.count() == 1
    assert again.keywords == "régie , son"
    assert [m.subject for m in mail.outbox] == ["[CNM] Votre alerte emploi est active"]


def test_unknown_choice_is_refused_and_nothing_saved():
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.alert_save(user=user, regions=["xx"], actor=user)
    assert "regions" in error.value.error_dict
    assert not JobAlert.objects.exists()


def test_pausing_and_reactivating_sends_an_email_and_restarts_from_now(oncommit):
    alert = make_alert()
    _backdate(alert, 5)
    with oncommit():
        services.alert_save(user=alert.user, active=False, actor=alert.user)
        alert = services.alert_save(user=alert.user, active=True, actor=alert.user)
    assert [m.subject for m in mail.outbox] == [
        "[CNM] Votre alerte emploi est inactive",
        "[CNM] Votre alerte emploi est active",
    ]
    assert alert.checked_until > timezone.now() - dt.timedelta(minutes=1)


def test_daily_email_lists_only_new_matching_ads_and_never_twice(oncommit):
    alert = make_alert(contract_types=[ContractType.CDDU], regions=[Region.BRETAGNE])
    _backdate(alert)
    match = make_ad(title="Technicien son", contract_type=ContractType.CDDU, region=Region.BRETAGNE)
    make_ad(title="Comptable", contract_type=ContractType.CDI, region=Region.BRETAGNE)
    make_ad(title="Son à Paris", contract_type=ContractType.CDDU, region=Region.ILE_DE_FRANCE)
    make_ad(
        A.SOUMISE,
        title="Pas encore publiée",
        contract_type=ContractType.CDDU,
        region=Region.BRETAGNE,
    )
    mail.outbox.clear()
    with oncommit():
        assert services.daily_send() == 1
        assert services.daily_send() == 0  # same day: nothing more
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alert.user.email]
    assert "1 nouvelle annonce" in message.subject
    assert "Technicien son" in message.body and match.public_url in message.body
    assert "Comptable" not in message.body and "Paris" not in message.body
    assert "/alertes-emploi/desabonnement/" in message.body
    # RFC 8058: the mail client's « se désabonner » posts to the same signed link
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http") and "/alertes-emploi/desabonnement/" in link
    assert link.strip("<>").split("/alertes-emploi/")[1] in message.body
    assert message.extra_headers["Message-ID"].startswith("<outbox-")
    assert list(AlertDelivery.objects.values_list("ad_id", flat=True)) == [match.pk]


def test_next_day_only_ads_never_sent(oncommit):
    alert = make_alert()
    _backdate(alert)
    first = make_ad(title="Premier poste")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.daily_send() == 1
    # republished the next day: it is not new for this alert
    JobAd.objects.filter(pk=first.pk).update(published_at=timezone.now() + dt.timedelta(hours=1))
    later = timezone.now() + dt.timedelta(hours=2)
    assert services.daily_send(on=tomorrow, now=later) == 0
    second = make_ad(title="Second poste")
    JobAd.objects.filter(pk=second.pk).update(published_at=later + dt.timedelta(minutes=1))
    mail.outbox.clear()
    with oncommit():
        assert services.daily_send(on=tomorrow, now=later + dt.timedelta(hours=1)) == 1
    assert "Second poste" in mail.outbox[0].body and "Premier poste" not in mail.outbox[0].body


def test_nothing_sent_when_nothing_matches_or_alert_inactive(oncommit):
    alert = make_alert(keywords="violoncelle")
    paused = make_alert(active=False)
    _backdate(alert)
    _backdate(paused)
    make_ad(title="Régisseur")
    mail.outbox.clear()
    with oncommit():
        assert services.daily_send() == 0
    assert mail.outbox == []
    assert not AlertDelivery.objects.exists()


def test_keywords_match_any_phrase():
    alert = make_alert(keywords="violoncelle, régie")
    _backdate(alert)
    make_ad(title="Régisseur général")
    assert services.daily_send() == 1


def test_unsubscribe_deactivates_once(oncommit):
    alert = make_alert()
    mail.outbox.clear()
    with oncommit():
        services.alert_unsubscribe(alert_id=alert.pk)
        services.alert_unsubscribe(alert_id=alert.pk)
    alert.refresh_from_db()
    assert not alert.active
    assert [m.subject for m in mail.outbox] == ["[CNM] Votre alerte emploi est inactive"]


def test_task_runs_the_service():
    from alertes.tasks import send_daily_alerts

    alert = make_alert()
    _backdate(alert)
    make_ad()
    assert send_daily_alerts() == 1
    assert send_daily_alerts() == 0
