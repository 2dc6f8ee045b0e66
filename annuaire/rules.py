"""Rules of a directory entry: what must be filled, the limits, how names are searched.
Pure functions, no ORM."""

import re
import unicodedata

from django.utils.translation import gettext as _

NAME_MAX = 200
CITY_MAX = 120
PRESENTATION_MAX = 1000
ACTIVITIES_MAX = 5
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")
COMMENT_MAX = 2000


def search_key(text: str) -> str:
    """The form a name is stored and searched in: no accents, no case, single spaces
    (« Éditions Élan » is found by « editions elan »)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def submission_errors(
    *, name: str, region: str, city: str, presentation: str, activity_count: int
) -> list[str]:
    """Why an entry cannot be sent to validation (empty: it can)."""
    errors = []
    if not (name or "").strip():
        errors.append(_("Indiquez le nom public."))
    if activity_count < 1:
        errors.append(_("Choisissez au moins une activité."))
    if not region:
        errors.append(_("Choisissez la région."))
    if not (city or "").strip():
        errors.append(_("Indiquez la commune."))
    if not (presentation or "").strip():
        errors.append(_("Rédigez une courte présentation."))
    return errors


def field_errors(
    *, name: str, activities: list[str], city: str, presentation: str, phone: str
) -> dict[str, str]:
    """Errors of the entry's fields, keyed by field (the form shows them next to each)."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Indiquez le nom public.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Le nom ne doit pas dépasser %(n)s caractères.") % {"n": NAME_MAX}
    if not activities:
        errors["activities"] = _("Choisissez au moins une activité.")
    elif len(activities) > ACTIVITIES_MAX:
        errors["activities"] = _("Choisissez au plus %(n)s activités.") % {"n": ACTIVITIES_MAX}
    if len(city or "") > CITY_MAX:
        errors["city"] = _("La commune ne doit pas dépasser %(n)s caractères.") % {"n": CITY_MAX}
    if len(presentation or "") > PRESENTATION_MAX:
        errors["presentation"] = _(
            "La présentation ne doit pas dépasser %(n)s caractères (vous en avez écrit %(len)s)."
        ) % {"n": PRESENTATION_MAX, "len": len(presentation)}
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = _(
            "Saisissez un numéro de téléphone valide, par exemple 01 23 45 67 89 ou +33 1 23 45 67 89."
        )
    return errors
