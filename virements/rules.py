"""Rules of the payments that leave the CNM, as pure functions (no ORM, no request).

They are not in the RGA: art. 5 says aid is paid by transfer to the beneficiary, and the SEPA
Credit Transfer rulebook (EPC125-05) with the ISO 20022 pain.001.001.03 message says what a valid
transfer is (IBAN and BIC, a 140-character remittance text in the Latin character set, an
execution date that is a TARGET business day). Each function names its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from schwifty import BIC, IBAN
from schwifty import exceptions as schwifty_errors
from text_unidecode import unidecode

from cnm_portal import dates

# SEPA rulebook, "Character set": the Latin subset every bank of the zone must accept.
SEPA_ALLOWED = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
REMITTANCE_MAX = 140
# Before transliteration: what French labels use and ``unidecode`` renders badly ("ndeg", "--").
_SEPA_REPLACEMENTS = {
    "n°": "no",
    "N°": "No",
    "°": "o",
    "—": "-",
    "–": "-",
    "€": "EUR",
    "%": "pct",
    "&": "et",
}
NAME_MAX = 70

_IBAN_MESSAGES = {
    schwifty_errors.InvalidChecksumDigits: gettext_lazy(
        "La clé de contrôle de l'IBAN est fausse : vérifiez chaque caractère sur votre RIB."
    ),
    schwifty_errors.InvalidBBANChecksum: gettext_lazy(
        "La clé RIB contenue dans l'IBAN est fausse : vérifiez chaque caractère sur votre RIB."
    ),
    schwifty_errors.InvalidLength: gettext_lazy("L'IBAN n'a pas la bonne longueur pour ce pays."),
    schwifty_errors.InvalidCountryCode: gettext_lazy(
        "L'IBAN doit commencer par un code pays (FR76…)."
    ),
    schwifty_errors.InvalidStructure: gettext_lazy(
        "L'IBAN contient des caractères inattendus : il commence par deux lettres (le pays) "
        "puis deux chiffres (FR76…)."
    ),
    schwifty_errors.InvalidBankCode: gettext_lazy(
        "Le code banque contenu dans l'IBAN est inconnu."
    ),
    schwifty_errors.InvalidBranchCode: gettext_lazy(
        "Le code guichet contenu dans l'IBAN est inconnu."
    ),
    schwifty_errors.InvalidAccountCode: gettext_lazy(
        "Le numéro de compte contenu dans l'IBAN est invalide."
    ),
}


def compact(text: str) -> str:
    """IBAN and BIC as typed ("fr76 3000 …", with dashes or dots) → upper case, no separators."""
    return re.sub(r"[\s.\-]", "", text or "").upper()


@dataclass(frozen=True)
class CheckedAccount:
    iban: str  # compact, upper case
    bic: str  # 8 or 11 characters, "" when neither given nor derivable
    errors: dict[str, str]


def iban_error(text: str) -> str | None:
    """SEPA rulebook (AT-C001 / AT-D001): a valid IBAN of the SEPA zone, ISO 13616 checksum and,
    where the country has one (France: the clé RIB), the national check digits."""
    value = compact(text)
    if not value:
        return _("Indiquez l'IBAN.")
    try:
        iban = IBAN(value, validate_bban=True)
    except schwifty_errors.SchwiftyException as error:
        for kind, message in _IBAN_MESSAGES.items():
            if isinstance(error, kind):
                return str(message)
        return _("Cet IBAN n'est pas valide.")
    if not iban.in_sepa_zone:
        return _("Cet IBAN n'appartient pas à la zone SEPA : le CNM ne paie que par virement SEPA.")
    return None


def bic_error(text: str) -> str | None:
    """SEPA rulebook (AT-C002): a BIC of 8 or 11 characters known in the bank directory."""
    value = compact(text)
    try:
        bic = BIC(value)
    except schwifty_errors.SchwiftyException:
        return _("Le BIC comporte 8 ou 11 caractères (lettres et chiffres), par exemple BNPAFRPP.")
    if not bic.exists:
        return _("Ce BIC est inconnu : recopiez celui qui figure sur votre RIB.")
    return None


def check_account(iban: str, bic: str) -> CheckedAccount:
    """IBAN and BIC together: the BIC may be left empty when the IBAN's bank is in the directory
    (it is then derived), otherwise it is required."""
    errors: dict[str, str] = {}
    iban_value, bic_value = compact(iban), compact(bic)
    message = iban_error(iban_value)
    if message:
        errors["iban"] = message
    if bic_value:
        message = bic_error(bic_value)
        if message:
            errors["bic"] = message
    elif "iban" not in errors:
        derived = IBAN(iban_value).bic
        if derived is None:
            errors["bic"] = _("Indiquez le BIC : il figure sur votre RIB.")
        else:
            bic_value = str(derived.compact)
    return CheckedAccount(iban=iban_value, bic=bic_value, errors=errors)


def mask_iban(iban: str) -> str:
    """The IBAN as shown once stored: country and check digits, then only the last 4 characters
    ("FR76 •••• •••• 1234"), so a screen or a screenshot never reveals the account."""
    value = compact(iban)
    if len(value) < 8:
        return "•••• ••••"
    return f"{value[:4]} •••• •••• {value[-4:]}"


def format_iban(iban: str) -> str:
    """Groups of four, as printed on a RIB (staff screens and the CSV)."""
    value = compact(iban)
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def sepa_text(text: str, max_length: int) -> str:
    """SEPA rulebook, character set: accents transliterated ("é" → "e"), other characters
    replaced by a space, spaces collapsed. The result may be longer than ``max_length``: the
    caller decides whether to refuse (remittance text) or cut (names, AT-C002)."""
    del max_length  # kept in the signature so every call names the limit it works under
    for character, replacement in _SEPA_REPLACEMENTS.items():
        text = (text or "").replace(character, replacement)
    cleaned = SEPA_ALLOWED.sub(" ", unidecode(text))
    return re.sub(r"\s+", " ", cleaned).strip()


def label_error(label: str) -> str | None:
    """pain.001 ``RmtInf/Ustrd``: 1 to 140 characters of the SEPA set once transliterated."""
    cleaned = sepa_text(label, REMITTANCE_MAX)
    if not cleaned:
        return _("Le libellé du virement est vide.")
    if len(cleaned) > REMITTANCE_MAX:
        return _(
            "Le libellé du virement dépasse 140 caractères (%(n)s) : la banque le couperait."
        ) % {"n": len(cleaned)}
    return None


def amount_error(amount: Decimal) -> str | None:
    """pain.001 ``InstdAmt``: strictly positive, at most two decimals (euros and cents)."""
    if not isinstance(amount, Decimal):
        return _("Le montant doit être un nombre décimal.")
    if amount <= 0:
        return _("Le montant d'un virement doit être supérieur à zéro.")
    if amount != amount.quantize(Decimal("0.01")):
        return _("Le montant d'un virement s'exprime en euros et centimes (deux décimales).")
    if amount >= Decimal("1000000000"):
        return _("Le montant d'un virement doit être inférieur à un milliard d'euros.")
    return None


def execution_date_error(day: date, *, today: date) -> str | None:
    """pain.001 ``ReqdExctnDt`` (SEPA rulebook: banks execute on business days): not in the past
    and a business day, weekends and French public holidays excluded (``cnm_portal.dates``)."""
    if day < today:
        return _("La date d'exécution ne peut pas être dans le passé.")
    if not dates.is_business_day(day):
        return _(
            "La date d'exécution doit être un jour ouvré (ni samedi, ni dimanche, ni jour férié)."
        )
    return None


def paid_on_error(day: date, *, exported_on: date, today: date) -> str | None:
    """The date the bank debited the CNM's account: not in the future, not before the file was
    sent to the bank (a payment cannot predate its order)."""
    if day > today:
        return _("La date de paiement ne peut pas être dans le futur.")
    if day < exported_on:
        return _(
            "La date de paiement ne peut pas précéder l'export du fichier SEPA (%(date)s)."
        ) % {"date": dates.format_date_fr(exported_on)}
    return None


def batch_reference(year: int, number: int) -> str:
    """Lot reference, also the SEPA message id: "VIR-2026-0001" (one sequence per year)."""
    return f"VIR-{year}-{number:04d}"


def bank_name(bic: str) -> str:
    """The bank's name from the BIC directory shipped with schwifty ("" when unknown)."""
    try:
        names = BIC(compact(bic)).bank_names
    except schwifty_errors.SchwiftyException:
        return ""
    return names[0] if names else ""
