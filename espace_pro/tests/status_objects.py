"""Instances of the espace professionnel's models, in every status, built through the services
(history rows, documents, letters included), for tests/test_admin_every_status.py and the
portal-stage tests."""

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from espace_pro import services
from espace_pro.choices import LegalForm, Procedure
from espace_pro.models import AccessRequest, Invitation, Membership, Structure
from espace_pro.tests.conftest import PDF
from espace_pro.workflow import AccessRequestStatus, access_request_flow

S = AccessRequestStatus
_sirets = itertools.count(1)


def pdf(name="justificatif.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def instructor():
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.tests.factories import StaffFactory

    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=roles.INSTRUCTEUR))
    return staff


def personne_physique_data(**overrides) -> services.RequestData:
    """What an author types in the personne-physique form (fiscal residence certified)."""
    fields = {
        "procedure": Procedure.PERSONNE_PHYSIQUE,
        "legal_form": LegalForm.PERSONNE_PHYSIQUE,
        "name": "Camille DURAND",
        "last_name": "Durand",
        "first_names": "Camille",
        "birth_date": dt.date(1990, 5, 4),
        "address": "3 rue des Lilas",
        "postal_code": "75020",
        "city": "Paris",
        "fiscal_residence_certified": True,
    }
    return services.RequestData(**{**fields, **overrides})


def submitted_request(user=None, *, personne_physique=False) -> AccessRequest:
    """A request as the applicant sends it, with its supporting documents."""
    from accounts.tests.factories import UserFactory

    user = user or UserFactory()
    if personne_physique:
        data = personne_physique_data(
            name=f"{user.first_name} {user.last_name.upper()}",
            last_name=user.last_name,
            first_names=user.first_name,
            birth_date=None,
        )
        documents = [("piece_identite", pdf("identite.pdf"))]
    else:
        data = services.RequestData(
            procedure=Procedure.SIRET,
            legal_form=LegalForm.SOCIETE_COMMERCIALE,
            name="Zénith 1 Productions",
            siret=f"{80000000000000 + next(_sirets):014d}",
            role="Gérante",
            address="12 rue Oberkampf",
            postal_code="75011",
            city="Paris",
        )
        documents = [("kbis", pdf("kbis.pdf"))]
    return services.access_request_submit(
        user=user, data=data, documents=documents, establishment=None
    )


def make_access_request(status, user=None, *, personne_physique=False) -> AccessRequest:
    request = submitted_request(user, personne_physique=personne_physique)
    staff = instructor()
    if status == S.A_COMPLETER:
        services.access_request_ask_document(
            request=request, actor=staff, message="Kbis de plus de 3 mois."
        )
    elif status == S.ACCEPTEE:
        services.access_request_approve(request=request, actor=staff)
    elif status == S.REFUSEE:
        services.access_request_refuse(request=request, actor=staff, reason="Kbis illisible.")
    elif status == S.ANNULEE:
        services.access_request_cancel(request=request, user=request.user)
    request.refresh_from_db()
    return request


def make_structure(_status=None) -> Structure:
    """A structure with two members, a pending invitation and a code whose letter exists."""
    from espace_pro.tests.factories import MembershipFactory, StructureFactory

    structure = StructureFactory(name="Zénith 1 Musique")
    owner = MembershipFactory(structure=structure)
    MembershipFactory(structure=structure, role="Comptable")
    services.invitation_create(
        structure=structure,
        email="invitee@exemple.fr",
        role="Chargée de production",
        actor=owner.user,
    )
    code, _plaintext = services.activation_code_issue(structure=structure, actor=None)
    code.letter.save("courrier.pdf", ContentFile(PDF))
    return structure


def make_membership(_status=None) -> Membership:
    return make_structure().memberships.order_by("pk").first()


def make_invitation(_status=None) -> Invitation:
    return make_structure().invitations.get()


STATUS_OBJECTS = {
    AccessRequest: (access_request_flow, make_access_request),
    Structure: (None, make_structure),
    Membership: (None, make_membership),
    Invitation: (None, make_invitation),
}
