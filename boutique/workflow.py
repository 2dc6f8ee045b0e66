"""Lifecycle of an order of the Éditions du CNM: paid by bank transfer or administrative order,
then shipped (print titles) or delivered (digital only); only an unpaid order can be cancelled."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnm_portal.workflow import Workflow


class OrderStatus(models.TextChoices):
    EN_ATTENTE = "en_attente", _("En attente de paiement")
    PAYEE = "payee", _("Payée")
    EXPEDIEE = "expediee", _("Expédiée")
    LIVREE = "livree", _("Livrée")
    ANNULEE = "annulee", _("Annulée")


S = OrderStatus


def _has_print_lines(order) -> list[str]:
    if not order.has_print:
        return [str(_("Cette commande ne contient que des titres numériques : rien à expédier."))]
    return []


def _digital_only(order) -> list[str]:
    if order.has_print:
        return [str(_("Cette commande contient des ouvrages imprimés : marquez-la expédiée."))]
    return []


order_flow = Workflow(
    name="commande_boutique",
    initial=S.EN_ATTENTE,
    transitions={
        # the transfer or the administrative order is received; or the buyer never pays
        S.EN_ATTENTE: {S.PAYEE, S.ANNULEE},
        # print titles leave the warehouse; a digital-only order is delivered once paid
        S.PAYEE: {S.EXPEDIEE, S.LIVREE},
    },
    guards={
        (S.PAYEE, S.EXPEDIEE): [_has_print_lines],
        (S.PAYEE, S.LIVREE): [_digital_only],
    },
)

# Statuses in which the digital purchases can be downloaded and the invoice exists.
PAID_STATUSES = (S.PAYEE, S.EXPEDIEE, S.LIVREE)
