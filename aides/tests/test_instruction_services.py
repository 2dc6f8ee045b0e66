"""Services and guards of the instruction (art. 3) at their boundaries."""

import os
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aides import services
from aides.models import ChecklistItem, Dossier, DossierDocument, MissingItemsRequest
from aides.rules_instruction import default_missing_items_deadline
from aides.tests import factories as f
from aides.tests import factories_instruction as fi
from aides.workflow import DossierStatus, dossier_flow
from cnm_portal.dates import add_business_days, today

S = DossierStatus
pytestmark = pytest.mark.django_db


def _history(dossier):
    return list(dossier_flow.history(dossier).values_list("to_status", flat=True))


@pytest.fixture
def staff(db):
    return fi.instructor()


@pytest.fixture
def in_instruction(staff):
    membership = f.member()
    dossier = fi.take(f.deposited(membership), staff)
    dossier.membership = membership
    return dossier


def next_business_day():
    return add_business_days(today(), 1)


# --- take ----------------------------------------------------------------------------------------


def test_take_sets_the_instructor_and_tells_the_members(staff, mailoutbox, oncommit):
    membership = f.member()
    dossier = f.deposited(membership)
    with oncommit():
        dossier = services.dossier_take(dossier=dossier, actor=staff)
    assert dossier.status == S.EN_INSTRUCTION and dossier.instructor == staff
    assert _history(dossier)[-1] == S.EN_INSTRUCTION
    assert any(
        "instruction en cours" in m.subject and membership.user.email in m.to for m in mailoutbox
    )


def test_second_instructor_taking_the_same_dossier_changes_nothing(staff):
    dossier = f.deposited(f.member())
    stale = Dossier.objects.get(pk=dossier.pk)
    services.dossier_take(dossier=dossier, actor=staff)
    other = fi.instructor()
    with pytest.raises(ValidationError, match="a changé entre-temps"):
        services.dossier_take(dossier=stale, actor=other)
    dossier.refresh_from_db()
    assert dossier.instructor == staff
    assert _history(dossier).count(S.EN_INSTRUCTION) == 1


def test_stale_missing_items_request_on_an_eligible_dossier_is_refused(in_instruction, staff):
    stale = Dossier.objects.get(pk=in_instruction.pk)
    fi.eligible(in_instruction, staff)
    with pytest.raises(ValidationError, match="a changé entre-temps"):
        fi.request_items(stale, staff)
    assert not MissingItemsRequest.objects.filter(dossier=in_instruction).exists()
    assert Dossier.objects.get(pk=in_instruction.pk).status == S.ELIGIBLE


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_instructors_at_once_on_postgresql():
    assert connection.vendor == "postgresql"
    dossier = f.deposited(f.member())
    actors = [fi.instructor(), fi.instructor()]
    results: list = []
    barrier = threading.Barrier(2)

    def act(actor):
        barrier.wait()
        try:
            services.dossier_take(dossier=Dossier.objects.get(pk=dossier.pk), actor=actor)
            results.append("ok")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert any("a changé entre-temps" in r for r in results)
    assert _history(Dossier.objects.get(pk=dossier.pk)).count(S.EN_INSTRUCTION) == 1


# --- request for missing items -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"deadline": None}, "deadline"),
        ({"deadline": "today"}, "deadline"),
        ({"deadline": "saturday"}, "deadline"),
        ({"documents": ["inconnue"]}, "documents"),
        ({"figures": ["budget_total"]}, "figures"),  # computed by the portal, never asked
        ({"documents": [], "figures": [], "other_items": "  "}, "__all__"),
    ],
)
def test_bad_requests_change_nothing(in_instruction, staff, kwargs, field):
    data = {
        "documents": ["devis"],
        "figures": [],
        "other_items": "",
        "deadline": next_business_day(),
    }
    data.update(kwargs)
    if data["deadline"] == "today":
        data["deadline"] = today()
    if data["deadline"] == "saturday":
        day = today() + timedelta(days=1)
        while day.weekday() != 5:
            day += timedelta(days=1)
        data["deadline"] = day
    with pytest.raises(ValidationError) as error:
        services.dossier_request_missing_items(dossier=in_instruction, actor=staff, **data)
    assert field in error.value.message_dict
    assert Dossier.objects.get(pk=in_instruction.pk).status == S.EN_INSTRUCTION
    assert not MissingItemsRequest.objects.exists()


def test_request_makes_the_dossier_incomplete_and_mails_the_items(
    in_instruction, staff, mailoutbox, oncommit
):
    deadline = default_missing_items_deadline(today())
    with oncommit():
        request = fi.request_items(
            in_instruction, staff, other_items="Calendrier de sortie", deadline=deadline
        )
    dossier = Dossier.objects.get(pk=in_instruction.pk)
    assert dossier.status == S.INCOMPLET and dossier.missing_items_deadline == deadline
    assert request.documents == ["contrat_coproduction"] and request.figures == ["nombre_titres"]
    message = next(m for m in mailoutbox if "à compléter" in m.subject)
    assert "Nombre de titres" in message.body or "titres" in message.body
    assert (
        "Calendrier de sortie" in message.body
        and f"/dossiers/{dossier.pk}/complements/" in message.body
    )
    history = dossier_flow.history(dossier).order_by("-at", "-pk").first()
    assert history.to_status == S.INCOMPLET and "Calendrier de sortie" in history.comment


def test_the_applicant_changes_the_items_asked_only(in_instruction, staff, pdf_file):
    fi.request_items(in_instruction, staff)
    user = in_instruction.membership.user
    with pytest.raises(ValidationError):
        services.missing_items_add_document(
            dossier=in_instruction, actor=user, code="devis", upload=pdf_file()
        )
    with pytest.raises(ValidationError):
        services.missing_items_save_figures(
            dossier=in_instruction, actor=user, values={"duree_minutes": "50"}
        )
    with pytest.raises(ValidationError):
        services.missing_items_save_figures(
            dossier=in_instruction, actor=user, values={"nombre_titres": "-3"}
        )
    before = Dossier.objects.get(pk=in_instruction.pk)
    assert before.figures["duree_minutes"] == f.ART16_FIGURES["duree_minutes"]
    with pytest.raises(ValidationError, match="non fournie"):
        services.missing_items_send(dossier=in_instruction, actor=user)
    services.missing_items_add_document(
        dossier=in_instruction, actor=user, code="contrat_coproduction", upload=pdf_file()
    )
    with pytest.raises(ValidationError, match="non complétée"):
        services.missing_items_send(dossier=in_instruction, actor=user)
    assert Dossier.objects.get(pk=in_instruction.pk).status == S.INCOMPLET
    dossier = services.missing_items_save_figures(
        dossier=in_instruction, actor=user, values={"nombre_titres": "12"}
    )
    assert (
        dossier.figures["nombre_titres"] == "12"
        and dossier.deposited_figures["nombre_titres"] == "12"
    )
    dossier = services.missing_items_send(dossier=dossier, actor=user)
    assert dossier.status == S.EN_INSTRUCTION and dossier.missing_items_deadline is None
    request = MissingItemsRequest.objects.get()
    assert request.outcome == "repondue" and request.answered_by == user
    # the request is closed: nothing more can be changed
    with pytest.raises(ValidationError, match="n'est pas modifiable"):
        services.missing_items_add_document(
            dossier=dossier, actor=user, code="contrat_coproduction", upload=pdf_file()
        )


def test_fake_pdf_is_refused(in_instruction, staff, pdf_file):
    fi.request_items(in_instruction, staff)
    with pytest.raises(ValidationError) as error:
        services.missing_items_add_document(
            dossier=in_instruction,
            actor=in_instruction.membership.user,
            code="contrat_coproduction",
            upload=pdf_file("faux.pdf", b"MZ not a pdf"),
        )
    assert "file" in error.value.message_dict
    assert not DossierDocument.objects.filter(
        dossier=in_instruction, code="contrat_coproduction"
    ).exists()


def _answer_all(dossier, pdf_file, answer=""):
    user = dossier.membership.user
    services.missing_items_add_document(
        dossier=dossier, actor=user, code="contrat_coproduction", upload=pdf_file()
    )
    services.missing_items_save_figures(dossier=dossier, actor=user, values={"nombre_titres": "12"})
    return services.missing_items_send(dossier=dossier, actor=user, answer=answer)


def test_the_deadline_day_is_still_the_applicants(in_instruction, staff, pdf_file):
    fi.request_items(in_instruction, staff)
    fi.make_overdue(in_instruction, days=0)  # the deadline is today
    assert services.dossiers_lapse(on=today()) == 0
    assert _answer_all(in_instruction, pdf_file).status == S.EN_INSTRUCTION


def test_the_day_after_the_deadline_the_answer_is_refused_and_the_dossier_lapses(
    in_instruction, staff, pdf_file, mailoutbox, oncommit
):
    fi.request_items(in_instruction, staff, other_items="Calendrier")
    fi.make_overdue(in_instruction, days=1)
    with pytest.raises(ValidationError, match="a expiré"):
        _answer_all(in_instruction, pdf_file, answer="Sortie en mars")
    assert Dossier.objects.get(pk=in_instruction.pk).status == S.INCOMPLET
    with oncommit():
        assert services.dossiers_lapse(on=today()) == 1
    dossier = Dossier.objects.get(pk=in_instruction.pk)
    assert dossier.status == S.CADUC
    assert MissingItemsRequest.objects.get().outcome == "caduque"
    assert any("caduque" in m.subject for m in mailoutbox)
    # safe twice: nothing more moves, no second history row, no second e-mail
    sent = len(mailoutbox)
    with oncommit():
        assert services.dossiers_lapse(on=today()) == 0
    assert _history(dossier).count(S.CADUC) == 1 and len(mailoutbox) == sent


def test_the_job_leaves_a_dossier_whose_deadline_is_today(in_instruction, staff):
    fi.request_items(in_instruction, staff)
    fi.make_overdue(in_instruction, days=0)
    with pytest.raises(ValidationError, match="encore répondre"):
        services.dossier_lapse(dossier=Dossier.objects.get(pk=in_instruction.pk))
    # the job asked with a date ahead of today skips what the guard refuses
    assert services.dossiers_lapse(on=today() + timedelta(days=1)) == 0
    assert Dossier.objects.get(pk=in_instruction.pk).status == S.INCOMPLET


def test_lapse_task_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "aides.tasks.lapse_incomplete_dossiers" in tasks
    from aides.tasks import lapse_incomplete_dossiers

    assert lapse_incomplete_dossiers() == 0


# --- checklist -----------------------------------------------------------------------------------


def test_checklist_is_generated_from_the_programme_and_records_who_and_when(in_instruction, staff):
    from aides.selectors_instruction import checklist

    codes = [row.code for row in checklist(in_instruction)]
    programme = in_instruction.programme_definition
    assert codes[:2] == ["demandeur", "affiliation"]
    assert codes[2:] == [c.code for c in programme.criteria]
    assert (
        services.checklist_save(
            dossier=in_instruction, actor=staff, ticks={"employeur": (True, "Contrats vus")}
        )
        == 1
    )
    item = ChecklistItem.objects.get(dossier=in_instruction, code="employeur")
    assert item.met and item.checked_by == staff and item.note == "Contrats vus"
    # unchanged tick: nothing written; unknown code refused
    assert (
        services.checklist_save(
            dossier=in_instruction, actor=staff, ticks={"employeur": (True, "Contrats vus")}
        )
        == 0
    )
    with pytest.raises(ValidationError):
        services.checklist_save(dossier=in_instruction, actor=staff, ticks={"inconnu": (True, "")})
    services.checklist_save(dossier=in_instruction, actor=staff, ticks={"employeur": (None, "")})
    assert not ChecklistItem.objects.filter(dossier=in_instruction).exists()


def test_checklist_refused_outside_instruction(staff):
    dossier = f.deposited(f.member())
    with pytest.raises(ValidationError, match="pendant l'instruction"):
        services.checklist_save(dossier=dossier, actor=staff, ticks={"demandeur": (True, "")})


# --- irrecevable ----------------------------------------------------------------------------------


def test_irrecevable_needs_a_reason_and_notifies_it(in_instruction, staff, mailoutbox, oncommit):
    with pytest.raises(ValidationError, match="motif"):
        services.dossier_declare_irrecevable(dossier=in_instruction, actor=staff, reason="  ")
    assert Dossier.objects.get(pk=in_instruction.pk).status == S.EN_INSTRUCTION
    with oncommit():
        dossier = services.dossier_declare_irrecevable(
            dossier=in_instruction, actor=staff, reason="Album déjà commercialisé."
        )
    assert (
        dossier.status == S.IRRECEVABLE
        and dossier.irrecevabilite_reason == "Album déjà commercialisé."
    )
    message = next(m for m in mailoutbox if "irrecevable" in m.subject)
    assert "Album déjà commercialisé." in message.body
    assert (
        dossier_flow.history(dossier).order_by("-at", "-pk").first().comment
        == "Album déjà commercialisé."
    )


# --- eligible with a recommendation --------------------------------------------------------------


def test_eligible_needs_the_checklist_ticked(in_instruction, staff):
    services.checklist_save(dossier=in_instruction, actor=staff, ticks={"demandeur": (True, "")})
    with pytest.raises(ValidationError, match="critère"):
        services.dossier_declare_eligible(
            dossier=in_instruction, actor=staff, amount=Decimal("1000.00"), comment="Bien."
        )
    services.checklist_approve_all(dossier=in_instruction, actor=staff)
    services.checklist_save(
        dossier=in_instruction, actor=staff, ticks={"titres": (False, "4 titres")}
    )
    with pytest.raises(ValidationError, match="Au moins cinq titres"):
        services.dossier_declare_eligible(
            dossier=in_instruction, actor=staff, amount=Decimal("1000.00"), comment="Bien."
        )
    dossier = Dossier.objects.get(pk=in_instruction.pk)
    assert dossier.status == S.EN_INSTRUCTION and dossier.montant_propose is None


@pytest.mark.parametrize(
    ("amount", "ok"),
    [(Decimal("12400.00"), True), (Decimal("12400.01"), False), (Decimal("0.00"), False)],
)
def test_recommendation_at_the_programme_maximum(in_instruction, staff, amount, ok):
    services.checklist_approve_all(dossier=in_instruction, actor=staff)
    call = lambda: services.dossier_declare_eligible(  # noqa: E731
        dossier=in_instruction, actor=staff, amount=amount, comment="Projet solide."
    )
    if ok:
        dossier = call()
        assert dossier.status == S.ELIGIBLE and dossier.montant_propose == amount
        assert dossier.recommendation == "Projet solide."
    else:
        with pytest.raises(ValidationError):
            call()
        dossier = Dossier.objects.get(pk=in_instruction.pk)
        assert dossier.status == S.EN_INSTRUCTION and dossier.montant_propose is None


def test_recommendation_refused_above_the_remaining_yearly_cap(staff):
    membership = f.member()
    granted = f.in_status(S.ATTRIBUE, membership)
    # 135 000 € a year on art. 16: 130 000 € already granted this year leaves 5 000 €
    Dossier.objects.filter(pk=granted.pk).update(montant_attribue=Decimal("130000.00"))
    dossier = fi.take(f.deposited(membership, title="Second album"), staff)
    assert services.dossier_computation(dossier).amount == Decimal("5000.00")
    services.checklist_approve_all(dossier=dossier, actor=staff)
    with pytest.raises(ValidationError, match="recalculée"):
        services.dossier_declare_eligible(
            dossier=dossier, actor=staff, amount=Decimal("5000.01"), comment="Ok."
        )
    moved = services.dossier_declare_eligible(
        dossier=dossier, actor=staff, amount=Decimal("5000.00"), comment="Ok."
    )
    assert moved.status == S.ELIGIBLE


def test_eligible_needs_a_comment_and_a_session_to_come(
    in_instruction, staff, mailoutbox, oncommit
):
    services.checklist_approve_all(dossier=in_instruction, actor=staff)
    with pytest.raises(ValidationError, match="Motivez"):
        services.dossier_declare_eligible(
            dossier=in_instruction, actor=staff, amount=Decimal("100.00"), comment=""
        )
    past = f.session("16", label="Session passée", commission_date=today() - timedelta(days=1))
    with pytest.raises(ValidationError, match="est passée"):
        services.dossier_declare_eligible(
            dossier=in_instruction,
            actor=staff,
            amount=Decimal("100.00"),
            comment="Ok.",
            session=past,
        )
    other = f.session("15", label="Autre programme")
    with pytest.raises(ValidationError, match="ne concerne pas"):
        services.dossier_declare_eligible(
            dossier=in_instruction,
            actor=staff,
            amount=Decimal("100.00"),
            comment="Ok.",
            session=other,
        )
    assert Dossier.objects.get(pk=in_instruction.pk).session_id == in_instruction.session_id
    later = f.session("16", label="Session suivante", days=60)
    with oncommit():
        dossier = services.dossier_declare_eligible(
            dossier=in_instruction,
            actor=staff,
            amount=Decimal("100.00"),
            comment="Ok.",
            session=later,
        )
    assert dossier.session == later and dossier.status == S.ELIGIBLE
    assert any("transmis à la commission" in m.subject for m in mailoutbox)
