"""Lifecycles of a payment order and of a lot de virements."""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnm_portal.workflow import Workflow


class OrderStatus(models.TextChoices):
    A_PAYER = "a_payer", gettext_lazy("À payer")
    EN_LOT = "en_lot", gettext_lazy("Dans un lot de virements")
    PAYE = "paye", gettext_lazy("Payé")
    ANNULE = "annule", gettext_lazy("Annulé")


class BatchStatus(models.TextChoices):
    BROUILLON = "brouillon", gettext_lazy("En préparation")
    EXPORTE = "exporte", gettext_lazy("Fichier SEPA exporté")
    PAYE = "paye", gettext_lazy("Payé")
    ANNULE = "annule", gettext_lazy("Annulé")


O = OrderStatus  # noqa: E741 (as in the other apps: O, B read like the statuses)
B = BatchStatus


def _has_current_bank_account(order) -> list[str]:
    """An order goes into a lot only if its structure has bank details to pay to."""
    from virements.selectors import current_bank_account

    if current_bank_account(structure=order.structure) is None:
        return [
            _("%(structure)s n'a pas de coordonnées bancaires enregistrées.")
            % {"structure": order.structure}
        ]
    return []


def _orders_all_in_lot(batch) -> list[str]:
    """A lot is paid as a whole: every one of its orders must still be in it."""
    if batch.orders.exclude(status=O.EN_LOT).exists():
        return [_("Certains virements de ce lot ne sont plus « dans un lot » : annulez le lot.")]
    return []


def _has_sepa_file(batch) -> list[str]:
    if not batch.sepa_file:
        return [_("Le fichier SEPA de ce lot n'a pas été produit.")]
    return []


def _has_orders(batch) -> list[str]:
    if batch.count == 0 or not batch.orders.exists():
        return [_("Ce lot ne contient aucun virement.")]
    return []


order_flow = Workflow(
    name="ordre_virement",
    initial=O.A_PAYER,
    transitions={
        O.A_PAYER: {O.EN_LOT, O.ANNULE},
        # back to "à payer" when its lot is cancelled, so it can go into another lot
        O.EN_LOT: {O.PAYE, O.A_PAYER},
    },
    guards={(O.A_PAYER, O.EN_LOT): [_has_current_bank_account]},
)

batch_flow = Workflow(
    name="lot_virements",
    initial=B.BROUILLON,
    transitions={
        B.BROUILLON: {B.EXPORTE, B.ANNULE},
        # cancelled after export when the bank rejected the file or it was never sent
        B.EXPORTE: {B.PAYE, B.ANNULE},
    },
    guards={
        (B.BROUILLON, B.EXPORTE): [_has_orders, _orders_all_in_lot],
        (B.EXPORTE, B.PAYE): [_has_sepa_file, _orders_all_in_lot],
    },
)
