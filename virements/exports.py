"""The files of a lot: the SEPA credit-transfer message (pain.001.001.03, built by ``sepaxml``
and validated against the schema it ships) and a CSV for the accounting agent's checks."""

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import sepaxml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError as SepaValidationError

from cnm_portal.money import sum_money
from virements import rules
from virements.models import PaymentBatch, PaymentOrder

SCHEMA = "pain.001.001.03"
SEPA_SCHEMA_PATH = str(Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd")
NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"


def to_cents(amount: Decimal) -> int:
    """sepaxml takes integer cents; amounts are stored with exactly two decimals."""
    return int((amount * 100).to_integral_exact())


def end_to_end_id(batch: PaymentBatch, order: PaymentOrder) -> str:
    """``EndToEndId`` (≤ 35 characters) returned by the bank on the beneficiary's statement and
    on a rejection: the lot reference and the order number."""
    return f"{batch.reference}-{order.pk}"[:35]


def debtor_config() -> dict:
    return {
        "name": rules.sepa_text(settings.VIREMENTS_DEBTOR_NAME, rules.NAME_MAX)[: rules.NAME_MAX],
        "IBAN": rules.compact(settings.VIREMENTS_DEBTOR_IBAN),
        "BIC": rules.compact(settings.VIREMENTS_DEBTOR_BIC),
        "batch": True,
        "currency": "EUR",
    }


def build_sepa(batch: PaymentBatch, orders: Sequence[PaymentOrder]) -> bytes:
    """The pain.001 message of ``batch``; raises ``ValidationError`` (French) if it does not
    validate against the schema or if its control sum differs from the lot's total."""
    config = debtor_config()
    if rules.iban_error(config["IBAN"]) or rules.bic_error(config["BIC"]):
        raise ValidationError(
            _(
                "Le compte du CNM (réglages VIREMENTS_DEBTOR_IBAN et VIREMENTS_DEBTOR_BIC) est "
                "invalide : aucun fichier n'a été produit."
            )
        )
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    # The message id is what the bank quotes back: the lot's reference rather than a random one.
    transfer._xml.find("CstmrCdtTrfInitn/GrpHdr/MsgId").text = batch.reference
    for order in orders:
        payment = {
            "name": rules.sepa_text(order.holder, rules.NAME_MAX)[: rules.NAME_MAX],
            "IBAN": order.iban,
            "amount": to_cents(order.amount),
            "execution_date": batch.execution_date,
            "description": rules.sepa_text(order.label, rules.REMITTANCE_MAX),
            "endtoend_id": end_to_end_id(batch, order),
        }
        if order.bic:
            payment["BIC"] = order.bic
        transfer.add_payment(payment)
    try:
        content = transfer.export(validate=True, pretty_print=True)
    except SepaValidationError as error:
        raise ValidationError(
            _("Le fichier SEPA ne respecte pas le schéma %(schema)s : %(detail)s")
            % {"schema": SCHEMA, "detail": error.__cause__ or error}
        ) from error
    control_sum, count = control_totals(content)
    expected = sum_money(order.amount for order in orders)
    if control_sum != expected or count != len(orders) or expected != batch.total:
        raise ValidationError(
            _(
                "Le total du fichier SEPA (%(sum)s € pour %(n)s virements) diffère de celui du "
                "lot (%(total)s € pour %(count)s virements)."
            )
            % {"sum": control_sum, "n": count, "total": batch.total, "count": batch.count}
        )
    return content


def control_totals(content: bytes) -> tuple[Decimal, int]:
    """The group header's ``CtrlSum`` and ``NbOfTxs`` (what the bank checks first)."""
    root = ET.fromstring(content)  # noqa: S314 (our own output, not user input)
    header = root.find(f"{{{NAMESPACE}}}CstmrCdtTrfInitn/{{{NAMESPACE}}}GrpHdr")
    return (
        Decimal(header.find(f"{{{NAMESPACE}}}CtrlSum").text),
        int(header.find(f"{{{NAMESPACE}}}NbOfTxs").text),
    )


def csv_amount(amount: Decimal) -> str:
    """ "1234,56": no thousands separator, so spreadsheets read it as a number."""
    return f"{amount:.2f}".replace(".", ",")


CSV_HEADER = [
    "Lot",
    "Date d'exécution",
    "N° d'ordre",
    "Référence de bout en bout",
    "Bénéficiaire",
    "Numéro CNM",
    "Titulaire du compte",
    "IBAN",
    "BIC",
    "Montant (€)",
    "Libellé",
]


def build_csv(batch: PaymentBatch, orders: Sequence[PaymentOrder]) -> bytes:
    """Semicolon-separated, UTF-8 with BOM and French decimal commas (opens in a spreadsheet);
    the last line is the total."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for order in orders:
        writer.writerow(
            [
                batch.reference,
                batch.execution_date.strftime("%d/%m/%Y"),
                order.pk,
                end_to_end_id(batch, order),
                order.structure.name,
                order.structure.numero_cnm or "",
                order.holder,
                rules.format_iban(order.iban),
                order.bic,
                csv_amount(order.amount),
                order.label,
            ]
        )
    writer.writerow(["Total", "", len(orders), "", "", "", "", "", "", csv_amount(batch.total)])
    return buffer.getvalue().encode("utf-8")
