"""Inscriptions, the waiting list moving up, cancellations and the staff's session actions."""

import datetime as dt
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from cnm_portal.models import OutboxMessage
from espace_pro.tests.factories import MembershipFactory, StructureFactory
from formations import services
from formations.documents import CONVOCATION_KIND, send_convocation
from formations.models import Inscription
from formations.tests.factories import make_session, register
from formations.workflow import IS, S, inscription_flow

pytestmark = pytest.mark.django_db


def _subjects(to):
    return [m.subject for m in mail.outbox if to in m.to]


def test_confirmed_inscription_gets_convocation_pdf_by_email(oncommit):
    member = MembershipFactory(role="Gérante")
    with oncommit():
        inscription = register(user=member.user, structure=member.structure)
    inscription.refresh_from_db()
    assert inscription.status == IS.CONFIRMEE and inscription.confirmed_at
    assert inscription.convocation_pdf.read().startswith(b"%PDF")
    [message] = [m for m in mail.outbox if member.user.email in m.to]
    assert "est confirmée" in message.subject
    assert message.attachments[0][0] == f"convocation-formation-{inscription.pk}.pdf"
    assert list(inscription_flow.history(inscription).values_list("to_status", flat=True)) == [
        IS.CONFIRMEE
    ]


def test_convocation_handler_is_idempotent(oncommit):
    inscription = register()
    payload = {"inscription_id": inscription.pk}
    with oncommit():
        send_convocation(payload)
        send_convocation(payload)
    assert len([m for m in mail.outbox if "confirmée" in m.subject]) == 1


def test_same_token_twice_gives_back_the_first_inscription():
    session, user, token = make_session(), UserFactory(), uuid.uuid4()
    first = register(session, user, token=token)
    assert register(session, user, token=token) == first
    assert Inscription.objects.count() == 1


def test_one_live_inscription_per_person_and_session():
    session, user = make_session(), UserFactory()
    register(session, user)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        register(session, user)
    assert Inscription.objects.count() == 1


def test_structure_must_be_one_of_the_persons():
    with pytest.raises(ValidationError) as error:
        register(structure=StructureFactory())
    assert "membre de cette structure" in str(error.value)
    assert not Inscription.objects.exists()


def test_full_session_puts_people_on_the_waiting_list_in_order(oncommit):
    session = make_session(seats=2)
    with oncommit():
        seated = [register(session), register(session)]
        waiting = [register(session), register(session)]
    assert [i.status for i in seated] == [IS.CONFIRMEE, IS.CONFIRMEE]
    assert [i.status for i in waiting] == [IS.EN_ATTENTE, IS.EN_ATTENTE]
    assert "liste d'attente" in _subjects(waiting[1].user.email)[0]
    assert "position 2" in next(m for m in mail.outbox if waiting[1].user.email in m.to).body
    assert not OutboxMessage.objects.filter(
        kind=CONVOCATION_KIND, payload__inscription_id=waiting[0].pk
    ).exists()


def test_cancel_frees_the_seat_for_the_first_waiting_person(oncommit):
    session = make_session(seats=1)
    first = register(session)
    second, third = register(session), register(session)
    with oncommit():
        services.inscription_cancel(inscription=first, actor=first.user)
    second.refresh_from_db(), third.refresh_from_db()
    assert (second.status, third.status) == (IS.CONFIRMEE, IS.EN_ATTENTE)
    assert second.convocation_pdf
    assert any("place s'est libérée" in s for s in _subjects(second.user.email))
    assert any("annulée" in s for s in _subjects(first.user.email))
    assert Inscription.objects.filter(session=session, status=IS.CONFIRMEE).count() == 1


def test_leaving_the_waiting_list_promotes_nobody():
    session = make_session(seats=1)
    seated, waiting, last = register(session), register(session), register(session)
    services.inscription_cancel(inscription=waiting, actor=waiting.user)
    last.refresh_from_db()
    assert last.status == IS.EN_ATTENTE
    assert Inscription.objects.get(pk=seated.pk).status == IS.CONFIRMEE


def test_person_cannot_cancel_after_the_delay():
    session = make_session(days=5, cancellation_delay_days=7)
    inscription = register(session)
    with pytest.raises(ValidationError, match="n'est plus possible"):
        services.inscription_cancel(inscription=inscription, actor=inscription.user)
    inscription.refresh_from_db()
    assert inscription.status == IS.CONFIRMEE


def test_cnm_cancels_after_the_delay_and_the_list_moves_up(oncommit):
    session = make_session(days=3, seats=1)
    seated, waiting = register(session), register(session)
    with oncommit():
        services.inscription_cancel(
            inscription=seated, actor=None, by_cnm=True, reason="Doublon de commande"
        )
    waiting.refresh_from_db()
    assert waiting.status == IS.CONFIRMEE
    assert "Doublon de commande" in next(m for m in mail.outbox if seated.user.email in m.to).body


def test_adding_seats_promotes_waiting_people():
    session = make_session(seats=1)
    register(session)
    waiting = [register(session), register(session), register(session)]
    session.seats = 3
    services.session_save(session=session, actor=None)
    statuses = [Inscription.objects.get(pk=i.pk).status for i in waiting]
    assert statuses == [IS.CONFIRMEE, IS.CONFIRMEE, IS.EN_ATTENTE]


def test_seats_cannot_fall_below_the_confirmed():
    session = make_session(seats=3)
    register(session), register(session)
    session.seats = 1
    with pytest.raises(ValidationError, match="déjà inscrites"):
        services.session_save(session=session, actor=None)


def test_session_cancel_tells_everyone(oncommit):
    session = make_session(seats=1)
    people = [register(session), register(session)]
    with oncommit():
        services.session_cancel(session=session, actor=None, reason="Formatrice malade")
    session.refresh_from_db()
    assert session.status == S.ANNULEE
    for inscription in people:
        inscription.refresh_from_db()
        assert inscription.status == IS.ANNULEE_CNM
        [message] = [
            m for m in mail.outbox if inscription.user.email in m.to and "annulée" in m.subject
        ]
        assert "Formatrice malade" in message.body


def test_session_cancel_needs_a_reason():
    session = make_session()
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, actor=None, reason=" ")
    session.refresh_from_db()
    assert session.status == S.OUVERTE


def test_no_inscription_on_a_started_or_cancelled_session():
    session = make_session(days=2)
    started = session.start + dt.timedelta(minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=started),
        pytest.raises(ValidationError, match="plus ouverte"),
    ):
        register(session)
    services.session_cancel(session=session, actor=None, reason="Annulée")
    with pytest.raises(ValidationError, match="plus ouverte"):
        register(session)
    assert not Inscription.objects.exists()


def test_attendance_only_once_started():
    inscription = register()
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.inscription_record(inscription=inscription, to=IS.PRESENTE, actor=None)
    later = inscription.session.start + dt.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.inscription_record(inscription=inscription, to=IS.ABSENTE, actor=None)
        services.inscription_record(inscription=inscription, to=IS.PRESENTE, actor=None)
    inscription.refresh_from_db()
    assert inscription.status == IS.PRESENTE


def test_changing_the_dates_sends_a_new_convocation(oncommit):
    session = make_session(seats=1)
    with oncommit():
        seated = register(session)
        waiting = register(session)
    seated.refresh_from_db()
    old_name = seated.convocation_pdf.name
    mail.outbox.clear()
    session.refresh_from_db()
    session.start += dt.timedelta(days=1)
    session.end += dt.timedelta(days=1)
    with oncommit():
        services.session_save(session=session, actor=None)
    seated.refresh_from_db()
    assert seated.convocation_pdf and seated.convocation_pdf.name != old_name
    [new] = _subjects(seated.user.email)
    assert "a changé" in new
    assert next(m for m in mail.outbox if seated.user.email in m.to).attachments
    assert "a changé" in _subjects(waiting.user.email)[0]
    # a change of seats only tells nobody
    mail.outbox.clear()
    session.seats = 2
    with oncommit():
        services.session_save(session=session, actor=None)
    assert not any("a changé" in m.subject for m in mail.outbox)
