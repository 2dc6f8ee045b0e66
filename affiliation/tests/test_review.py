"""Issue 8 — boundaries of art. 1 found by a close reading: leap years, désaffiliation of every
affiliation, automatic affiliation once, SIBIL for a récépissé valant licence, locked drafts."""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from affiliation import rules, services
from affiliation.models import Affiliation, LiveShowActivity
from affiliation.selectors import is_affiliated
from affiliation.tests.status_objects import DATA, FULL
from affiliation.workflow import AffiliationStatus as S
from espace_pro.choices import LegalForm, Procedure
from espace_pro.models import Membership
from espace_pro.services import access_request_approve, access_request_submit, membership_revoke
from espace_pro.tests.factories import AccessRequestFactory
from espace_pro.tests.status_objects import personne_physique_data

pytestmark = pytest.mark.django_db


def validated(member, instructor, documents=()):
    draft = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=FULL, documents=documents
    )
    services.affiliation_submit(affiliation=draft, actor=member.user)
    return services.affiliation_validate(affiliation=draft, actor=instructor)


# --- one year, leap days included --------------------------------------------------------


@pytest.mark.parametrize(
    ("notified", "last_day"),
    [
        (dt.date(2028, 2, 28), dt.date(2029, 2, 27)),
        (dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        (dt.date(2028, 3, 1), dt.date(2029, 2, 28)),
        (dt.date(2027, 3, 1), dt.date(2028, 2, 29)),
        (dt.date(2027, 12, 31), dt.date(2028, 12, 30)),
        (dt.date(2028, 1, 1), dt.date(2028, 12, 31)),
    ],
)
def test_a_year_of_affiliation_from_its_notification(member, instructor, clock, notified, last_day):
    clock.set(notified)
    affiliation = validated(member, instructor)
    assert (affiliation.valid_from, affiliation.valid_until) == (notified, last_day)
    assert is_affiliated(structure=member.structure, on=last_day)
    assert not is_affiliated(structure=member.structure, on=last_day + dt.timedelta(days=1))
    assert services.affiliation_expire(on=last_day) == 0
    assert services.affiliation_expire(on=last_day + dt.timedelta(days=1)) == 1


# --- désaffiliation ------------------------------------------------------------------------


@pytest.fixture
def renewed(member, instructor, clock, pdf_file):
    """Affiliated 1 March 2026 → 28 February 2027, renewal validated on 1 February 2027 for
    1 March 2027 → 29 February… 28 February 2028."""
    clock.set(dt.date(2026, 3, 1))
    current = validated(member, instructor)
    clock.set(dt.date(2027, 2, 1))
    renewal = validated(member, instructor, [("attestation_vss", pdf_file())])
    assert renewal.valid_from == dt.date(2027, 3, 1)
    return current, renewal


def test_desaffiliation_also_ends_a_renewal_validated_for_later(renewed, instructor, clock):
    current, renewal = renewed
    clock.set(dt.date(2027, 2, 10))
    services.affiliation_record_desaffiliation(
        affiliation=current, actor=instructor, on=dt.date(2027, 2, 10)
    )
    current.refresh_from_db()
    renewal.refresh_from_db()
    assert current.status == renewal.status == S.DESAFFILIEE
    assert current.valid_until == dt.date(2027, 2, 10)
    assert not renewal.took_effect and current.took_effect
    structure = current.structure
    assert is_affiliated(structure=structure, on=dt.date(2027, 2, 10))
    for day in (dt.date(2027, 2, 11), dt.date(2027, 3, 1), dt.date(2028, 2, 28)):
        assert not is_affiliated(structure=structure, on=day)


def test_desaffiliation_date_never_extends_an_affiliation(member, instructor, clock):
    clock.set(dt.date(2026, 3, 1))
    affiliation = validated(member, instructor)
    services.affiliation_record_desaffiliation(
        affiliation=affiliation, actor=instructor, on=dt.date(2027, 6, 30)
    )
    affiliation.refresh_from_db()
    assert affiliation.valid_until == dt.date(2027, 2, 28)  # its own last day, not later
    assert not is_affiliated(structure=member.structure, on=dt.date(2027, 3, 1))


def test_desaffiliation_the_day_before_the_start_is_refused(member, instructor, clock):
    clock.set(dt.date(2026, 3, 1))
    affiliation = validated(member, instructor)
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_record_desaffiliation(
            affiliation=affiliation, actor=instructor, on=dt.date(2026, 2, 28)
        )
    assert "avant le début" in str(excinfo.value)
    affiliation.refresh_from_db()
    assert affiliation.status == S.VALIDEE
    # on its first day: allowed, a one-day affiliation
    services.affiliation_record_desaffiliation(
        affiliation=affiliation, actor=instructor, on=dt.date(2026, 3, 1)
    )
    assert is_affiliated(structure=member.structure, on=dt.date(2026, 3, 1))
    assert not is_affiliated(structure=member.structure, on=dt.date(2026, 3, 2))


def test_desaffiliation_cancels_an_open_renewal_request(member, instructor, clock, pdf_file):
    clock.set(dt.date(2026, 3, 1))
    current = validated(member, instructor)
    clock.set(dt.date(2027, 1, 15))
    pending = services.affiliation_save_draft(
        structure=member.structure,
        actor=member.user,
        data=FULL,
        documents=[("attestation_vss", pdf_file())],
    )
    services.affiliation_submit(affiliation=pending, actor=member.user)
    services.affiliation_record_desaffiliation(affiliation=current, actor=instructor)
    pending.refresh_from_db()
    assert pending.status == S.ANNULEE
    with pytest.raises(ValidationError):
        services.affiliation_validate(affiliation=pending, actor=instructor)


# --- automatic affiliation of authors: the first year only ---------------------------------


def personne_physique_request(user, **extra):
    fields = {
        "user": user,
        "procedure": Procedure.PERSONNE_PHYSIQUE,
        "legal_form": LegalForm.PERSONNE_PHYSIQUE,
        "siret": "",
        "name": "Camille DURAND",
        "last_name": "Durand",
        "first_names": "Camille",
        "birth_date": dt.date(1990, 5, 4),
        "fiscal_residence_certified": True,
        "fiscal_residence_year": 2026,
    }
    return AccessRequestFactory(**{**fields, **extra})


def test_a_person_who_had_a_space_gets_it_back_without_a_new_automatic_affiliation(
    user, instructor, clock
):
    clock.set(dt.date(2026, 1, 10))
    first = access_request_approve(request=personne_physique_request(user), actor=instructor)
    structure = first.structure
    assert structure.affiliations.get().kind == Affiliation.Kind.AUTOMATIQUE
    membership_revoke(membership=Membership.objects.get(user=user), actor=user)

    clock.set(dt.date(2027, 1, 20))  # the automatic year is over
    again = access_request_approve(request=personne_physique_request(user), actor=instructor)
    assert again.structure == structure  # the same space, not a second one
    assert Membership.objects.filter(user=user, structure=structure).exists()
    assert structure.affiliations.count() == 1  # no new automatic year: renewal instead
    assert not is_affiliated(structure=structure, on=dt.date(2027, 1, 20))


def test_the_same_person_from_another_account_gets_no_second_automatic_year(
    user, instructor, clock
):
    from accounts.tests.factories import UserFactory

    clock.set(dt.date(2026, 1, 10))
    first = access_request_approve(request=personne_physique_request(user), actor=instructor)
    other_account = UserFactory()
    second = access_request_approve(
        request=personne_physique_request(other_account, last_name="DURAND", first_names="camille"),
        actor=instructor,
    )
    assert second.structure == first.structure
    assert Affiliation.objects.filter(kind=Affiliation.Kind.AUTOMATIQUE).count() == 1


def test_a_person_with_a_space_cannot_ask_for_another(user, instructor, clock):
    clock.set(dt.date(2026, 1, 10))
    access_request_approve(request=personne_physique_request(user), actor=instructor)
    data = personne_physique_data()
    with pytest.raises(ValidationError) as excinfo:
        access_request_submit(user=user, data=data, documents=[], establishment=None)
    assert "déjà un espace professionnel personne physique" in str(excinfo.value)


@pytest.mark.parametrize(
    ("pp", "certified", "new_space", "expected"),
    [
        (True, True, True, True),
        (True, True, False, False),
        (True, False, True, False),
        (False, True, True, False),
    ],
)
def test_automatic_affiliation_rule(pp, certified, new_space, expected):
    assert (
        rules.automatic_affiliation_applies(
            is_personne_physique=pp, fiscal_residence_certified=certified, new_space=new_space
        )
        is expected
    )


# --- SIBIL (art. 1 5°) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("activity", "required"),
    [
        (LiveShowActivity.LICENCE, True),
        (LiveShowActivity.RECEPISSE, True),
        (LiveShowActivity.OCCASIONNEL, False),
        (LiveShowActivity.NONE, False),
    ],
)
def test_a_recepisse_valant_licence_needs_the_sibil_commitment(
    member, clock, pdf_file, activity, required
):
    clock.set(dt.date(2026, 3, 1))
    data = replace(DATA, live_show_activity=activity, commit_sibil=False)
    documents = [("licence", pdf_file()), ("occasionnel", pdf_file())]
    draft = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=data, documents=documents
    )
    errors = services.completeness_errors(draft, on=dt.date(2026, 3, 1))
    assert ("commit_sibil" in errors) is required


# --- drafts written under the lock ---------------------------------------------------------


def relanced(member, instructor, clock):
    """A request sent on 15 January 2026 and marked incomplete the same day (Kbis missing)."""
    clock.set(dt.date(2026, 1, 15))
    draft = services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=FULL
    )
    services.affiliation_submit(affiliation=draft, actor=member.user)
    services.affiliation_mark_incomplete(affiliation=draft, actor=instructor, missing_items="Kbis")
    return draft


def test_a_stale_draft_page_never_brings_back_its_status(member, instructor, clock):
    draft = relanced(member, instructor, clock)
    stale = Affiliation.objects.get(pk=draft.pk)  # the applicant's page, read before the job
    clock.set(dt.date(2026, 2, 16))
    assert services.affiliation_cancel_overdue(on=dt.date(2026, 2, 16)) == 1
    with pytest.raises(ValidationError):
        services.affiliation_save_draft(
            structure=member.structure, actor=member.user, data=FULL, affiliation=stale
        )
    draft.refresh_from_db()
    assert draft.status == S.ANNULEE
    assert draft.missing_items == "Kbis"


def test_a_draft_save_writes_only_the_applicants_fields(member, instructor, clock):
    draft = relanced(member, instructor, clock)
    stale = Affiliation.objects.get(pk=draft.pk)
    stale.missing_items = "changed in memory only"
    services.affiliation_save_draft(
        structure=member.structure, actor=member.user, data=FULL, affiliation=stale
    )
    draft.refresh_from_db()
    assert draft.status == S.INCOMPLETE and draft.missing_items == "Kbis"
