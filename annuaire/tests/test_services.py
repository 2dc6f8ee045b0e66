import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import StaffFactory, UserFactory
from annuaire import services
from annuaire.choices import ActivityCode
from annuaire.models import Entry
from annuaire.tests.factories import entry_data, entry_in, person_entry, structure_entry
from annuaire.workflow import E, entry_flow
from cnm_portal.models import AuditEntry
from cnm_portal.workflow import TransitionNotAllowed
from espace_pro.tests.factories import MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_activities_are_kept_once_in_the_order_of_the_list():
    entry = structure_entry(
        activities=[ActivityCode.PRODUCTEUR_PHONO, ActivityCode.LABEL, ActivityCode.LABEL]
    )
    rows = list(entry.activity_rows.all())
    assert [row.code for row in rows] == ["label", "producteur_phono"]
    assert [row.label for row in rows] == ["Label", "Producteur de musique enregistrée"]


def test_register_a_structure_as_a_member():
    member = MembershipFactory()
    entry = structure_entry(member=member, name="  Éditions   Élan ")
    assert entry.status == E.BROUILLON and entry.kind == Entry.Kind.STRUCTURE
    assert entry.name == "Éditions Élan" and entry.name_search == "editions elan"
    assert entry.structure == member.structure and entry.person is None
    assert sorted(a.code for a in entry.activity_rows.all()) == ["label", "producteur_phono"]
    assert [c.to_status for c in entry_flow.history(entry)] == [E.BROUILLON]
    assert AuditEntry.objects.filter(action="annuaire.entry_create").count() == 1


def test_a_non_member_cannot_register_the_structure():
    with pytest.raises(ValidationError) as error:
        services.entry_create(
            user=UserFactory(), structure=StructureFactory(), data=entry_data(), actor=None
        )
    assert error.value.code == "not_member"
    assert not Entry.objects.exists()


def test_one_live_entry_per_structure_and_per_person():
    member = MembershipFactory()
    first = structure_entry(member=member)
    other_member = MembershipFactory(structure=member.structure)
    with pytest.raises(ValidationError) as error:
        structure_entry(member=other_member)
    assert error.value.code == "exists" and error.value.entry == first
    user = UserFactory()
    mine = person_entry(user=user)
    with pytest.raises(ValidationError) as error:
        person_entry(user=user)
    assert error.value.entry == mine
    assert Entry.objects.count() == 2


def test_a_refused_entry_does_not_block_a_new_registration():
    member = MembershipFactory()
    entry_in(E.REFUSEE, member=member)
    again = structure_entry(member=member)
    assert again.status == E.BROUILLON


def test_bad_input_saves_nothing():
    member = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        structure_entry(
            member=member,
            activities=["inconnue"],
            phone="abc",
            region="99",
            email="pas-une-adresse",
            website="javascript:alert(1)",
        )
    assert set(error.value.error_dict) == {"activities", "phone", "region", "email", "website"}
    with pytest.raises(ValidationError) as error:
        structure_entry(member=member, submit=True, presentation="", city="")
    assert set(error.value.error_dict) == {"presentation", "city"}
    assert not Entry.objects.exists()


def test_a_draft_without_presentation_cannot_be_submitted():
    entry = structure_entry(presentation="")
    with pytest.raises(ValidationError) as error:
        services.entry_submit(entry=entry, actor=entry.created_by)
    assert "Rédigez une courte présentation." in error.value.messages
    entry.refresh_from_db()
    assert entry.status == E.BROUILLON


def test_each_step_mails_every_member(oncommit):
    member = MembershipFactory()
    colleague = MembershipFactory(structure=member.structure)
    staff = StaffFactory()
    with oncommit():
        entry = structure_entry(member=member, submit=True)
    assert entry.status == E.SOUMISE and entry.submitted_at is not None
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _s in subjects] == sorted([member.user.email, colleague.user.email])
    assert all("en attente de validation" in s for _to, s in subjects)
    mail.outbox.clear()
    with oncommit():
        entry = services.entry_ask_correction(entry=entry, actor=staff, comment="Ajoutez la ville.")
    assert entry.staff_comment == "Ajoutez la ville."
    assert len(mail.outbox) == 2 and "Ajoutez la ville." in mail.outbox[0].body
    mail.outbox.clear()
    with oncommit():
        entry = services.entry_submit(entry=entry, actor=colleague.user)
        entry = services.entry_publish(entry=entry, actor=staff)
    assert entry.staff_comment == "" and entry.published_at is not None
    assert any("est publiée" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    with oncommit():
        entry = services.entry_withdraw(entry=entry, actor=member.user)
    assert entry.status == E.RETIREE
    assert {m.to[0] for m in mail.outbox} == {member.user.email, colleague.user.email}
    assert all("est retirée" in m.subject for m in mail.outbox)
    history = [c.to_status for c in entry_flow.history(entry)]
    assert history == [E.BROUILLON, E.SOUMISE, E.A_CORRIGER, E.SOUMISE, E.PUBLIEE, E.RETIREE]


def test_a_person_entry_mails_the_person(oncommit):
    user = UserFactory()
    with oncommit():
        entry = person_entry(user=user, submit=True)
    assert entry.kind == Entry.Kind.PERSONNE and entry.person == user
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_editing_a_published_entry_sends_it_back_to_validation(oncommit):
    entry = entry_in(E.PUBLIEE)
    with oncommit():
        entry = services.entry_update(
            entry=entry, data=entry_data(name="Label Lumière Noire"), actor=entry.created_by
        )
    assert entry.status == E.SOUMISE and entry.name_search == "label lumiere noire"
    assert any("en attente de validation" in m.subject for m in mail.outbox)
    change = list(entry_flow.history(entry))[-1]
    assert (change.from_status, change.to_status) == (E.PUBLIEE, E.SOUMISE)


def test_editing_a_published_entry_needs_a_complete_entry():
    entry = entry_in(E.PUBLIEE)
    with pytest.raises(ValidationError) as error:
        services.entry_update(entry=entry, data=entry_data(city=""), actor=entry.created_by)
    assert "city" in error.value.error_dict
    entry.refresh_from_db()
    assert entry.status == E.PUBLIEE and entry.city == "Paris"


def test_editing_a_draft_keeps_it_a_draft_unless_submitted():
    entry = structure_entry()
    entry = services.entry_update(
        entry=entry, data=entry_data(activities=[ActivityCode.MANAGER]), actor=entry.created_by
    )
    assert entry.status == E.BROUILLON
    assert [a.code for a in entry.activity_rows.all()] == ["manager"]
    entry = services.entry_update(
        entry=entry, data=entry_data(), submit=True, actor=entry.created_by
    )
    assert entry.status == E.SOUMISE


def test_a_refused_entry_is_closed():
    entry = entry_in(E.REFUSEE)
    assert entry.staff_comment == "Hors du champ musical."
    with pytest.raises(ValidationError):
        services.entry_update(entry=entry, data=entry_data(), actor=entry.created_by)
    with pytest.raises(ValidationError):
        services.entry_submit(entry=entry, actor=entry.created_by)
    with pytest.raises(TransitionNotAllowed):
        services.entry_publish(entry=entry, actor=StaffFactory())


def test_staff_messages_are_required():
    entry = entry_in(E.SOUMISE)
    with pytest.raises(ValidationError) as error:
        services.entry_ask_correction(entry=entry, actor=StaffFactory(), comment="  ")
    assert "comment" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.entry_refuse(entry=entry, actor=StaffFactory(), reason="")
    entry.refresh_from_db()
    assert entry.status == E.SOUMISE


def test_withdraw_twice_is_refused_without_a_second_move():
    entry = entry_in(E.PUBLIEE)
    services.entry_withdraw(entry=entry, actor=entry.created_by)
    with pytest.raises(ValidationError):
        services.entry_withdraw(entry=entry, actor=entry.created_by)
    assert [c.to_status for c in entry_flow.history(entry)].count(E.RETIREE) == 1


def test_a_withdrawn_entry_may_be_submitted_again():
    entry = entry_in(E.RETIREE)
    entry = services.entry_submit(entry=entry, actor=entry.created_by)
    assert entry.status == E.SOUMISE
