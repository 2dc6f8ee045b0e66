"""Rules of the job ads: when an ad is open, which dates are accepted, how text is searched.
Pure functions: no ORM, no request."""

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext as _

TITLE_MAX = 150
DESCRIPTION_MAX = 8000
# An ad stays on line at most this long after its publication (closing date chosen by the author).
MAX_OPEN_DAYS = 180


def is_open(*, closing_date: dt.date, on: dt.date) -> bool:
    """An ad is open through its closing date and closed from the day after."""
    return on <= closing_date


def closing_errors(*, closing_date: dt.date | None, on: dt.date) -> list[str]:
    """Errors of a closing date for a submission or a publication on ``on``."""
    if closing_date is None:
        return [_("Indiquez la date de clôture de l'annonce.")]
    if closing_date < on:
        return [_("La date de clôture est passée : choisissez une date à partir d'aujourd'hui.")]
    if closing_date > on + dt.timedelta(days=MAX_OPEN_DAYS):
        return [
            _("La date de clôture ne peut pas dépasser %(n)s jours à partir d'aujourd'hui.")
            % {"n": MAX_OPEN_DAYS}
        ]
    return []


def normalize(text: str) -> str:
    """Lower case without accents or punctuation: « Régisseur·se » → « regisseur se »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


def search_words(query: str) -> list[str]:
    """The words of a search, normalized, short words dropped, at most 8."""
    return [w for w in normalize(query).split() if len(w) >= 2][:8]


def keyword_phrases(keywords: str) -> list[str]:
    """An alert's keywords: phrases separated by commas (or semicolons), normalized."""
    phrases = [normalize(part) for part in re.split(r"[,;\n]+", keywords or "")]
    return [p for p in phrases if p][:20]


def matches(
    *,
    text: str,
    contract_type: str,
    region: str,
    family: str,
    phrases: list[str],
    contract_types: list[str],
    regions: list[str],
    families: list[str],
) -> bool:
    """Does an ad match an alert? Each list left empty accepts everything; the keywords match
    when at least one phrase appears in the ad's normalized text (``text``), from the start of
    a word (« regis » finds « régisseuse »)."""
    if contract_types and contract_type not in contract_types:
        return False
    if regions and region not in regions:
        return False
    if families and family not in families:
        return False
    if phrases:
        padded = f" {text} "
        return any(f" {p}" in padded for p in phrases)  # a phrase starts at a word
    return True
