import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from espace_pro import rules
from espace_pro.choices import LegalForm, Procedure
from espace_pro.models import AccessRequest, Membership, Structure
from espace_pro.workflow import AccessRequestStatus


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure
        skip_postgeneration_save = True

    legal_form = LegalForm.SOCIETE_COMMERCIALE
    name = factory.Sequence(lambda n: f"Production Musique {n}")
    siret = factory.Sequence(lambda n: f"{90000000000000 + n:014d}")
    address = "12 rue Oberkampf"
    postal_code = "75011"
    city = "Paris"

    @factory.post_generation
    def numero(obj, create, extracted, **kwargs):
        if create:
            obj.numero_cnm = rules.format_numero_cnm(obj.pk)
            obj.save(update_fields=["numero_cnm"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = "Gérante"
    via = Membership.Via.CODE


class AccessRequestFactory(factory.django.DjangoModelFactory):
    """An access request waiting for the instructor (status en_attente)."""

    class Meta:
        model = AccessRequest

    user = factory.SubFactory(UserFactory)
    procedure = Procedure.SIRET
    status = AccessRequestStatus.EN_ATTENTE
    legal_form = LegalForm.SOCIETE_COMMERCIALE
    name = "Label Demo Musique"
    siret = "90100001800019"
    role = "Gérante"
    address = "12 rue Oberkampf"
    postal_code = "75011"
    city = "Paris"
    due_date = factory.LazyFunction(lambda: rules.access_request_due_date(timezone.localdate()))


class IncompleteRequestFactory(AccessRequestFactory):
    status = AccessRequestStatus.A_COMPLETER
    instructor_message = "Le Kbis a plus de 3 mois."
