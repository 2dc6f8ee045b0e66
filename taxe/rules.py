"""Taxe sur les spectacles de variétés as pure functions (RGA annexe 2, articles 45-46).

Sources: loi n° 2003-1312 du 30 décembre 2003, art. 76 (scope, base, rate, deadlines,
majorations, recovery, control), décret n° 2004-117 du 4 février 2004, art. 1, 1-1 and 2
(categories, ASTP theatres, commission de médiation), RGA art. 46 (coproduction split).

Decimal and date in, values or lists of French messages out: no ORM, no clock (``today`` is
always a parameter), no float. Amounts are rounded half up to the cent through
``cnm_portal.money``; calendar arithmetic goes through ``cnm_portal.dates``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from cnm_portal.dates import add_days, add_months, format_date_fr, last_day_of_nth_month_after
from cnm_portal.money import CENT, apply_rate, format_percentage, round_cents, to_decimal

# --- Rate and base -------------------------------------------------------------------------

# Loi 2003-1312 art. 76 V: "Le taux de la taxe est de 3,5 %."
TAX_RATE = Decimal("0.035")

# French VAT rates a ticket price or a cession price can carry (2,1 %, 5,5 %, 10 %, 20 %).
VAT_RATES = (Decimal("0.021"), Decimal("0.055"), Decimal("0.10"), Decimal("0.20"))


# The same rate as an exact fraction, for the set-based liquidation in integer cents.
TAX_RATE_NUMERATOR, TAX_RATE_DENOMINATOR = TAX_RATE.as_integer_ratio()


def vat_rate_label(rate: Decimal) -> str:
    """Loi 2003-1312 art. 76 IV: a VAT rate as typed by a declarant (0.055 → "5,5 %")."""
    return format_percentage(rate)


def tax_due(base: Decimal) -> Decimal:
    """Loi 2003-1312 art. 76 IV-V: 3,5 % of the HT base, rounded half up to the cent."""
    return apply_rate(base, TAX_RATE)


def ht_from_ttc(ttc: Decimal, vat_rate: Decimal) -> Decimal:
    """Loi 2003-1312 art. 76 IV: the base is HT, so TTC / (1 + VAT rate), half up to the cent."""
    rate = to_decimal(vat_rate)
    if rate not in VAT_RATES:
        raise ValueError(f"Unknown VAT rate: {vat_rate!r} (expected one of {VAT_RATES}).")
    return round_cents(to_decimal(ttc) / (1 + rate))


# --- Categories and scope --------------------------------------------------------------------

# Category values (the TextChoices live in taxe/choices.py): décret 2004-117 art. 1 I 1° to 5°,
# plus traditional music (outside the tax) and "fits no category" (commission de médiation).
CATEGORY_CONCERTS = "1"  # tours de chant, concerts, jazz, rock, électro, musiques du monde
CATEGORY_CABARET = "2"  # cabaret, revues (suite de tableaux de genres variés)
CATEGORY_VISUAL = "3"  # illusionnistes, spectacles aquatiques ou sur glace
CATEGORY_HUMOUR = "4"  # humour (suite de sketches, récital parlé)
CATEGORY_MUSICALS = "5"  # comédies musicales et spectacles musicaux
CATEGORY_TRADITIONAL = "traditionnelle"  # loi art. 76 II: not within the tax
CATEGORY_NONE = "aucune"  # décret art. 2: commission de médiation
CATEGORIES = (
    CATEGORY_CONCERTS,
    CATEGORY_CABARET,
    CATEGORY_VISUAL,
    CATEGORY_HUMOUR,
    CATEGORY_MUSICALS,
    CATEGORY_TRADITIONAL,
    CATEGORY_NONE,
)
# Décret 2004-117 art. 1 II (and art. 1-1 II): in an ASTP theatre these go to the theatre tax.
ASTP_CATEGORIES = (CATEGORY_HUMOUR, CATEGORY_MUSICALS)

# Outcomes of ``taxability``.
TAXABLE = "taxable"
OUT_OF_SCOPE_TRADITIONAL = "hors_champ_traditionnelle"
OUT_OF_SCOPE_ASTP = "hors_champ_astp"
EXEMPT_EDUCATIONAL = "exoneree_educative"
MEDIATION = "mediation"


def taxability(*, category: str, astp_theatre: bool, educational: bool) -> str:
    """Loi 2003-1312 art. 76 II-III, décret 2004-117 art. 1 II and art. 2: taxable or not.

    Order of the questions (our reading): scope first, then the exemption, because art. 76 III
    exempts representations that are otherwise within the tax. Traditional music and categories
    4° and 5° in an ASTP theatre are outside the tax whatever the audience; a show that fits no
    category goes to the commission de médiation (which decides which tax applies) before any
    exemption can be assessed; only then does an educational séance make it exempt.
    """
    if category not in CATEGORIES:
        raise ValueError(f"Unknown category: {category!r} (expected one of {CATEGORIES}).")
    if category == CATEGORY_TRADITIONAL:
        return OUT_OF_SCOPE_TRADITIONAL
    if category in ASTP_CATEGORIES and astp_theatre:
        return OUT_OF_SCOPE_ASTP
    if category == CATEGORY_NONE:
        return MEDIATION
    if educational:
        return EXEMPT_EDUCATIONAL
    return TAXABLE


# --- Declaration, liquidation, payment -------------------------------------------------------

# Loi 2003-1312 art. 76 VI: "dans les quinze jours suivant la réception de la déclaration".
LIQUIDATION_DAYS = 15


def declaration_deadline(representation_date: date) -> date:
    """Loi 2003-1312 art. 76 VI: last day of the third month following the representation."""
    return last_day_of_nth_month_after(representation_date, 3)


def is_declaration_late(representation_date: date, received_on: date) -> bool:
    """Loi 2003-1312 art. 76 VI: late from the day after the declaration deadline."""
    return received_on > declaration_deadline(representation_date)


def mise_en_demeure_possible_from(representation_date: date) -> date:
    """Loi 2003-1312 art. 76 VIII al. 3: the declaration "prévue au VI" is missing from the day
    after its deadline (the last day of the third month stays the redevable's)."""
    return add_days(declaration_deadline(representation_date), 1)


def mise_en_demeure_errors(representation_date: date, *, today: date) -> list[str]:
    """Loi 2003-1312 art. 76 VIII al. 3: a mise en demeure only once the declaration is due."""
    possible = mise_en_demeure_possible_from(representation_date)
    if today < possible:
        return [
            _(
                "La déclaration de cette représentation est attendue jusqu'au %(deadline)s : "
                "la mise en demeure n'est possible qu'à partir du %(date)s."
            )
            % {
                "deadline": format_date_fr(declaration_deadline(representation_date)),
                "date": format_date_fr(possible),
            }
        ]
    return []


def liquidation_deadline(received_on: date) -> date:
    """Loi 2003-1312 art. 76 VI: the CNM liquidates within 15 days of receiving the declaration."""
    return add_days(received_on, LIQUIDATION_DAYS)


def coproduction_lapses(liquidation_due_on: date, on: date) -> bool:
    """Loi 2003-1312 art. 76 VI, RGA art. 46: a split still unsigned on the last day of the 15
    days never delays the liquidation: the declaration is liquidated for the declarant alone."""
    return on >= liquidation_due_on


def payment_deadline(notice_date: date) -> date:
    """Loi 2003-1312 art. 76 VI: last day of the month following the notice (avis) date."""
    return last_day_of_nth_month_after(notice_date, 1)


# Loi 2003-1312 art. 76 VI: not recovered when the calendar-year total is under 80 €.
RECOVERY_THRESHOLD = Decimal("80.00")


def is_recoverable(yearly_total: Decimal) -> bool:
    """Loi 2003-1312 art. 76 VI: recovered only from 80 € cumulated over the calendar year."""
    return to_decimal(yearly_total) >= RECOVERY_THRESHOLD


# --- Majorations ---------------------------------------------------------------------------

MAJORATION_RETARD = Decimal("0.10")  # art. 76 VII: late payment
MAJORATION_RECTIFICATION = Decimal("0.10")  # art. 76 VIII al. 2: rectified declaration
MAJORATION_TAXATION_OFFICE = Decimal("0.40")  # art. 76 VIII al. 3: taxation d'office


def majoration(amount: Decimal, rate: Decimal) -> Decimal:
    """Loi 2003-1312 art. 76 VII-VIII: a majoration (10 % or 40 %) rounded half up to the cent."""
    return apply_rate(amount, rate)


# --- Reminders, rectifications, taxation d'office, titre exécutoire ---------------------------

# Loi 2003-1312 art. 76 VII-VIII: every reply delay is "trente jours" (calendar days).
REPLY_DAYS = 30


def titre_date_after_reminder(reminder_received_on: date) -> date:
    """Loi 2003-1312 art. 76 VII: titre exécutoire 30 days after the reminder is received."""
    return add_days(reminder_received_on, REPLY_DAYS)


def observations_deadline(notification_received_on: date) -> date:
    """Loi 2003-1312 art. 76 VIII al. 2: 30 days from receipt of the rectification to reply."""
    return add_days(notification_received_on, REPLY_DAYS)


def titre_date_after_rectification(
    *, notification_received_on: date, answer_received_on: date | None = None
) -> date:
    """Loi 2003-1312 art. 76 VIII al. 4: titre 30 days after the answer, or the notification.

    The titre is issued 30 days after the redevable receives the motivated answer to their
    observations or, when they made none, once the 30 days for observations are over: the last
    day of that delay stays the redevable's (al. 2), so the titre comes the day after it.
    """
    if answer_received_on is not None:
        return add_days(answer_received_on, REPLY_DAYS)
    return add_days(observations_deadline(notification_received_on), 1)


def rectification_extra_tax(corrected_base: Decimal, already_charged: Decimal) -> Decimal:
    """Loi 2003-1312 art. 76 VIII al. 2: the "droits supplémentaires" are the tax on the corrected
    base minus everything already charged on the declaration (liquidation and rectifications)."""
    return tax_due(corrected_base) - to_decimal(already_charged)


def taxation_office_possible_from(received_on: date) -> date:
    """Loi 2003-1312 art. 76 VIII al. 3: taxation d'office once the 30 days to regularise are over."""
    return add_days(regularisation_deadline(received_on), 1)


def regularisation_deadline(mise_en_demeure_received_on: date) -> date:
    """Loi 2003-1312 art. 76 VIII al. 3: 30 days from receipt of the mise en demeure."""
    return add_days(mise_en_demeure_received_on, REPLY_DAYS)


def titre_date_after_taxation_office(notification_received_on: date) -> date:
    """Loi 2003-1312 art. 76 VIII al. 4: titre 30 days after the notification of the droits."""
    return add_days(notification_received_on, REPLY_DAYS)


# Loi 2003-1312 art. 76 VII: "se prescrit à l'issue du délai de quatre ans".
RECOVERY_PRESCRIPTION_MONTHS = 48


def recovery_prescription_date(titre_date: date) -> date:
    """Loi 2003-1312 art. 76 VII: recovery is time-barred four years after the titre."""
    return add_months(titre_date, RECOVERY_PRESCRIPTION_MONTHS)


# Loi 2003-1312 art. 76 VIII last al.: "jusqu'au 31 décembre de la troisième année qui suit".
REASSESSMENT_YEARS = 3


def reassessment_limit(exigible_on: date) -> date:
    """Loi 2003-1312 art. 76 VIII last al.: 31 December of the 3rd year after exigibility."""
    return date(exigible_on.year + REASSESSMENT_YEARS, 12, 31)


def can_reassess(exigible_on: date, on: date) -> bool:
    """Loi 2003-1312 art. 76 VIII last al.: the droit de reprise runs until its limit included."""
    return on <= reassessment_limit(exigible_on)


def comparable_base(bases: Sequence[Decimal]) -> Decimal:
    """Loi 2003-1312 art. 76 VIII al. 3: taxation d'office base = median of comparable bases.

    The law only says "par référence" to comparable representations; the median (our choice)
    resists one outlier. An even count takes the mean of the two middle values, rounded half
    up to the cent.
    """
    values = sorted(to_decimal(base) for base in bases)
    if not values:
        raise ValueError("At least one comparable base is needed.")
    if values[0] < 0:
        raise ValueError("A comparable base cannot be negative.")
    middle = len(values) // 2
    if len(values) % 2:
        return round_cents(values[middle])
    return round_cents((values[middle - 1] + values[middle]) / 2)


# --- Coproduction split (RGA art. 46) --------------------------------------------------------

HUNDRED = Decimal("100")


def _percent(value: Decimal) -> str:
    """A share in percent written the French way: 33.33 → "33,33 %"."""
    return format_percentage(value.scaleb(-2))


def split_errors(shares: Sequence[Decimal]) -> list[str]:
    """RGA art. 46: coproduction shares in percent, each in ]0, 100], 2 decimals, total 100."""
    if not shares:
        return [_("Indiquez au moins une part.")]
    errors: list[str] = []
    values = [to_decimal(share) for share in shares]
    for position, share in enumerate(values, start=1):
        if share <= 0:
            errors.append(
                _("La part n° %(position)s doit être supérieure à 0 %% (saisie : %(share)s).")
                % {"position": position, "share": _percent(share)}
            )
        elif share > HUNDRED:
            errors.append(
                _("La part n° %(position)s ne peut pas dépasser 100 %% (saisie : %(share)s).")
                % {"position": position, "share": _percent(share)}
            )
        if share.quantize(CENT) != share:
            errors.append(
                _("La part n° %(position)s a plus de deux décimales (saisie : %(share)s).")
                % {"position": position, "share": _percent(share)}
            )
    total = sum(values, start=Decimal(0))
    if total != HUNDRED:
        errors.append(
            _("Les parts doivent totaliser 100 %% (total actuel : %(total)s).")
            % {"total": _percent(total)}
        )
    return errors


def split_amount(amount: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """RGA art. 46: split an amount by shares, the parts adding up exactly to the amount.

    Largest-remainder method on cents: each party first gets its share rounded down to the
    cent, then the cents left over go one by one to the largest remainders, ties going to the
    earliest share. A negative amount (a correction) is split as its absolute value.
    """
    errors = split_errors(shares)
    if errors:
        raise ValueError(" ".join(errors))
    value = to_decimal(amount)
    if value.quantize(CENT) != value:
        raise ValueError(f"Amount with more than two decimals: {amount!r}.")
    sign = -1 if value < 0 else 1
    cents = int(abs(value).scaleb(2))
    exact = [cents * to_decimal(share) / HUNDRED for share in shares]
    parts = [int(part.to_integral_value(rounding=ROUND_FLOOR)) for part in exact]
    leftover = cents - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in by_remainder[:leftover]:
        parts[index] += 1
    return [Decimal(sign * part).scaleb(-2).quantize(CENT) for part in parts]


# --- Typo guards -----------------------------------------------------------------------------

# Sensible bounds (our choice, not in the law): a declaration may anticipate a show by up to
# 366 days (presales for next season), and nothing before 2000 can still be declared (the tax
# dates from 2004; older years are typos such as 2206 → 0206).
MAX_DAYS_AHEAD = 366
EARLIEST_REPRESENTATION_DATE = date(2000, 1, 1)


def representation_date_errors(day: date, *, today: date) -> list[str]:
    """Loi 2003-1312 art. 76 IV (due on the representation date): sensible bounds on that date.

    Sensible bound, our choice (not in the law): no more than 366 days after ``today`` and not
    before 1 January 2000 (typo guard). Returns French messages, empty when the date is fine.
    """
    errors: list[str] = []
    latest = today + timedelta(days=MAX_DAYS_AHEAD)
    if day > latest:
        errors.append(
            _("La date de représentation ne peut pas dépasser le %(date)s.")
            % {"date": format_date_fr(latest)}
        )
    if day < EARLIEST_REPRESENTATION_DATE:
        errors.append(
            _("La date de représentation ne peut pas être antérieure au %(date)s.")
            % {"date": format_date_fr(EARLIEST_REPRESENTATION_DATE)}
        )
    return errors


DECLARATION_REMINDER_DAYS = 15
PAYMENT_REMINDER_DAYS = 7


def declaration_reminder_due(first_representation: date, on: date) -> bool:
    """Loi 2003-1312 art. 76 VI: the declaration deadline approaches for a draft; remind from 15 days
    before the last day of the third month (our choice, docs/decisions.md)."""
    deadline = declaration_deadline(first_representation)
    return deadline - timedelta(days=DECLARATION_REMINDER_DAYS) <= on <= deadline


def payment_reminder_due(due_on: date, on: date) -> bool:
    """Loi 2003-1312 art. 76 VI: the payment deadline approaches; remind from 7 days before (our choice)."""
    return due_on - timedelta(days=PAYMENT_REMINDER_DAYS) <= on <= due_on
