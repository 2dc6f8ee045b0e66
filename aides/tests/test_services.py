"""Dossier services: the deposit and its guards under the row lock, optimistic concurrency,
budget lines, documents, what is read from the database."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from affiliation.models import Affiliation
from aides import programmes, services
from aides.models import BudgetLine, Dossier, DossierDocument
from aides.services import checks
from aides.tests import factories as f
from aides.workflow import DossierStatus as S
from aides.workflow import dossier_flow
from cnm_portal.dates import today
from cnm_portal.models import AuditEntry, OutboxMessage, StatusChange
from espace_pro.choices import LegalForm
from espace_pro.tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db


def _deposit(dossier, user, sworn=True):
    dossier.refresh_from_db()
    return services.dossier_deposit(
        dossier=dossier, actor=user, lock_version=dossier.lock_version, sworn=sworn
    )


def test_deposit_stores_the_computation_and_sends_the_recepisse(member, oncommit):
    other = MembershipFactory(structure=member.structure)
    dossier = f.complete_art16(member)
    with oncommit():
        deposited = _deposit(dossier, member.user)
    deposited.refresh_from_db()
    assert deposited.status == S.DEPOSE
    assert deposited.montant_maximum == f.ART16_MAX
    assert deposited.montant_sollicite == Decimal("14400")
    assert deposited.eligible is True
    assert deposited.programme_version == programmes.get("16").version
    assert deposited.deposited_figures["budget_total"] == "38000.00"
    assert deposited.deposited_figures["depenses_promotion"] == "10000.00"
    assert deposited.deposited_figures["deja_attribue_annee"] == "0.00"
    assert deposited.computation["amount"] == "12400.00"
    assert deposited.sworn_by == member.user and deposited.deposited_by == member.user
    assert deposited.recepisse.name.endswith(".pdf")
    assert deposited.recepisse.open("rb").read(5) == b"%PDF-"
    sent = [m for m in mail.outbox if deposited.number in m.subject]
    assert sent and set(sent[-1].to) == {member.user.email, other.user.email}
    assert sent[-1].attachments[0][0] == f"recepisse-{deposited.number}.pdf"
    assert AuditEntry.objects.filter(action="aides.dossier_deposit").count() == 1
    assert list(
        dossier_flow.history(deposited).order_by("pk").values_list("from_status", "to_status")
    ) == [("", S.BROUILLON), (S.BROUILLON, S.DEPOSE)]


def test_dossier_computation_is_the_programme_compute_on_the_same_figures(member):
    dossier = f.complete_art16(member)
    figures = services.dossier_figures(dossier)
    computation = services.dossier_computation(dossier)
    direct = programmes.get("16").compute(figures, applicant=services.dossier_applicant(dossier))
    assert computation.amount == direct.amount == f.ART16_MAX
    assert computation.as_dict() == direct.as_dict()


def test_second_deposit_changes_nothing(member, oncommit):
    dossier = f.complete_art16(member)
    lock = dossier.lock_version
    with oncommit():
        services.dossier_deposit(dossier=dossier, actor=member.user, lock_version=lock, sworn=True)
    with pytest.raises(ValidationError, match="déjà été déposé"):
        services.dossier_deposit(dossier=dossier, actor=member.user, lock_version=lock, sworn=True)
    assert StatusChange.objects.filter(to_status=S.DEPOSE).count() == 1
    assert OutboxMessage.objects.filter(kind="aides.recepisse").count() == 1


def _refused(dossier, user, match):
    before = Dossier.objects.values().get(pk=dossier.pk)
    with pytest.raises(ValidationError) as error:
        _deposit(dossier, user)
    assert any(match in m for m in error.value.messages), error.value.messages
    after = Dossier.objects.values().get(pk=dossier.pk)
    assert after == before  # the attestation and the deposit fields rolled back
    return error.value.messages


def test_deadline_passed_is_refused(member):
    the_session = f.session()
    dossier = f.complete_art16(member, the_session=the_session)
    the_session.deposit_deadline = timezone.now() - timedelta(seconds=1)
    the_session.save()
    _refused(dossier, member.user, "date limite de dépôt")


def test_deadline_exactly_now_is_accepted(member, clock):
    dossier = f.complete_art16(member)
    dossier.session.deposit_deadline = clock.now
    dossier.session.save()
    assert _deposit(dossier, member.user).status == S.DEPOSE


def test_unaffiliated_structure_is_refused(member):
    dossier = f.complete_art16(member)
    Affiliation.objects.filter(structure=member.structure).update(
        valid_until=today() - timedelta(1)
    )
    _refused(dossier, member.user, "affiliée au CNM à la date du dépôt")


def test_legal_form_closed_to_the_programme(user):
    structure = StructureFactory(legal_form=LegalForm.ETABLISSEMENT_PUBLIC)
    membership = MembershipFactory(user=user, structure=structure)
    with pytest.raises(ValidationError, match="n'est pas ouvert à votre structure"):
        f.draft(membership)
    assert not Dossier.objects.exists()
    # a structure whose legal form changed after the draft was started
    membership = f.member()
    dossier = f.complete_art16(membership)
    type(membership.structure).objects.filter(pk=membership.structure_id).update(
        legal_form=LegalForm.ETABLISSEMENT_PUBLIC
    )
    _refused(dossier, membership.user, "n'est pas ouvert à ce type de demandeur")


def test_objective_criterion_blocks_the_deposit(member):
    dossier = f.complete_art16(member, figures={"part_fonds_propres": "50"})
    _refused(dossier, member.user, "plus de 50 % sur fonds propres")


def test_missing_documents_and_attestation(member):
    dossier = f.complete_art16(member, documents=False)
    messages = _refused(dossier, member.user, "Pièce manquante")
    assert len([m for m in messages if m.startswith("Pièce manquante")]) == 3
    with pytest.raises(ValidationError, match="attestation sur l'honneur"):
        _deposit(dossier, member.user, sworn=False)


def test_unbalanced_budget_is_refused_at_the_step_and_at_deposit(member):
    dossier = f.complete_art16(member)
    with pytest.raises(ValidationError, match="pas équilibré"):
        services.dossier_save_step(
            dossier=dossier,
            actor=member.user,
            step="financement",
            lock_version=dossier.lock_version,
            figures={"montant_sollicite": "14399.99"},
        )
    dossier.refresh_from_db()
    assert dossier.figures["montant_sollicite"] == "14400"
    services.budget_line_add(
        dossier=dossier,
        actor=member.user,
        lock_version=dossier.lock_version,
        kind=BudgetLine.Kind.RECETTE,
        label="Mécène",
        amount="0.01",
    )
    _refused(dossier, member.user, "plan de financement n'est pas équilibré")


def test_art4_decided_project_cannot_be_deposited_again(member):
    first = f.in_status(S.REFUSE, member)
    second = f.complete_art16(member, title=first.project_title.upper())
    _refused(second, member.user, "art. 4 du RGA")
    assert checks.not_decided(f.complete_art16(member, title="Autre album")) == []


def test_yearly_limit_on_the_number_of_aids(member):
    the_session = f.session("34-1")
    first = services.dossier_create(
        structure=member.structure, programme="34-1", session=the_session, actor=member.user
    )
    second = services.dossier_create(
        structure=member.structure, programme="34-1", session=the_session, actor=member.user
    )
    assert checks.yearly_limit(second) == []
    Dossier.objects.filter(pk=first.pk).update(status=S.DEPOSE, deposited_at=timezone.now())
    second = Dossier.objects.get(pk=second.pk)  # the computation is memoised per instance
    assert checks.yearly_limit(second) == [
        "Le nombre maximal d'aides par an sur ce programme (1) est atteint."
    ]
    assert any("nombre maximal" in r for r in dossier_flow.can(second, S.DEPOSE))
    # a first dossier that ended without an aid does not count
    Dossier.objects.filter(pk=first.pk).update(status=S.IRRECEVABLE)
    second = Dossier.objects.get(pk=second.pk)
    assert checks.yearly_limit(second) == []


def test_already_granted_is_read_from_the_database(member):
    granted = f.in_status(S.ATTRIBUE, member)
    Dossier.objects.filter(pk=granted.pk).update(montant_attribue=Decimal("130000.00"))
    dossier = f.complete_art16(member, title="Deuxième album")
    figures = services.dossier_figures(dossier)
    assert figures["deja_attribue_annee"] == "130000.00"
    # 135 000 € per year: 5 000 € left
    assert services.dossier_computation(dossier).amount == Decimal("5000.00")
    # typed by the applicant, it is ignored
    Dossier.objects.filter(pk=dossier.pk).update(
        figures={**dossier.figures, "deja_attribue_annee": "0"}
    )
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert services.dossier_computation(dossier).amount == Decimal("5000.00")
    # last year's decision does not count
    Dossier.objects.filter(pk=granted.pk).update(decided_on=today().replace(year=today().year - 1))
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert services.dossier_computation(dossier).amount == f.ART16_MAX


def test_two_members_never_overwrite_each_other(member):
    dossier = f.draft(member)
    loaded = dossier.lock_version
    colleague = MembershipFactory(structure=member.structure).user
    services.dossier_save_step(
        dossier=dossier,
        actor=colleague,
        step="projet",
        lock_version=loaded,
        fields={"project_title": "Titre du collègue"},
        figures={},
    )
    with pytest.raises(ValidationError, match="modifié par"):
        services.dossier_save_step(
            dossier=dossier,
            actor=member.user,
            step="projet",
            lock_version=loaded,
            fields={"project_title": "Mon titre"},
            figures={},
        )
    dossier.refresh_from_db()
    assert dossier.project_title == "Titre du collègue"


@pytest.mark.parametrize(
    ("amount", "message"),
    [("-1", "négatif"), ("12,345", "deux décimales"), ("abc", "montant"), ("1e12", "trop")],
)
def test_bad_amounts_on_budget_lines(member, amount, message):
    dossier = f.draft(member)
    with pytest.raises(ValidationError, match=message):
        services.budget_line_add(
            dossier=dossier,
            actor=member.user,
            lock_version=dossier.lock_version,
            kind=BudgetLine.Kind.DEPENSE,
            category="enregistrement",
            label="Studio",
            amount=amount,
        )
    assert not BudgetLine.objects.exists()


def test_bad_figures_are_refused_with_their_field(member):
    dossier = f.draft(member)
    with pytest.raises(ValidationError) as error:
        services.dossier_save_step(
            dossier=dossier,
            actor=member.user,
            step="projet",
            lock_version=dossier.lock_version,
            fields={"project_title": "X"},
            figures={"nombre_titres": "-3", "part_inedits": "abc"},
        )
    assert set(error.value.error_dict) == {"nombre_titres", "part_inedits"}
    dossier.refresh_from_db()
    assert dossier.project_title == "" and dossier.figures == {}


def test_fake_pdf_is_refused(member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = f.draft(member)
    fake = SimpleUploadedFile("devis.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.document_add(
            dossier=dossier,
            actor=member.user,
            lock_version=dossier.lock_version,
            code="devis",
            upload=fake,
        )
    assert "n'est pas un document" in error.value.error_dict["file"][0].message
    assert not DossierDocument.objects.exists()


def test_draft_is_deletable_a_deposited_dossier_is_not(member):
    dossier = f.complete_art16(member)
    services.dossier_delete(dossier=dossier, actor=member.user)
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    deposited = f.deposited(member)
    with pytest.raises(ValidationError):
        services.dossier_delete(dossier=deposited, actor=member.user)
    assert Dossier.objects.filter(pk=deposited.pk).exists()


def test_session_of_another_programme_or_closed_is_refused(member):
    with pytest.raises(ValidationError, match="ne concerne pas"):
        services.dossier_create(
            structure=member.structure, programme="16", session=f.session("15"), actor=member.user
        )
    closed = f.session(deadline=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="pas ouverts"):
        services.dossier_create(
            structure=member.structure, programme="16", session=closed, actor=member.user
        )
    assert not Dossier.objects.exists()


def test_suspension_is_lifted_to_the_status_it_stopped(member):
    dossier = f.in_status(S.SUSPENDU, member)
    assert dossier.status_before_suspension == S.EN_INSTRUCTION
    assert dossier_flow.can(dossier, S.ELIGIBLE)
    assert dossier_flow.can(dossier, S.EN_INSTRUCTION) == []


def test_workflow_table_suspension_from_every_live_state():
    from aides.workflow import LIVE, TRANSITIONS

    for status in LIVE:
        assert S.SUSPENDU in TRANSITIONS[status], status
        assert status in TRANSITIONS[S.SUSPENDU]
    assert TRANSITIONS[S.BROUILLON] == {S.DEPOSE}


def test_dossier_number_is_readable_and_unique(member):
    numbers = {f.draft(member).number for _ in range(5)}
    assert len(numbers) == 5
    assert all(n.startswith(f"AID-{today().year}-") and len(n) == 17 for n in numbers)


def test_contact_is_prefilled_from_the_structure_and_the_person(member):
    dossier = f.draft(member)
    assert dossier.contact_email == member.user.email
    assert dossier.city == member.structure.city
    assert dossier.contact_name == member.user.get_full_name()


def test_actor_recorded_in_history(member):
    other = UserFactory()
    assert other.pk
    dossier = f.draft(member)
    assert dossier_flow.history(dossier).get().actor == member.user
