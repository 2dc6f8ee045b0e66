"""Import of the representations of a declaration from a CSV file (loi 2003-1312 art. 76 VI).

Pure parsing: bytes in, rows and per-line French errors out; no ORM, no clock (``today`` is a
parameter). The expected header, case-insensitive, in any order, ``;`` or ``,`` separated:

    date;lieu;commune;categorie;theatre_astp;seance_educative;billetterie;montant_ht;montant_ttc;taux_tva

The base is either ``montant_ht``, or ``montant_ttc`` with ``taux_tva`` (HT computed with
``rules.ht_from_ttc``). Files are UTF-8 (with or without BOM) or, failing that, Windows-1252 (an
Excel "CSV" export on a French Windows). Line numbers are physical lines: the header is line 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cnm_portal.money import (
    format_euros,
    format_number,
    format_percentage,
    parse_amount,
    percentage,
)
from taxe import rules

# Our choice: a declaration with more representations than this is split into several files
# (the header is not counted). Parsing stops at the first line beyond the limit.
MAX_ROWS = 5000
# Our choice: venue and city names longer than this are certainly a misplaced column.
MAX_TEXT_LENGTH = 200

DATE = "date"
VENUE = "lieu"
CITY = "commune"
CATEGORY = "categorie"
ASTP = "theatre_astp"
EDUCATIONAL = "seance_educative"
TICKETING = "billetterie"
AMOUNT_HT = "montant_ht"
AMOUNT_TTC = "montant_ttc"
VAT_RATE = "taux_tva"
COLUMNS = (
    DATE,
    VENUE,
    CITY,
    CATEGORY,
    ASTP,
    EDUCATIONAL,
    TICKETING,
    AMOUNT_HT,
    AMOUNT_TTC,
    VAT_RATE,
)
# Always required; the amount columns are required as "montant_ht or montant_ttc + taux_tva".
REQUIRED_COLUMNS = (DATE, VENUE, CITY, CATEGORY, ASTP, EDUCATIONAL, TICKETING)

# Pseudo-fields of errors that are not about one column.
FILE = "fichier"
HEADER = "entete"
LINE = "ligne"

_TRUE = frozenset({"oui", "1", "true", "vrai"})
_FALSE = frozenset({"non", "0", "false", "faux"})
_FR_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class RepresentationRow:
    """One valid line of the file: a representation and its HT base."""

    line: int
    date: dt.date
    venue: str
    city: str
    category: str
    astp_theatre: bool
    educational: bool
    ticketing: bool
    base_ht: Decimal
    amount_ttc: Decimal | None
    vat_rate: Decimal | None


@dataclass(frozen=True)
class LineError:
    """A French message about one field (a column name, or fichier/entete/ligne) of one line."""

    line: int
    field: str
    message: str


def _decode(content: bytes) -> str | None:
    """UTF-8 (BOM dropped), else Windows-1252; ``None`` for a binary or undecodable file."""
    if b"\x00" in content:
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _detect_delimiter(header_line: str) -> str:
    """``;`` (Excel FR) or ``,``: whichever the header line has more of (``;`` on a tie)."""
    return "," if header_line.count(",") > header_line.count(";") else ";"


def _normalise_header(name: str) -> str:
    """Header name without accents, lower case, underscores ("Séance éducative")."""
    text = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\s\-]+", "_", text.lower())


def _quote(value: str) -> str:
    """Quote a user value in a message, French style, shortened if very long."""
    if len(value) > 40:
        value = value[:37] + "…"
    return f"«\u00a0{value}\u00a0»"


def _parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy or yyyy-mm-dd; ``ValueError`` for a well-formed date that does not exist."""
    match = _FR_DATE_RE.fullmatch(text)
    if match:
        day, month, year = (int(group) for group in match.groups())
        return dt.date(year, month, day)
    match = _ISO_DATE_RE.fullmatch(text)
    if match:
        year, month, day = (int(group) for group in match.groups())
        return dt.date(year, month, day)
    return None


def _parse_category(text: str) -> str | None:
    """A category value: "1".."5" (or "1°".."5°"), "traditionnelle", "aucune", any case."""
    value = _normalise_header(text).replace("_", "").rstrip("°").rstrip("o")
    if value in rules.CATEGORIES:
        return value
    return None


def _parse_bool(text: str) -> bool | None:
    """oui/non, 1/0, true/false (and vrai/faux); ``None`` if none of them."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def _parse_rate(text: str) -> Decimal | None:
    """A VAT rate written as a percentage: "5,5", "5.5", "5,5 %", "20" → 0.055, 0.20."""
    value = text.replace("%", "").replace("\u00a0", "").replace("\u202f", "").strip()
    try:
        rate = percentage(value)
    except (ValueError, ArithmeticError):
        return None
    return rate if rate in rules.VAT_RATES else None


def _allowed_rates() -> str:
    return ", ".join(format_percentage(rate) for rate in rules.VAT_RATES)


class _LineParser:
    """Validate one line's values, collecting every error of the line."""

    def __init__(self, line: int, values: dict[str, str], today: dt.date) -> None:
        self.line = line
        self.values = values
        self.today = today
        self.errors: list[LineError] = []

    def error(self, field: str, message: str) -> None:
        self.errors.append(LineError(self.line, field, message))

    def date(self) -> dt.date | None:
        text = self.values.get(DATE, "")
        if not text:
            self.error(DATE, _("Indiquez la date de la représentation."))
            return None
        try:
            day = _parse_date(text)
        except ValueError:
            self.error(DATE, _("La date %(value)s n'existe pas.") % {"value": _quote(text)})
            return None
        if day is None:
            self.error(
                DATE,
                _("Date invalide %(value)s : attendu jj/mm/aaaa ou aaaa-mm-jj.")
                % {"value": _quote(text)},
            )
            return None
        messages = rules.representation_date_errors(day, today=self.today)
        for message in messages:
            self.error(DATE, message)
        return None if messages else day

    def text(self, field: str, missing: str) -> str | None:
        text = " ".join(self.values.get(field, "").split())
        if not text:
            self.error(field, missing)
            return None
        if len(text) > MAX_TEXT_LENGTH:
            self.error(
                field,
                _("La colonne %(field)s dépasse %(max)s caractères.")
                % {"field": field, "max": MAX_TEXT_LENGTH},
            )
            return None
        return text

    def category(self) -> str | None:
        text = self.values.get(CATEGORY, "")
        if not text:
            self.error(CATEGORY, _("Indiquez la catégorie du spectacle."))
            return None
        category = _parse_category(text)
        if category is None:
            self.error(
                CATEGORY,
                _(
                    "Catégorie inconnue %(value)s : indiquez 1 à 5 (ou 1° à 5°), "
                    "« traditionnelle » ou « aucune »."
                )
                % {"value": _quote(text)},
            )
        return category

    def flag(self, field: str, *, required: bool = False) -> bool | None:
        text = self.values.get(field, "")
        if not text:
            if required:
                self.error(
                    field,
                    _(
                        "Indiquez « oui » si la base est la recette de billetterie, « non » "
                        "si c'est le prix de cession du spectacle."
                    ),
                )
                return None
            return False
        value = _parse_bool(text)
        if value is None:
            self.error(
                field,
                _("Valeur invalide %(value)s dans la colonne %(field)s : indiquez oui ou non.")
                % {"value": _quote(text), "field": field},
            )
        return value

    def amount(self, field: str, invalid: str, negative: str) -> Decimal | None:
        text = self.values.get(field, "")
        if not text:
            return None
        try:
            value = parse_amount(text)
        except ValueError:
            self.error(field, invalid % {"value": _quote(text)})
            return None
        if value < 0:
            self.error(field, negative)
            return None
        return value

    def rate(self) -> Decimal | None:
        text = self.values.get(VAT_RATE, "")
        if not text:
            return None
        rate = _parse_rate(text)
        if rate is None:
            self.error(
                VAT_RATE,
                _("Taux de TVA inconnu %(value)s : indiquez l'un des taux %(rates)s.")
                % {"value": _quote(text), "rates": _allowed_rates()},
            )
        return rate

    def amounts(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """(base HT, amount TTC, VAT rate): HT as given, or computed from TTC and the rate."""
        has_ht = bool(self.values.get(AMOUNT_HT))
        has_ttc = bool(self.values.get(AMOUNT_TTC))
        has_rate = bool(self.values.get(VAT_RATE))
        errors_before = len(self.errors)
        ht = self.amount(
            AMOUNT_HT,
            _(
                "Montant HT invalide %(value)s : saisissez un nombre avec au plus deux "
                "décimales, par exemple 1 234,56."
            ),
            _("Le montant HT ne peut pas être négatif."),
        )
        ttc = self.amount(
            AMOUNT_TTC,
            _(
                "Montant TTC invalide %(value)s : saisissez un nombre avec au plus deux "
                "décimales, par exemple 1 234,56."
            ),
            _("Le montant TTC ne peut pas être négatif."),
        )
        rate = self.rate()
        if not has_ht and not has_ttc:
            self.error(AMOUNT_HT, _("Indiquez le montant HT, ou le montant TTC et le taux de TVA."))
        elif has_ttc and not has_rate:
            self.error(VAT_RATE, _("Indiquez le taux de TVA du montant TTC."))
        if len(self.errors) > errors_before:
            return None, None, None
        if ttc is None:
            return ht, None, rate
        assert rate is not None  # has_rate and no error
        computed = rules.ht_from_ttc(ttc, rate)
        if ht is not None and ht != computed:
            self.error(
                AMOUNT_HT,
                _(
                    "Le montant HT (%(ht)s) ne correspond pas au montant TTC (%(ttc)s) au taux "
                    "de %(rate)s : %(computed)s attendu."
                )
                % {
                    "ht": format_euros(ht),
                    "ttc": format_euros(ttc),
                    "rate": format_percentage(rate),
                    "computed": format_euros(computed),
                },
            )
            return None, None, None
        return computed, ttc, rate

    def parse(self) -> RepresentationRow | None:
        day = self.date()
        venue = self.text(VENUE, _("Indiquez le lieu de la représentation."))
        city = self.text(CITY, _("Indiquez la commune de la représentation."))
        category = self.category()
        astp = self.flag(ASTP)
        educational = self.flag(EDUCATIONAL)
        ticketing = self.flag(TICKETING, required=True)
        base_ht, amount_ttc, vat_rate = self.amounts()
        if self.errors:
            return None
        assert day is not None and venue is not None and city is not None
        assert category is not None and base_ht is not None
        return RepresentationRow(
            line=self.line,
            date=day,
            venue=venue,
            city=city,
            category=category,
            astp_theatre=bool(astp),
            educational=bool(educational),
            ticketing=bool(ticketing),
            base_ht=base_ht,
            amount_ttc=amount_ttc,
            vat_rate=vat_rate,
        )


def _header_errors(columns: list[str]) -> list[str]:
    """French messages about a header: duplicated or missing columns (empty when fine)."""
    messages = []
    duplicates = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicates:
        messages.append(
            _("Colonnes en double dans l'en-tête : %(columns)s.")
            % {"columns": ", ".join(duplicates)}
        )
    present = set(columns)
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if AMOUNT_HT not in present and not {AMOUNT_TTC, VAT_RATE} <= present:
        missing.append(_("montant_ht (ou montant_ttc et taux_tva)"))
    if missing:
        messages.append(
            _(
                "Colonnes manquantes : %(missing)s. L'en-tête attendu est : %(expected)s "
                "(montant_ht, ou montant_ttc et taux_tva)."
            )
            % {"missing": ", ".join(missing), "expected": ";".join(COLUMNS)}
        )
    return messages


def parse_representations_csv(
    content: bytes, *, today: dt.date
) -> tuple[list[RepresentationRow], list[LineError]]:
    """Loi 2003-1312 art. 76 VI: read the representations of a declaration from a CSV file.

    Returns the valid rows and one ``LineError`` per problem (a line may have several, one per
    column). A file that cannot be read or whose header is wrong gives errors at line 1 and no
    rows. Blank lines are skipped. Whether the valid rows of a file that also has errors are
    kept is the caller's decision.
    """
    text = _decode(content)
    if text is None:
        return [], [
            LineError(
                1,
                FILE,
                _(
                    "Le fichier n'est pas lisible : enregistrez-le au format CSV "
                    "(UTF-8 ou Windows), séparateur point-virgule ou virgule."
                ),
            )
        ]
    if not text.strip():
        return [], [LineError(1, FILE, _("Le fichier est vide."))]

    first_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_detect_delimiter(first_line))
    try:
        header = next(reader)
    except csv.Error:
        header = []
    columns = [_normalise_header(name) for name in header]
    messages = _header_errors(columns)
    if messages:
        return [], [LineError(1, HEADER, " ".join(messages))]

    rows: list[RepresentationRow] = []
    errors: list[LineError] = []
    count = 0
    last_line = reader.line_num
    while True:
        line = last_line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(
                LineError(
                    line,
                    LINE,
                    _(
                        "Ligne illisible (champ trop long ou guillemet non fermé) : "
                        "la lecture du fichier s'arrête ici."
                    ),
                )
            )
            break
        last_line = reader.line_num
        if not any(value.strip() for value in record):
            continue  # blank line
        count += 1
        if count > MAX_ROWS:
            errors.append(
                LineError(
                    line,
                    FILE,
                    _(
                        "Le fichier dépasse %(max)s représentations : découpez-le en "
                        "plusieurs fichiers."
                    )
                    % {"max": format_number(MAX_ROWS, places=0)},
                )
            )
            break
        extra = [value for value in record[len(columns) :] if value.strip()]
        if extra:
            errors.append(
                LineError(
                    line,
                    LINE,
                    _("La ligne compte %(count)s colonnes alors que l'en-tête en a %(expected)s.")
                    % {"count": len(record), "expected": len(columns)},
                )
            )
            continue
        values = {name: value.strip() for name, value in zip(columns, record, strict=False) if name}
        parser = _LineParser(line, values, today)
        row = parser.parse()
        if row is None:
            errors.extend(parser.errors)
        else:
            rows.append(row)

    if not rows and not errors:
        errors.append(LineError(1, FILE, _("Le fichier ne contient aucune représentation.")))
    return rows, errors
