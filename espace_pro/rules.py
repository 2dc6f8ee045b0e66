"""Rules of the espace professionnel that do not need the database or a request.

They are shared by the forms (what the applicant types), the registry client (what SIRENE and the
RNA answer) and the services (what is stored on an access request), so that a SIRET accepted on
one screen is accepted everywhere.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from types import ModuleType

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from cnm_portal.dates import add_business_days

from .choices import DocumentType, LegalForm

# Users paste numbers as printed on a Kbis or an avis de situation: "732 829 320 00074",
# "732.829.320", "W75-1234567"; any Unicode space (no-break spaces included) is a separator.
_SEPARATORS_RE = re.compile(r"[\s.\-]+")
_RNA_RE = re.compile(r"W[0-9A-Z]{9}")

# INSEE's "état administratif": "A" active; "F" (fermé) for an establishment, "C" (cessée) for a
# legal unit. Either way the structure can no longer be given access.
ESTABLISHMENT_CLOSED_STATES = frozenset({"F", "C"})


def normalize_identifier(value: str) -> str:
    """Drop the separators people type in SIRET/SIREN/RNA numbers (INSEE and RNA have none)."""
    return _SEPARATORS_RE.sub("", value or "").upper()


_INSEE_MESSAGES = {
    "SIRET": {
        "invalid_length": _("Le SIRET doit comporter 14 chiffres."),
        "invalid_checksum": _(
            "Ce numéro SIRET n'est pas valide : vérifiez-le (la clé de contrôle ne correspond pas)."
        ),
    },
    "SIREN": {
        "invalid_length": _("Le SIREN doit comporter 9 chiffres."),
        "invalid_checksum": _(
            "Ce numéro SIREN n'est pas valide : vérifiez-le (la clé de contrôle ne correspond pas)."
        ),
    },
}


def _validate_insee_number(value: str, *, length: int, module: ModuleType, kind: str) -> str:
    number = normalize_identifier(value)
    messages = _INSEE_MESSAGES[kind]
    if len(number) != length or not number.isdigit():
        raise ValidationError(messages["invalid_length"], code="invalid_length")
    try:
        # stdnum knows the La Poste exception (SIREN 356000000, digit sum multiple of 5).
        module.validate(number)
    except StdnumValidationError as exc:
        raise ValidationError(messages["invalid_checksum"], code="invalid_checksum") from exc
    return number


def validate_siret(value: str) -> str:
    """Return the normalized SIRET (INSEE: 14 digits, Luhn key, La Poste exception) or raise."""
    return _validate_insee_number(value, length=14, module=stdnum_siret, kind="SIRET")


def validate_siren(value: str) -> str:
    """Return the normalized SIREN (INSEE: 9 digits, Luhn key) or raise."""
    return _validate_insee_number(value, length=9, module=stdnum_siren, kind="SIREN")


def validate_rna(value: str) -> str:
    """Return the normalized RNA number (Répertoire national des associations: W + 9) or raise."""
    number = normalize_identifier(value)
    if not _RNA_RE.fullmatch(number):
        raise ValidationError(
            _("Le numéro RNA commence par W suivi de 9 caractères, par exemple W751234567."),
            code="invalid_rna",
        )
    return number


# INSEE "catégories juridiques" (nomenclature, niveau III: 4 digits) to the legal forms of the
# guide Mon Espace's table of supporting documents. Exact codes win over prefixes; the longest
# prefix wins. Choices, following INSEE's own grouping:
# * 5xxx is INSEE's level-I group "Société commerciale" (SNC, SCS, SCA, SARL, SA, SAS, SASU,
#   SE, SCOP in SARL/SA form, SELARL/SELAS...): all hold a Kbis.
# * 6xxx ("Autre personne morale immatriculée au RCS") is NOT mapped: it mixes sociétés civiles
#   (65xx: SCI, SCP, SCM...), GIE (62xx), coopératives agricoles (63xx) and mutual insurers
#   (64xx), none of which is a société commerciale; the applicant picks the form.
# * 72xx is "Collectivité territoriale" (7210 commune, 7220 département, 7225 collectivité
#   d'outre-mer, 7229 autre collectivité, 7230 région). 7312 "commune associée et commune
#   déléguée" is filed under 73xx by INSEE but has a maire and no statuts: it follows the
#   collectivité's supporting documents (PV d'élection du maire).
# * 41xx (EPIC, régies industrielles et commerciales, exploitant public), 73xx (établissements
#   publics administratifs, EPCI, EPCC...) and 74xx (GIP and other public-law bodies) are
#   "Établissement public" for the guide.
# * 92xx is "Association loi 1901 ou assimilé" (9220 déclarée, 9221 insertion, 9222
#   intermédiaire, 9230 reconnue d'utilité publique, 9260 droit local Alsace-Moselle...).
# * Everything else (État 71xx, foundations 93xx, foreign entities 3xxx, unions 8xxx...) is left
#   to the applicant.
_LEGAL_FORM_BY_CODE: dict[str, str] = {
    "1000": LegalForm.ENTREPRENEUR_INDIVIDUEL.value,
    "7312": LegalForm.COLLECTIVITE_TERRITORIALE.value,
}
_LEGAL_FORM_BY_PREFIX: dict[str, str] = {
    "5": LegalForm.SOCIETE_COMMERCIALE.value,
    "41": LegalForm.ETABLISSEMENT_PUBLIC.value,
    "72": LegalForm.COLLECTIVITE_TERRITORIALE.value,
    "73": LegalForm.ETABLISSEMENT_PUBLIC.value,
    "74": LegalForm.ETABLISSEMENT_PUBLIC.value,
    "92": LegalForm.ASSOCIATION.value,
}


def legal_form_from_nature_juridique(code: str) -> str:
    """Map an INSEE catégorie juridique (4 digits) to the guide Mon Espace's legal form, or ""."""
    code = normalize_identifier(code)
    if len(code) != 4 or not code.isdigit():
        return ""
    if code in _LEGAL_FORM_BY_CODE:
        return _LEGAL_FORM_BY_CODE[code]
    for length in (3, 2, 1):
        if code[:length] in _LEGAL_FORM_BY_PREFIX:
            return _LEGAL_FORM_BY_PREFIX[code[:length]]
    return ""


def is_establishment_closed(etat: str) -> bool:
    """True when INSEE's état administratif is "F" (establishment fermé) or "C" (unit cessée)."""
    return (etat or "").strip().upper() in ESTABLISHMENT_CLOSED_STATES


# --- espace professionnel: documents, delays, codes (guide Mon Espace) ---------------------

ACCESS_REQUEST_DELAY_BUSINESS_DAYS = 2
ACTIVATION_CODE_VALIDITY = timedelta(days=90)
INVITATION_VALIDITY = timedelta(days=15)
CODE_ATTEMPTS_PER_USER = 5
CODE_ATTEMPTS_PER_STRUCTURE = 10
CODE_ATTEMPTS_PER_ADDRESS = 20  # several people of one office share an address
CODE_ATTEMPTS_PERIOD = 15 * 60
# A CNM document number (tax notice) works as activation code this many days from the
# document's issue date, as long as a code of a letter (decisions.md).
DOCUMENT_CODE_VALIDITY_DAYS = 90
# Identity documents of requests never processed or never completed are erased this many days
# after the request was sent or last asked to be corrected (guide: the CNM keeps none).
IDENTITY_DOCUMENT_RETENTION_DAYS = 30
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a paper letter
CODE_LENGTH = 12

_DOCUMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    LegalForm.SOCIETE_COMMERCIALE: ((DocumentType.KBIS,), ()),
    LegalForm.ASSOCIATION: (
        (DocumentType.JO_PUBLICATION, DocumentType.LISTE_MEMBRES_CA),
        (DocumentType.RECEPISSE_PREFECTURE,),
    ),
    LegalForm.ENTREPRENEUR_INDIVIDUEL: ((DocumentType.AVIS_SIRENE,), (DocumentType.KBIS,)),
    LegalForm.COLLECTIVITE_TERRITORIALE: ((DocumentType.AVIS_SIRENE, DocumentType.PV_ELECTION), ()),
    LegalForm.ETABLISSEMENT_PUBLIC: (
        (DocumentType.AVIS_SIRENE, DocumentType.STATUTS),
        (DocumentType.KBIS,),
    ),
    LegalForm.PERSONNE_PHYSIQUE: ((DocumentType.PIECE_IDENTITE,), ()),
}


def required_documents(legal_form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, "si applicable") supporting documents per legal form — guide Mon Espace, table
    « Importer le justificatif correspondant à la forme juridique »."""
    return _DOCUMENTS[legal_form]


def missing_documents(legal_form: str, provided: set[str]) -> list[str]:
    """Required documents not provided — guide Mon Espace, table of supporting documents."""
    required, _optional = required_documents(legal_form)
    return [doc for doc in required if doc not in provided]


def access_request_due_date(submitted: date) -> date:
    """« Les services du CNM traitent les demandes d'accès sous 2 jours ouvrés » — guide."""
    return add_business_days(submitted, ACCESS_REQUEST_DELAY_BUSINESS_DAYS)


def is_access_request_late(due_date: date, on: date) -> bool:
    """Late once the 2-business-day target has passed — guide Mon Espace."""
    return on > due_date


def fiscal_residence_year(on: date) -> int:
    """The year of « Je certifie sur l'honneur être résident fiscal en France en <année> » — guide."""
    return on.year


def document_code_valid_until(issued_on: date) -> date:
    """Guide (« sur les documents taxes, le n° de document = code d'activation »): a document's
    number opens access for 90 days from its issue date, that last day included (our choice)."""
    return issued_on + timedelta(days=DOCUMENT_CODE_VALIDITY_DAYS)


def identity_documents_expired(last_activity: date, on: date) -> bool:
    """Guide: « ce document n'est pas conservé par le CNM » — an identity document of a request
    left unprocessed or uncompleted is erased from the 31st day after the request's last move."""
    return (on - last_activity).days > IDENTITY_DOCUMENT_RETENTION_DAYS


def generate_activation_code() -> str:
    """A random code to print on a letter (guide: « code d'activation » on CNM letters)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_activation_code(value: str) -> str:
    """What the person types, without spaces or dashes, in capitals (letters are read aloud)."""
    return re.sub(r"[\s\-]+", "", value or "").upper()


def format_activation_code(value: str) -> str:
    """Groups of four for the letter: ABCD-EFGH-JKLM."""
    code = normalize_activation_code(value)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def format_numero_cnm(sequence: int) -> str:
    """The CNM's identifier of a structure (our format: CNM + 6 digits; decisions.md)."""
    return f"CNM{sequence:06d}"
