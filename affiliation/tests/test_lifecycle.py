"""The whole affiliation lifecycle with a moving clock (RGA art. 1)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from affiliation import services
from affiliation.models import Affiliation, AffiliationDocument, LiveShowActivity
from affiliation.selectors import is_affiliated
from affiliation.services import AffiliationData
from affiliation.tests.status_objects import FULL
from affiliation.workflow import AffiliationStatus as S
from cnm_portal.models import StatusChange

pytestmark = pytest.mark.django_db


def submit(member, pdf_file, data=FULL, documents=()):
    affiliation = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=data, documents=documents
    )
    return services.affiliation_submit(affiliation=affiliation, actor=member.user)


def test_full_lifecycle(member, instructor, clock, pdf_file, oncommit):
    clock.set(dt.date(2026, 1, 15))
    structure = member.structure

    with oncommit():
        affiliation = submit(member, pdf_file)
    assert affiliation.status == S.SOUMISE and affiliation.kind == Affiliation.Kind.PREMIERE
    assert "Demande d'affiliation reçue" in mail.outbox[-1].subject

    # incomplete → relance: one month from the e-mail
    with oncommit():
        services.affiliation_mark_incomplete(
            affiliation=affiliation, actor=instructor, missing_items="Extrait Kbis récent"
        )
    affiliation.refresh_from_db()
    assert affiliation.completion_deadline == dt.date(2026, 2, 15)
    assert "15/02/2026" in mail.outbox[-1].body and "Extrait Kbis récent" in mail.outbox[-1].body

    # completed on the last day of the month: accepted
    clock.set(dt.date(2026, 2, 15))
    services.affiliation_save_draft(
        structure=structure,
        actor=member.user,
        data=FULL,
        documents=[("autre", pdf_file("kbis.pdf"))],
        affiliation=affiliation,
    )
    affiliation = services.affiliation_submit(affiliation=affiliation, actor=member.user)
    assert affiliation.status == S.SOUMISE

    # validated: one year from notification, PDF by e-mail
    clock.set(dt.date(2026, 2, 20))
    with oncommit():
        affiliation = services.affiliation_validate(affiliation=affiliation, actor=instructor)
    assert (affiliation.valid_from, affiliation.valid_until) == (
        dt.date(2026, 2, 20),
        dt.date(2027, 2, 19),
    )
    affiliation.refresh_from_db()
    assert affiliation.decision_pdf.name.endswith(".pdf")
    notification = mail.outbox[-1]
    assert "Notification d'affiliation" in notification.subject
    assert notification.attachments[0][2] == "application/pdf"
    assert is_affiliated(structure=structure, on=dt.date(2027, 2, 19))
    assert not is_affiliated(structure=structure, on=dt.date(2027, 2, 20))
    assert not is_affiliated(structure=structure, on=dt.date(2026, 2, 19))

    # reminders 60 and 15 days before, each once
    clock.set(dt.date(2026, 12, 20))  # 61 days before
    assert services.affiliation_send_reminders(on=clock.today) == 0
    clock.set(dt.date(2026, 12, 21))  # 60 days before
    with oncommit():
        assert services.affiliation_send_reminders(on=clock.today) == 1
    assert services.affiliation_send_reminders(on=clock.today) == 0  # idempotent
    assert "arrive à échéance" in mail.outbox[-1].subject

    # first renewal of a legal entity: the training attestation is required
    clock.set(dt.date(2027, 1, 10))
    renewal = services.affiliation_save_draft(structure=structure, actor=member.user, data=FULL)
    assert renewal.kind == Affiliation.Kind.RENOUVELLEMENT
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_submit(affiliation=renewal, actor=member.user)
    assert "doc_attestation_vss" in excinfo.value.message_dict
    services.affiliation_save_draft(
        structure=structure,
        actor=member.user,
        data=FULL,
        documents=[("attestation_vss", pdf_file("attestation.pdf"))],
        affiliation=renewal,
    )
    renewal = services.affiliation_submit(affiliation=renewal, actor=member.user)
    clock.set(dt.date(2027, 1, 20))
    renewal = services.affiliation_validate(affiliation=renewal, actor=instructor)
    # no gap, no overlap
    assert (renewal.valid_from, renewal.valid_until) == (dt.date(2027, 2, 20), dt.date(2028, 2, 19))

    # expiry of the first year: it expires, but the structure stays affiliated (renewed)
    clock.set(dt.date(2027, 2, 20))
    mail.outbox.clear()
    assert services.affiliation_expire(on=clock.today) == 1
    assert services.affiliation_expire(on=clock.today) == 0
    affiliation.refresh_from_db()
    assert affiliation.status == S.EXPIREE
    assert mail.outbox == []  # renewed: no "expired" e-mail
    assert is_affiliated(structure=structure, on=dt.date(2027, 2, 20))

    # every step is in the history, with its actor
    steps = list(
        StatusChange.objects.filter(
            object_id=str(affiliation.pk), workflow="affiliation"
        ).values_list("to_status", flat=True)
    )
    assert steps == ["brouillon", "soumise", "incomplete", "soumise", "validee", "expiree"]


def test_incomplete_request_is_cancelled_one_month_after_the_relance(
    member, instructor, clock, pdf_file, oncommit
):
    clock.set(dt.date(2026, 1, 31))
    affiliation = submit(member, pdf_file)
    services.affiliation_mark_incomplete(
        affiliation=affiliation, actor=instructor, missing_items="X"
    )
    affiliation.refresh_from_db()
    assert affiliation.completion_deadline == dt.date(2026, 2, 28)

    clock.set(dt.date(2026, 2, 28))
    assert services.affiliation_cancel_overdue(on=clock.today) == 0
    clock.set(dt.date(2026, 3, 1))
    with oncommit():
        assert services.affiliation_cancel_overdue(on=clock.today) == 1
    assert services.affiliation_cancel_overdue(on=clock.today) == 0  # idempotent
    affiliation.refresh_from_db()
    assert affiliation.status == S.ANNULEE
    assert "annulée" in mail.outbox[-1].subject


def test_completion_after_the_deadline_is_refused(member, instructor, clock, pdf_file):
    clock.set(dt.date(2026, 1, 10))
    affiliation = submit(member, pdf_file)
    services.affiliation_mark_incomplete(
        affiliation=affiliation, actor=instructor, missing_items="X"
    )
    clock.set(dt.date(2026, 2, 11))
    affiliation.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_submit(affiliation=affiliation, actor=member.user)
    assert "a expiré le 10/02/2026" in str(excinfo.value)
    affiliation.refresh_from_db()
    assert affiliation.status == S.INCOMPLETE


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            AffiliationData(commit_obligations=True, commit_protocole_vss=True),
            "commit_etabli_france",
        ),
        (
            AffiliationData(commit_etabli_france=True, commit_obligations=True),
            "commit_protocole_vss",
        ),
        (
            AffiliationData(
                commit_etabli_france=True,
                commit_obligations=True,
                commit_protocole_vss=True,
                live_show_activity=LiveShowActivity.LICENCE,
                commit_licence=True,
                licence_number="PLATESV-R-2023-1",
                licence_valid_until=dt.date(2026, 1, 1),
            ),
            "licence_valid_until",
        ),
        (
            AffiliationData(
                commit_etabli_france=True,
                commit_obligations=True,
                commit_protocole_vss=True,
                live_show_activity=LiveShowActivity.LICENCE,
                commit_licence=True,
                licence_number="PLATESV-R-2023-1",
                licence_valid_until=dt.date(2027, 1, 1),
            ),
            "commit_sibil",
        ),
    ],
)
def test_missing_commitment_or_expired_licence_blocks_submission(member, clock, data, field):
    clock.set(dt.date(2026, 6, 1))
    affiliation = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=data
    )
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_submit(affiliation=affiliation, actor=member.user)
    assert field in excinfo.value.message_dict
    affiliation.refresh_from_db()
    assert affiliation.status == S.BROUILLON


def test_licence_holder_must_attach_the_licence(member, clock, pdf_file):
    clock.set(dt.date(2026, 6, 1))
    data = AffiliationData(
        commit_etabli_france=True,
        commit_obligations=True,
        commit_protocole_vss=True,
        live_show_activity=LiveShowActivity.LICENCE,
        commit_licence=True,
        commit_sibil=True,
        licence_number="PLATESV-R-2023-1",
        licence_category="2",
        licence_valid_until=dt.date(2027, 1, 1),
    )
    affiliation = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=data
    )
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_submit(affiliation=affiliation, actor=member.user)
    assert set(excinfo.value.message_dict) == {"doc_licence"}
    services.affiliation_save_draft(
        structure=member.structure,
        actor=member.user,
        data=data,
        documents=[("licence", pdf_file("licence.pdf"))],
        affiliation=affiliation,
    )
    assert (
        services.affiliation_submit(affiliation=affiliation, actor=member.user).status == S.SOUMISE
    )


def test_a_second_request_while_pending_or_affiliated_is_refused(
    member, instructor, clock, pdf_file
):
    clock.set(dt.date(2026, 3, 1))
    affiliation = submit(member, pdf_file)
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_save_draft(structure=member.structure, actor=member.user, data=FULL)
    assert "déjà en cours" in str(excinfo.value)
    services.affiliation_validate(affiliation=affiliation, actor=instructor)
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_save_draft(structure=member.structure, actor=member.user, data=FULL)
    assert "le renouvellement pourra être demandé à partir du" in str(excinfo.value)
    assert Affiliation.objects.count() == 1


def test_desaffiliation_requested_then_recorded(member, instructor, clock, pdf_file, oncommit):
    clock.set(dt.date(2026, 3, 1))
    affiliation = services.affiliation_validate(
        affiliation=submit(member, pdf_file), actor=instructor
    )
    with oncommit():
        services.affiliation_request_desaffiliation(
            structure=member.structure, actor=member.user, reason="Cessation d'activité"
        )
    with pytest.raises(ValidationError):
        services.affiliation_request_desaffiliation(
            structure=member.structure, actor=member.user, reason=""
        )
    clock.set(dt.date(2026, 4, 10))
    with oncommit():
        services.affiliation_record_desaffiliation(affiliation=affiliation, actor=instructor)
    affiliation.refresh_from_db()
    assert affiliation.status == S.DESAFFILIEE and affiliation.valid_until == dt.date(2026, 4, 10)
    assert is_affiliated(structure=member.structure, on=dt.date(2026, 4, 10))
    assert not is_affiliated(structure=member.structure, on=dt.date(2026, 4, 11))
    assert "désaffiliation" in mail.outbox[-1].subject.lower()
    assert mail.outbox[-1].attachments


def test_personne_physique_with_fiscal_residence_is_affiliated_automatically(
    user, instructor, oncommit
):
    from espace_pro.choices import LegalForm, Procedure
    from espace_pro.services import access_request_approve
    from espace_pro.tests.factories import AccessRequestFactory

    access_request = AccessRequestFactory(
        user=user,
        procedure=Procedure.PERSONNE_PHYSIQUE,
        legal_form=LegalForm.PERSONNE_PHYSIQUE,
        siret="",
        fiscal_residence_certified=True,
        fiscal_residence_year=2026,
    )
    with oncommit():
        access_request = access_request_approve(request=access_request, actor=instructor)
    affiliation = Affiliation.objects.get(structure=access_request.structure)
    assert affiliation.kind == Affiliation.Kind.AUTOMATIQUE and affiliation.status == S.VALIDEE
    assert affiliation.valid_until is not None


def test_personne_physique_without_the_box_is_not_affiliated(user, instructor):
    from espace_pro.choices import LegalForm, Procedure
    from espace_pro.services import access_request_approve
    from espace_pro.tests.factories import AccessRequestFactory

    access_request = AccessRequestFactory(
        user=user,
        procedure=Procedure.PERSONNE_PHYSIQUE,
        legal_form=LegalForm.PERSONNE_PHYSIQUE,
        siret="",
    )
    access_request = access_request_approve(request=access_request, actor=instructor)
    assert not Affiliation.objects.filter(structure=access_request.structure).exists()


def test_documents_are_replaced_not_duplicated(member, pdf_file):
    affiliation = services.affiliation_save_draft(
        structure=member.structure,
        actor=member.user,
        data=FULL,
        documents=[("autre", pdf_file("a.pdf"))],
    )
    services.affiliation_save_draft(
        structure=member.structure,
        actor=member.user,
        data=FULL,
        documents=[("autre", pdf_file("b.pdf"))],
        affiliation=affiliation,
    )
    assert list(AffiliationDocument.objects.values_list("original_name", flat=True)) == ["b.pdf"]


def test_replaced_document_file_is_deleted_from_storage_after_commit(member, pdf_file, oncommit):
    from django.core.files.storage import default_storage

    affiliation = services.affiliation_save_draft(
        structure=member.structure,
        actor=member.user,
        data=FULL,
        documents=[("autre", pdf_file("a.pdf"))],
    )
    old_path = AffiliationDocument.objects.get().file.name
    with oncommit():
        services.affiliation_save_draft(
            structure=member.structure,
            actor=member.user,
            data=FULL,
            documents=[("autre", pdf_file("b.pdf"))],
            affiliation=affiliation,
        )
        assert default_storage.exists(old_path)  # kept until the commit
    assert not default_storage.exists(old_path)
