"""Directory entries built through the services, one helper per state."""

from accounts.tests.factories import StaffFactory, UserFactory
from annuaire import services
from annuaire.choices import ActivityCode, Region
from annuaire.services import EntryData
from annuaire.workflow import E
from espace_pro.tests.factories import MembershipFactory


def entry_data(**overrides) -> EntryData:
    values = {
        "name": "Label Lumière",
        "activities": [ActivityCode.LABEL, ActivityCode.PRODUCTEUR_PHONO],
        "region": Region.IDF,
        "city": "Paris",
        "email": "contact@lumiere.example",
        "phone": "01 23 45 67 89",
        "website": "https://lumiere.example",
        "presentation": "Label indépendant de pop et d'électro depuis 2012.",
    }
    return EntryData(**(values | overrides))


def structure_entry(*, member=None, submit=False, **overrides):
    """A structure's draft (or submitted) entry, created by one of its members."""
    member = member or MembershipFactory(role="Gérante")
    return services.entry_create(
        user=member.user,
        structure=member.structure,
        data=entry_data(**overrides),
        submit=submit,
        actor=member.user,
    )


def person_entry(*, user=None, submit=False, **overrides):
    user = user or UserFactory()
    overrides.setdefault("activities", [ActivityCode.AUTEUR])
    return services.entry_create(user=user, data=entry_data(**overrides), submit=submit, actor=user)


def entry_in(status: str, *, entry=None, **overrides):
    """An entry moved through the services to ``status`` (a complete one, with contacts)."""
    staff = StaffFactory()
    entry = entry or structure_entry(**overrides)
    if status == E.BROUILLON:
        return entry
    actor = entry.created_by
    entry = services.entry_submit(entry=entry, actor=actor)
    if status == E.SOUMISE:
        return entry
    if status == E.A_CORRIGER:
        return services.entry_ask_correction(
            entry=entry, actor=staff, comment="Précisez la commune du siège."
        )
    if status == E.REFUSEE:
        return services.entry_refuse(entry=entry, actor=staff, reason="Hors du champ musical.")
    entry = services.entry_publish(entry=entry, actor=staff)
    if status == E.PUBLIEE:
        return entry
    if status == E.RETIREE:
        return services.entry_withdraw(entry=entry, actor=actor)
    raise ValueError(status)
