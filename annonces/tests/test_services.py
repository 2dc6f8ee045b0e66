import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from annonces import services
from annonces.models import JobAd
from annonces.tests.factories import ad_data, draft, make_ad
from annonces.workflow import A, ad_flow
from cnm_portal.dates import today
from cnm_portal.workflow import TransitionNotAllowed
from espace_pro.tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db


def _subjects():
    return [m.subject for m in mail.outbox]


def test_a_member_must_choose_one_of_their_structures():
    member = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        services.ad_create(user=member.user, data=ad_data(), structure=None, actor=member.user)
    assert "structure" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.ad_create(
            user=member.user, data=ad_data(), structure=StructureFactory(), actor=member.user
        )
    assert "Vous n'êtes pas membre" in str(error.value)
    assert not JobAd.objects.exists()


def test_a_person_without_structure_publishes_personally():
    user = UserFactory()
    ad = services.ad_create(user=user, data=ad_data(), actor=user)
    assert ad.for_structure is None and ad.status == A.BROUILLON
    assert ad.employer == "Léa Garnier"
    assert [c.to_status for c in ad_flow.history(ad)] == [A.BROUILLON]


def test_bad_input_saves_nothing():
    user = UserFactory()
    data = ad_data(title=" ", closing_date=today() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.ad_create(user=user, data=data, actor=user)
    assert {"title", "closing_date"} <= set(error.value.error_dict)
    assert not JobAd.objects.exists()


def test_same_token_twice_gives_the_first_ad():
    import uuid

    user, token = UserFactory(), uuid.uuid4()
    first = services.ad_create(user=user, data=ad_data(), token=token, actor=user)
    again = services.ad_create(user=user, data=ad_data(title="Autre"), token=token, actor=user)
    assert again.pk == first.pk and JobAd.objects.count() == 1


def test_moderation_path_with_an_email_at_each_step(oncommit):
    with oncommit():
        ad = draft()
        ad = services.ad_submit(ad=ad, actor=ad.user)
        assert ad.submitted_at is not None
        ad = services.ad_request_changes(ad=ad, actor=None, comment="Précisez le salaire.")
        assert ad.moderation_comment == "Précisez le salaire."
        ad = services.ad_submit(ad=ad, actor=ad.user)
        assert ad.moderation_comment == ""
        ad = services.ad_publish(ad=ad, actor=None, comment="Merci !")
    assert ad.status == A.PUBLIEE and ad.published_at is not None
    assert [c.to_status for c in ad_flow.history(ad)] == [
        A.BROUILLON,
        A.SOUMISE,
        A.A_MODIFIER,
        A.SOUMISE,
        A.PUBLIEE,
    ]
    subjects = _subjects()
    assert sum("soumise au CNM" in s for s in subjects) == 2
    assert any("à modifier" in s for s in subjects)
    published = next(m for m in mail.outbox if "est publiée" in m.subject)
    assert published.to == [ad.user.email] and "Merci !" in published.body
    assert ad.public_url in published.body
    changes = next(m for m in mail.outbox if "à modifier" in m.subject)
    assert "Précisez le salaire." in changes.body


def test_refusal_needs_a_reason_and_is_final(oncommit):
    ad = services.ad_submit(ad=draft(), actor=None)
    with pytest.raises(ValidationError):
        services.ad_refuse(ad=ad, actor=None, reason="  ")
    ad.refresh_from_db()
    assert ad.status == A.SOUMISE
    with oncommit():
        ad = services.ad_refuse(ad=ad, actor=None, reason="Hors secteur musical.")
    assert any("n'est pas publiée" in s for s in _subjects())
    with pytest.raises(TransitionNotAllowed):
        services.ad_submit(ad=ad, actor=ad.user)


def test_changes_need_a_comment():
    ad = services.ad_submit(ad=draft(), actor=None)
    with pytest.raises(ValidationError):
        services.ad_request_changes(ad=ad, actor=None, comment="")


def test_publishing_twice_is_refused_by_the_table():
    ad = make_ad(A.PUBLIEE)
    with pytest.raises(TransitionNotAllowed):
        services.ad_publish(ad=ad, actor=None)


def test_a_submitted_ad_cannot_be_edited():
    ad = make_ad(A.SOUMISE)
    with pytest.raises(ValidationError):
        services.ad_update(
            ad=ad, data=ad_data(title="Autre"), structure=ad.for_structure, actor=None
        )
    ad.refresh_from_db()
    assert ad.title == "Régisseur·se général·e"


def test_editing_a_published_ad_sends_it_back_to_moderation():
    ad = make_ad(A.PUBLIEE)
    ad = services.ad_update(
        ad=ad, data=ad_data(title="Régisseuse plateau"), structure=ad.for_structure, actor=ad.user
    )
    assert ad.status == A.SOUMISE and ad.title == "Régisseuse plateau"
    assert "regisseuse plateau" in ad.search_text


def test_withdraw_then_republish_goes_through_moderation():
    ad = make_ad(A.PUBLIEE)
    ad = services.ad_withdraw(ad=ad, actor=ad.user)
    assert ad.status == A.RETIREE
    ad = services.ad_submit(ad=ad, actor=ad.user)
    assert ad.status == A.SOUMISE


def test_a_closed_ad_republishes_only_with_a_new_closing_date():
    ad = make_ad(A.CLOTUREE)
    with pytest.raises(ValidationError) as error:
        services.ad_submit(ad=ad, actor=ad.user)
    assert "passée" in str(error.value)
    ad = services.ad_update(
        ad=ad,
        data=ad_data(closing_date=today() + dt.timedelta(days=10)),
        structure=ad.for_structure,
        actor=ad.user,
    )
    assert ad.status == A.CLOTUREE
    assert services.ad_submit(ad=ad, actor=ad.user).status == A.SOUMISE


def test_close_expired_is_open_through_the_closing_date_and_idempotent(oncommit):
    last_day = make_ad(A.PUBLIEE)
    expired = make_ad(A.PUBLIEE)
    JobAd.objects.filter(pk=last_day.pk).update(closing_date=today())
    JobAd.objects.filter(pk=expired.pk).update(closing_date=today() - dt.timedelta(days=1))
    mail.outbox.clear()
    with oncommit():
        assert services.close_expired() == 1
        assert services.close_expired() == 0
    last_day.refresh_from_db()
    expired.refresh_from_db()
    assert last_day.status == A.PUBLIEE and expired.status == A.CLOTUREE
    assert _subjects() == ["[CNM] Votre annonce est clôturée"]
    # the day after the last day, the other one closes too
    assert services.close_expired(on=today() + dt.timedelta(days=1)) == 1


def test_task_runs_the_service():
    from annonces.tasks import close_expired_ads

    ad = make_ad(A.PUBLIEE)
    JobAd.objects.filter(pk=ad.pk).update(closing_date=today() - dt.timedelta(days=3))
    assert close_expired_ads() == 1
    assert close_expired_ads() == 0


@pytest.mark.django_db(transaction=True)
def test_two_moderators_at_once_only_one_move_wins():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    import threading

    ad = make_ad(A.SOUMISE)
    results = []

    def act(fn):
        from django.db import connection as conn

        try:
            fn()
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            conn.close()

    threads = [
        threading.Thread(target=act, args=(lambda: services.ad_publish(ad=ad, actor=None),)),
        threading.Thread(
            target=act, args=(lambda: services.ad_refuse(ad=ad, actor=None, reason="Non."),)
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert len(ad_flow.history(ad)) == 3
