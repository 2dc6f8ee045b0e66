"""Every-status contract: for each model registered in the admin, its workflow (or None) and
``make(status)`` returning a saved, complete instance in that status (built through the
services, so that histories and ledger rows are the real ones)."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from cnm_portal.dates import today
from compte_entrepreneur import services
from compte_entrepreneur.documents import notify_generation
from compte_entrepreneur.models import (
    Compte,
    Drawing,
    Entry,
    Generation,
    LocationGerance,
    TaxAllocation,
    Transfer,
)
from compte_entrepreneur.tests.factories import drawing_request, funded_structure, pdf
from compte_entrepreneur.workflow import DrawingStatus as D
from compte_entrepreneur.workflow import TransferStatus as T
from compte_entrepreneur.workflow import drawing_flow, transfer_flow
from espace_pro.tests.factories import StructureFactory


def _credited(status=None):
    """An account credited by a tax payment, its notification rendered (as the worker does)."""
    compte = Compte.objects.get(structure=funded_structure("2000.00"))
    for generation in compte.generations.all():
        notify_generation({"generation_id": generation.pk})
    return compte


def make_drawing(status: str) -> Drawing:
    structure = funded_structure("2000.00")
    drawing = drawing_request(structure, "800.00")
    if status == D.DEPOSEE:
        return drawing
    if status in (D.VALIDEE, D.VERSEE, D.ANNULEE):
        drawing = services.drawing_validate(drawing=drawing, actor=None)
        if status == D.VERSEE:
            drawing = services.drawing_mark_paid(drawing=drawing, actor=None)
        if status == D.ANNULEE:
            from django.contrib.contenttypes.models import ContentType

            from virements.models import PaymentOrder
            from virements.services import payment_order_cancel

            order = PaymentOrder.objects.get(
                source_type=ContentType.objects.get_for_model(Drawing), source_id=str(drawing.pk)
            )
            payment_order_cancel(order=order, actor=None, reason="IBAN refusé par la banque")
            drawing.refresh_from_db()
        return drawing
    until = today() + timedelta(days=15)
    drawing = services.drawing_ask_regularisation(
        drawing=drawing, actor=None, message="Budget détaillé manquant", until=until
    )
    if status == D.REFUSEE:
        later = timezone.now() + timedelta(days=16)  # the deadline has passed
        with mock.patch("django.utils.timezone.now", return_value=later):
            drawing = services.drawing_refuse(drawing=drawing, actor=None, reasons="Sans réponse")
    return drawing


def make_transfer(status: str) -> Transfer:
    seller = funded_structure("2000.00")
    effective = today() if status == T.EXECUTE else today() + timedelta(days=30)
    transfer = services.transfer_record(
        kind=Transfer.Kind.FUSION,
        from_structure=seller,
        to_structure=StructureFactory(),
        effective_on=effective,
        certain_on=today() - timedelta(days=10),
        mentions_rights=True,
        notified_on=today(),
        justified=True,
        deed=pdf("acte.pdf"),
        actor=None,
    )
    if status == T.ANNULE:
        transfer = services.transfer_cancel(transfer=transfer, actor=None, reason="Acte annulé")
    return transfer


def make_gerance(status=None) -> LocationGerance:
    return services.location_gerance_record(
        owner=funded_structure("2000.00"),
        manager=StructureFactory(),
        start_on=today(),
        end_on=None,
        authorisation="Arrêté du 3 novembre 2026",
        contract=pdf("contrat.pdf"),
        actor=None,
    )


STATUS_OBJECTS = {
    Compte: (None, _credited),
    Entry: (None, lambda status=None: Entry.objects.filter(compte=_credited()).first()),
    Generation: (None, lambda status=None: Generation.objects.filter(compte=_credited()).first()),
    TaxAllocation: (
        None,
        lambda status=None: TaxAllocation.objects.filter(structure=_credited().structure).first(),
    ),
    Drawing: (drawing_flow, make_drawing),
    Transfer: (transfer_flow, make_transfer),
    LocationGerance: (None, make_gerance),
}
