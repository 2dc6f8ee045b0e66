"""Section 7 (art. 27 to 31): the rule functions and pipeline steps the six international
programmes share; the thresholds that differ are parameters."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from aides.programmes import register
from aides.programmes.base import (
    MORALE,
    PHYSIQUE,
    CapEur,
    CapYearly,
    Criterion,
    Custom,
    Minimum,
    Programme,
    RateOf,
    money_of,
)
from aides.programmes.international.figures import (
    ADAPTATION_SHARE,
    BILAN,
    BSL_SHARE,
    CLASSIQUES,
    DEJA_CLASSIQUES,
    DEJA_INTERNATIONAL,
    DEJA_JAZZ,
    FOREIGN_MASTER_SHARE,
    HALF,
    INTERNATIONAL,
    JAZZ,
    NOTES,
    SECTION,
    ZERO,
    D,
)
from cnm_portal.money import apply_rate, format_euros, round_down_cents

# --- rule functions -------------------------------------------------------------------------


def _spent(figures, code: str) -> Decimal:
    return money_of(figures, f"depenses_{code}")


def only_expenses(figures, codes: tuple[str, ...]) -> bool:
    """True when every expense of the dossier is in ``codes`` (and there is at least one)."""
    names = [k for k in figures if k.startswith("depenses_") and k != "depenses_eligibles"]
    inside = sum((money_of(figures, n) for n in names if n[len("depenses_") :] in codes), ZERO)
    outside = sum((money_of(figures, n) for n in names if n[len("depenses_") :] not in codes), ZERO)
    return inside > 0 and outside == 0


def requested_between(low: Decimal, high: Decimal):
    def check(figures, applicant) -> str | None:
        """Art. 27 to 31 f: « le montant de l'aide est compris entre » the programme's bounds."""
        asked = money_of(figures, "montant_sollicite")
        if not low <= asked <= high:
            return (
                f"Le montant sollicité doit être compris entre {format_euros(low)} et "
                f"{format_euros(high)}."
            )
        return None

    return check


def invests_financially(figures, applicant) -> str | None:
    """Art. 27, 29 and 30 c: the applicant invests financially (cash, tour fees excluded)."""
    own = money_of(figures, "apport_numeraire") - money_of(figures, "cessions_tournee")
    if own <= 0:
        return (
            "Le demandeur doit investir financièrement dans le projet : un apport en numéraire "
            "(hors cessions de la tournée) doit figurer au budget."
        )
    return None


def tour_contribution(figures, applicant) -> str | None:
    """Art. 27 to 29-1 f: tour fees count in the contribution, but cash beyond them is needed."""
    if not figures.get("tournee"):
        return None
    cessions = money_of(figures, "cessions_tournee")
    if money_of(figures, "apport_numeraire") <= cessions:
        return (
            "Pour une tournée, les cessions sont incluses dans l'apport, mais un apport "
            "financier en plus des cessions doit apparaître au budget."
        )
    return None


def other_subsidies_half(figures, applicant) -> str | None:
    """Art. 27, 28, 29, 29-1 and 31 f: other bodies' subsidies ≤ 50 % of the total budget."""
    others = money_of(figures, "autres_subventions")
    limit = apply_rate(money_of(figures, "budget_total"), HALF)
    if others > limit:
        return (
            "Les subventions obtenues ou attendues d'autres organismes ne peuvent pas dépasser "
            f"50 % du budget total ({format_euros(limit)})."
        )
    return None


def public_aids_included(figures, applicant) -> str | None:
    """Art. 3 and 27 to 31 f: the declared public aids are part of the other subsidies."""
    if money_of(figures, "autres_aides_publiques") > money_of(figures, "autres_subventions"):
        return (
            "Les autres subventions déclarées doivent inclure les aides publiques demandées ou "
            "obtenues pour ce projet."
        )
    return None


def platforms_at_least(count: int, *, contemporary_exception: bool = False):
    def check(figures, applicant) -> str | None:
        """Art. 27, 28 (3, except contemporary repertoire), 29 (1), 30 and 31 (2) d: a
        phonogram available on legal streaming platforms."""
        if contemporary_exception and figures.get("repertoire_contemporain"):
            return None
        if int(figures.get("plateformes_streaming") or 0) < count:
            where = {1: "une plateforme", 2: "deux plateformes"}.get(count, "trois plateformes")
            return (
                f"Le projet doit intégrer au moins un phonogramme disponible sur {where} de "
                "streaming légales."
            )
        return None

    return check


def anchored_in_france(*, agent: bool = True):
    def check(figures, applicant) -> str | None:
        """Art. 27 to 31 d: at least one French anchor (label, publisher or SACEM, licensed
        producer, agent — no agent in art. 31)."""
        names = ["label_etabli_france", "editeur_france_ou_sacem", "production_licence_cnm"]
        if agent:
            names.append("agent_etabli_france")
        if not any(figures.get(n) for n in names):
            return (
                "Le projet doit remplir au moins une des conditions d'ancrage en France (label, "
                "éditeur ou répertoire SACEM, structure de production licenciée"
                + (", agent)." if agent else ").")
            )
        return None

    return check


def has_action(figures, applicant) -> str | None:
    """Art. 27 to 31 d: at least one of the listed actions abroad (art. 30-31: outside France,
    Belgium, Switzerland and Luxembourg)."""
    names = [
        k
        for k in figures
        if k.startswith("depenses_") and k not in ("depenses_eligibles", "depenses_bsl")
    ]
    if not any(money_of(figures, n) > 0 for n in names):
        return "Le projet doit comporter au moins une des actions éligibles (dépenses à saisir)."
    return None


def tour_dates(minimum: int, max_days: int | None = None):
    def check(figures, applicant) -> str | None:
        """Art. 27, 28, 29 (3 concerts within 30 days), 29-1, 30, 31 (3 dates): a tour."""
        if not figures.get("tournee"):
            return None
        if int(figures.get("dates_tournee") or 0) < minimum:
            return f"Une tournée doit compter au moins {minimum} dates."
        if max_days is not None and int(figures.get("duree_tournee_jours") or 0) > max_days:
            return f"Les dates de la tournée doivent tenir sur {max_days} jours au plus."
        return None

    return check


def prospection_two_people(figures, applicant) -> str | None:
    """Art. 27 and 29 d: prospection travel is supported for two people per structure."""
    if _spent(figures, "prospection") > 0 and int(figures.get("personnes_prospection") or 0) > 2:
        return (
            "Le déplacement de prospection n'est aidé que pour deux personnes par structure : "
            "les frais des personnes supplémentaires ne seront pas retenus."
        )
    return None


def cosignatories(low_count: int, *, tier_from: Decimal | None = None):
    def check(figures, applicant) -> str | None:
        """Art. 28, 29-1 and 31 c-d: co-signed by affiliated partners (three above 30 000 € in
        art. 29-1 and 31)."""
        needed = low_count
        if tier_from is not None and money_of(figures, "montant_sollicite") > tier_from:
            needed = 3
        if int(figures.get("cosignataires_affilies") or 0) < needed:
            return (
                f"La demande doit être cosignée par au moins {needed} structures partenaires "
                "affiliées au CNM."
            )
        return None

    return check


def two_investing_partners(figures, applicant) -> str | None:
    """Art. 28 and 31 d: at least two partners carry the request and invest financially."""
    if int(figures.get("partenaires_investisseurs") or 0) < 2:
        return "Au moins deux partenaires doivent porter la demande et investir financièrement."
    return None


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def operations_window(figures, applicant) -> str | None:
    """Art. 28 d: operations started at the earliest 12 months before the commission and at the
    latest 12 months after it."""
    start, commission = figures.get("debut_operations"), figures.get("date_commission")
    if start is None or commission is None:
        return None
    if not _add_months(commission, -12) <= start <= _add_months(commission, 12):
        return (
            "Les opérations doivent débuter au plus tôt douze mois avant la date de la "
            "commission et au plus tard douze mois après."
        )
    return None


def jazz_three_of_four(figures, applicant) -> str | None:
    """Art. 29-1 d: three of four (international tours, 3 platforms, 200 000 streams or 10 000
    followers — deemed met for creation collaborations only —, digital distributor)."""
    audience = (
        int(figures.get("streams_cumules") or 0) >= 200_000
        or int(figures.get("followers_reseau_social") or 0) >= 10_000
        or only_expenses(figures, ("collaboration",))
    )
    met = sum(
        (
            bool(figures.get("tournees_internationales")),
            int(figures.get("plateformes_streaming") or 0) >= 3,
            audience,
            bool(figures.get("distributeur_digital")),
        )
    )
    if met < 3:
        return (
            "Le projet doit remplir au moins trois des quatre conditions de l'article 29-1 d "
            "(tournées internationales, phonogramme sur trois plateformes, 200 000 streams ou "
            "10 000 followers, distributeur digital)."
        )
    return None


def audience(streaming_field: str, streaming_min: int, social_min: int, *, both: bool, prefix=""):
    def check(figures, applicant) -> str | None:
        """Art. 30 d (1 000 streaming and 1 000 social followers) and art. 31 d (500 000 streams
        or 10 000 followers): the artist's audience, except writing sessions only."""
        if not prefix and only_expenses(figures, ("sessions_ecriture",)):
            return None
        if prefix and not figures.get("collaboration_etranger"):
            return None
        stream_ok = int(figures.get(f"{streaming_field}{prefix}") or 0) >= streaming_min
        social_ok = int(figures.get(f"followers_reseau_social{prefix}") or 0) >= social_min
        if (stream_ok and social_ok) if both else (stream_ok or social_ok):
            return None
        who = "L'artiste basé à l'étranger" if prefix else "L'artiste ou le groupe"
        link = "et" if both else "ou"
        unit = "followers sur une plateforme de streaming" if both else "streams cumulés"
        return (
            f"{who} doit justifier d'au moins {streaming_min:,} {unit} {link} {social_min:,} "
            "followers sur un réseau social.".replace(",", "\u202f")
        )

    return check


def adaptation_with_other_expenses(codes: tuple[str, ...], *, audio_video_alone_ok: bool):
    def check(figures, applicant) -> str | None:
        """Art. 30 and 31 e: content adaptation comes with other kinds of expenses (art. 30: a
        dossier of audio or video adaptation only is allowed, capped at 4 000 €)."""
        if not any(_spent(figures, c) > 0 for c in codes):
            return None
        if audio_video_alone_ok and only_expenses(figures, ("adaptation_audio_video",)):
            return None
        if only_expenses(figures, codes):
            return "Le projet doit présenter d'autres dépenses que l'adaptation de contenus."
        return None

    return check


def aids_per_artistic_project(figures, applicant) -> str | None:
    """Art. 30 and 31 f: no more than three aids a year for the same artistic project."""
    if int(figures.get("aides_projet_annee") or 0) >= 3:
        return "Ce projet artistique a déjà obtenu trois aides cette année sur ce programme."
    return None


def writing_sessions_per_year(figures, applicant) -> str | None:
    """Art. 30 f: two requests a year per structure for writing sessions."""
    if (
        _spent(figures, "sessions_ecriture") > 0
        and int(figures.get("demandes_sessions_ecriture_annee") or 0) >= 2
    ):
        return "Les demandes concernant les sessions d'écriture sont limitées à deux par an."
    return None


# --- steps ----------------------------------------------------------------------------------


def _min(current: Decimal | None, limit: Decimal) -> Decimal:
    return limit if current is None else min(current, limit)


def _cap_apport(current, ctx):
    """Art. 27 to 31 f: not above the cash or in-kind contribution of the project holders."""
    apport = ctx.money("apport_numeraire") + ctx.money("apport_valorisation")
    return _min(current, apport), f"apport des porteurs du projet : {format_euros(apport)}"


def _cap_foreign_master(current, ctx):
    """Art. 27 to 31 f: 25 % of the global budget when the master owner has no stable
    establishment in France."""
    if not ctx.flag("master_owner_etranger"):
        return current, "sans objet : master owner établi en France"
    limit = apply_rate(ctx.money("budget_total"), FOREIGN_MASTER_SHARE)
    return _min(current, limit), f"25 % du budget global : {format_euros(limit)}"


def _cap_all_subsidies(current, ctx):
    """Art. 30 f: all subsidies, this aid included, within 50 % of the global budget."""
    budget, others = ctx.money("budget_total"), ctx.money("autres_subventions")
    limit = max(apply_rate(budget, HALF) - others, ZERO)
    detail = (
        f"50 % × {format_euros(budget)} − {format_euros(others)} d'autres subventions = "
        f"{format_euros(limit)}"
    )
    return _min(current, limit), detail


def covered_expenses(ctx, adaptation: tuple[str, ...]) -> tuple[Decimal, str]:
    """Art. 30 and 31 e: what the aid may cover: adaptation ≤ 30 % of the total budget; Belgium,
    Switzerland, Luxembourg only with three other non-French-speaking territories, and ≤ 25 % of
    the aid (A ≤ C + min(B, 25 % A), so A ≤ min(C + B, C / 75 %))."""
    codes = [c.code for c in ctx.programme.expense_categories]
    adapt = sum((ctx.money(f"depenses_{c}") for c in adaptation), ZERO)
    others = sum(
        (ctx.money(f"depenses_{c}") for c in codes if c not in adaptation and c != "bsl"), ZERO
    )
    adapt_cap = apply_rate(ctx.money("budget_total"), ADAPTATION_SHARE)
    covered = others + min(adapt, adapt_cap)
    parts = [f"dépenses hors adaptation, Belgique, Suisse et Luxembourg : {format_euros(others)}"]
    if adapt:
        parts.append(
            f"adaptation retenue : {format_euros(min(adapt, adapt_cap))} (30 % du budget au plus)"
        )
    bsl = ctx.money("depenses_bsl")
    if bsl and int(ctx.figures.get("territoires_non_francophones") or 0) < 3:
        ctx.warnings.append(
            "Les dépenses liées à la Belgique, la Suisse et le Luxembourg ne sont retenues que si "
            "au moins trois autres territoires non francophones sont concernés."
        )
        parts.append("Belgique, Suisse, Luxembourg : non retenues")
        bsl = ZERO
    if bsl:
        limit = min(covered + bsl, round_down_cents(covered / (1 - BSL_SHARE)))
        parts.append(
            f"Belgique, Suisse, Luxembourg : 25 % de l'aide au plus, soit {format_euros(limit - covered)}"
        )
        covered = limit
    return covered, " ; ".join(parts)


def coverage_step(adaptation: tuple[str, ...], article: str) -> Custom:
    def run(current, ctx):
        """Art. 30 and 31 e: the aid within the expenses it may cover."""
        covered, detail = covered_expenses(ctx, adaptation)
        return _min(current, covered), detail

    return Custom(
        run,
        label="Dépenses éligibles couvertes par l'aide",
        article=article,
        description="L'aide ne couvre que les dépenses éligibles : l'adaptation de contenus à 30 % "
        "du budget total au plus, les dépenses liées à la Belgique, la Suisse et le Luxembourg à "
        "25 % de l'aide au plus (avec trois autres territoires non francophones).",
    )


def maximum_label(high: Decimal) -> str:
    return f"Montant maximal de l'aide ({format_euros(high, decimals=False)})"


def common_steps(
    article: str,
    low: Decimal,
    high: Decimal,
    group: tuple[str, ...] | None,
    *,
    coverage=None,
    all_subsidies: bool = False,
    high_cap: CapEur | None = None,
):
    """The pipeline shared by art. 27 to 31, in order: expenses covered, maximum, contribution of
    the holders, (art. 30: all subsidies ≤ 50 %), 25 % foreign master, yearly caps, minimum."""
    steps = [
        coverage
        or RateOf(
            D("1"),
            "depenses_eligibles",
            label="Dépenses éligibles couvertes par l'aide",
            article=article,
        ),
        high_cap or CapEur(high, label=maximum_label(high), article=article),
        Custom(
            _cap_apport,
            label="Apport du porteur du projet et des partenaires",
            article=article,
            description="L'aide ne dépasse pas l'apport en numéraire ou en valorisation du "
            "porteur du projet ou des partenaires porteurs de projets.",
        ),
    ]
    if all_subsidies:
        steps.append(
            Custom(
                _cap_all_subsidies,
                label="Cumul des subventions (50 % du budget global)",
                article=article,
                description="Le cumul de toutes les subventions, celle-ci comprise, ne dépasse "
                "pas 50 % du budget global.",
            )
        )
    steps.append(
        Custom(
            _cap_foreign_master,
            label="Master owner sans établissement stable en France",
            article=article,
            description="Si le master owner n'a pas d'établissement stable en France : 25 % du "
            "budget global au plus.",
        )
    )
    if group is CLASSIQUES:
        steps.append(
            CapYearly(
                D("100000"),
                label="Plafond annuel musiques classiques (100\u202f000\xa0€, art. 27 et 28)",
                article=article,
                already=DEJA_CLASSIQUES.name,
                articles=CLASSIQUES,
            )
        )
    elif group is JAZZ:
        steps.append(
            CapYearly(
                D("100000"),
                label="Plafond annuel jazz (100\u202f000\xa0€, art. 29 et 29-1)",
                article=article,
                already=DEJA_JAZZ.name,
                articles=JAZZ,
            )
        )
    steps += [
        CapYearly(
            D("200000"),
            label="Plafond annuel développement international (200\u202f000\xa0€, art. 27 à 31)",
            article=article,
            already=DEJA_INTERNATIONAL.name,
            articles=INTERNATIONAL,
        ),
        Minimum(
            low,
            label=f"Montant minimal de l'aide ({format_euros(low, decimals=False)})",
            article=article,
        ),
    ]
    return tuple(steps)


def common_criteria(article: str, low: Decimal, high: Decimal, *, subsidies: bool = True):
    criteria = [
        Criterion(
            "montant",
            f"Montant sollicité compris entre {format_euros(low)} et {format_euros(high)}",
            article,
            requested_between(low, high),
        ),
        Criterion(
            "action",
            "Au moins une action de développement sur un ou plusieurs territoires hors de France",
            article,
            has_action,
        ),
        Criterion(
            "aides_publiques",
            "Aides publiques déclarées comprises dans les autres subventions",
            "3",
            public_aids_included,
        ),
    ]
    if subsidies:
        criteria.append(
            Criterion(
                "subventions",
                "Subventions d'autres organismes ≤ 50 % du budget total",
                article,
                other_subsidies_half,
            )
        )
    return criteria


def define(article: str, **kwargs) -> Programme:
    """Register one programme of the section with what the six share (applicants, bilan, notes)."""
    return register(
        Programme(
            article=article,
            section=SECTION,
            applicant_kinds=frozenset({PHYSIQUE, MORALE}),
            bilan=BILAN,
            bilan_months=18,
            limits_text=kwargs.pop("limits_text", ()),
            notes=NOTES + kwargs.pop("notes", ()),
            **kwargs,
        )
    )
