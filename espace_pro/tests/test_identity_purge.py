"""Guide: « ce document n'est pas conservé par le CNM » — the identity documents of requests that
are never processed or never completed go after a set time (daily job, idempotent)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from cnm_portal.models import StatusChange
from espace_pro import rules, services
from espace_pro.models import AccessRequestDocument
from espace_pro.tasks import expire_identity_documents
from espace_pro.tests.status_objects import personne_physique_data
from espace_pro.workflow import AccessRequestStatus as S

pytestmark = pytest.mark.django_db
SENT = dt.date(2026, 3, 2)
DAYS = rules.IDENTITY_DOCUMENT_RETENTION_DAYS


def personne_physique(user, pdf_file):
    return services.access_request_submit(
        user=user,
        data=personne_physique_data(fiscal_residence_certified=False),
        documents=[("piece_identite", pdf_file())],
        establishment=None,
    )


def stamp_history(request, clock):
    """History rows take the real time (their default is bound at import): date them."""
    StatusChange.objects.filter(object_id=str(request.pk), at__gt=clock.now).update(at=clock.now)


def run(on, oncommit):
    with oncommit():
        return services.access_request_expire_identity_documents(on=on)


def test_an_unprocessed_request_loses_its_identity_document_after_the_delay(
    user, pdf_file, clock, oncommit
):
    clock.set(SENT)
    request = personne_physique(user, pdf_file)
    stamp_history(request, clock)
    path = request.documents.get().file.name
    mail.outbox.clear()
    clock.set(SENT + dt.timedelta(days=DAYS))
    assert run(clock.today, oncommit) == 0  # the last day of the delay: still kept
    assert default_storage.exists(path)

    clock.set(SENT + dt.timedelta(days=DAYS + 1))
    assert run(clock.today, oncommit) == 1
    request.refresh_from_db()
    assert request.status == S.ANNULEE
    assert not AccessRequestDocument.objects.exists() and not default_storage.exists(path)
    assert mail.outbox[-1].to == [user.email] and "annulée" in mail.outbox[-1].subject
    assert run(clock.today, oncommit) == 0  # idempotent
    assert expire_identity_documents() == 0  # the beat task calls the same job


def test_the_delay_runs_from_the_last_move(user, pdf_file, clock, oncommit, instructor):
    clock.set(SENT)
    request = personne_physique(user, pdf_file)
    stamp_history(request, clock)
    clock.set(SENT + dt.timedelta(days=10))
    services.access_request_ask_document(request=request, actor=instructor, message="Illisible")
    stamp_history(request, clock)
    clock.set(SENT + dt.timedelta(days=10 + DAYS))
    assert run(clock.today, oncommit) == 0
    clock.set(SENT + dt.timedelta(days=11 + DAYS))  # never completed
    assert run(clock.today, oncommit) == 1
    request.refresh_from_db()
    assert request.status == S.ANNULEE and not request.documents.exists()


def test_other_documents_and_processed_requests_are_left_alone(
    user, pdf_file, clock, oncommit, instructor
):
    from espace_pro.tests.factories import AccessRequestFactory

    clock.set(SENT)
    morale = AccessRequestFactory()
    AccessRequestDocument.objects.create(
        request=morale, doc_type="kbis", file=pdf_file(), original_name="kbis.pdf", size=10
    )
    clock.set(SENT + dt.timedelta(days=DAYS + 40))
    assert run(clock.today, oncommit) == 0
    morale.refresh_from_db()
    assert morale.status == S.EN_ATTENTE and morale.documents.count() == 1


def test_the_job_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "espace_pro.tasks.expire_identity_documents" in tasks


def test_deleting_the_account_erases_its_request_documents(user, pdf_file, oncommit):
    from accounts.services import user_delete

    request = personne_physique(user, pdf_file)
    path = request.documents.get().file.name
    with oncommit():
        user_delete(user=user, actor=user)
        assert default_storage.exists(path)  # until the deletion is committed
    assert not default_storage.exists(path)
    assert not AccessRequestDocument.objects.exists()
