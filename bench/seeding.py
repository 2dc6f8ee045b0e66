"""The data set of bench/scale.py: families built through the factories, copied set-based."""

from __future__ import annotations

from datetime import timedelta

from clone import capture, clone_family, reset_sequences
from django.apps import apps
from django.db import connection

ZIPF = 2.8
FULL = {"structures": 20_000, "declarations": 1_000_000, "dossiers": 100_000}
# Share of the declarations per family (a paid one, unpaid past its due date, deposited, draft).
TAX_MIX = {"paid": 0.60, "unpaid": 0.20, "deposited": 0.15, "draft": 0.05}
DOSSIER_STATUSES = ("brouillon", "depose", "en_instruction", "attribue", "refuse")


def table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def always_skipped() -> set[str]:
    skipped = {
        "django_session",
        "django_content_type",
        "auth_permission",
        table("espace_pro.Structure"),
    }
    skipped |= {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if "outbox" in m._meta.db_table or "email" in m._meta.db_table
    }
    return skipped


def zipf(first: int, structures: int, copies: int) -> str:
    return (
        f"CAST({first} + LEAST({structures - 1}, "
        f"FLOOR({structures} * POWER((g - 0.5) / {copies}, {ZIPF}))) AS BIGINT)"
    )


def seed_all(scale: float) -> dict:
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import StaffFactory, UserFactory
    from aides.tests import factories as aid_factories
    from cnm_portal import outbox
    from cnm_portal.dates import today
    from compte_entrepreneur.models import Compte
    from compte_entrepreneur.tests.factories import pay
    from espace_pro.models import Membership, Structure
    from espace_pro.tests.factories import (
        AccessRequestFactory,
        MembershipFactory,
        StructureFactory,
    )
    from taxe.models import Declaration
    from taxe.tests.factories import DeclarationFactory, issued_notice, submitted_declaration

    outbox.outbox_dispatch = lambda message_id: None  # no PDF nor e-mail for the templates
    n_structures = max(50, int(FULL["structures"] * scale))
    n_declarations = int(FULL["declarations"] * scale)
    n_dossiers = int(FULL["dossiers"] * scale)
    skip = always_skipped()
    structure_table = table("espace_pro.Structure")
    compte_table = table("compte_entrepreneur.Compte")
    inserted = {}

    def note(name, rows):
        inserted[name] = inserted.get(name, 0) + rows

    # Structures and their first member.
    family, _ = capture("structure", StructureFactory, lambda s: s.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {structure_table}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
    note(
        "structures",
        clone_family(
            family,
            n_structures,
            "NULL",
            skip=skip - {structure_table},
            overrides={
                structure_table: {
                    "name": "'Production banc ' || g",
                    "numero_cnm": "'B' || LPAD(CAST(g AS TEXT), 8, '0')",
                    "siret": "LPAD(CAST(g AS TEXT), 14, '9')",
                }
            },
        ),
    )
    each = f"CAST({first} + g - 1 AS BIGINT)"
    family, _ = capture("member", MembershipFactory, lambda m: m.structure_id)
    note("members", clone_family(family, n_structures, each, skip=skip))
    family, _ = capture(
        "compte", lambda: Compte.objects.create(structure=StructureFactory()), lambda c: 0
    )
    note("comptes", clone_family(family, n_structures, each, skip=skip))

    # Declarations, notices, payments (and their compte-entrepreneur credits), reminders.
    template = StructureFactory()
    Compte.objects.get_or_create(structure=template)
    day = today() - timedelta(days=40)

    def paid():
        declaration = submitted_declaration(template, bases=["4000.00"], day=day)
        notice = issued_notice(
            declaration, principal="140.00", issued_on=day + timedelta(days=5), due_on=day
        )
        pay(notice, "140.00", paid_on=day + timedelta(days=10))
        return declaration

    def unpaid():
        declaration = submitted_declaration(template, bases=["6000.00"], day=day)
        issued_notice(
            declaration,
            principal="210.00",
            issued_on=day + timedelta(days=5),
            due_on=today() - timedelta(days=3),
        )
        return declaration

    builders = {
        "paid": paid,
        "unpaid": unpaid,
        "deposited": lambda: submitted_declaration(template, bases=["3000.00"], day=day),
        "draft": lambda: DeclarationFactory(structure=template),
    }
    for name, share in TAX_MIX.items():
        family, declaration = capture(name, builders[name], lambda d: d.structure_id)
        if name in ("paid", "unpaid"):  # the factories write the notice beside the workflow
            Declaration.objects.filter(pk=declaration.pk).update(status="liquidee")
        copies = int(n_declarations * share)
        note(
            f"declarations ({name})",
            clone_family(
                family,
                copies,
                zipf(first, n_structures, copies),
                skip=skip | {compte_table},
                by_structure={compte_table: "structure_id"},
            ),
        )

    # Access requests (no structure yet) and affiliations (one per structure, one in two).
    family, _ = capture("access request", AccessRequestFactory, lambda r: 0)
    note(
        "access requests",
        clone_family(family, n_structures // 2, each, skip=skip | {table("accounts.User")}),
    )
    aff_structure = StructureFactory()
    family, _ = capture(
        "affiliation",
        lambda: aid_factories.affiliate(aff_structure),
        lambda _r: aff_structure.pk,
    )
    note(
        "affiliations",
        clone_family(
            family,
            n_structures // 2,
            f"CAST({first} + 2 * (g - 1) AS BIGINT)",
            skip=skip | {table("accounts.User")},
        ),
    )

    # Aid dossiers, uniform over the structures, several statuses, with their budget lines.
    aid_skip = skip | {
        table("accounts.User"),
        table("espace_pro.Membership"),
        table("affiliation.Affiliation"),
        table("affiliation.AffiliationDocument"),
        table("aides.CommissionSession"),
        table("aides.Envelope"),
        compte_table,
    }
    for status in DOSSIER_STATUSES:
        family, _ = capture(
            f"dossier {status}", lambda s=status: aid_factories.in_status(s), lambda d: 0
        )
        copies = n_dossiers // len(DOSSIER_STATUSES)
        note(
            "aid dossiers",
            clone_family(
                family,
                copies,
                f"CAST({first} + MOD(g * 7919, {n_structures}) AS BIGINT)",
                skip=aid_skip,
                by_structure={compte_table: "structure_id"},
            ),
        )
    reset_sequences()
    with connection.cursor() as cursor:  # stored balances of the copied ledgers
        cursor.execute(
            f"UPDATE {compte_table} c SET balance = COALESCE(e.total, 0) FROM "  # noqa: S608
            f"(SELECT compte_id, SUM(amount) AS total FROM {table('compte_entrepreneur.Entry')} "
            f"GROUP BY compte_id) e WHERE e.compte_id = c.id"
        )

    # Bench users: a member of the median and of the largest redevable, one staff agent.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT structure_id, COUNT(*) FROM {Declaration._meta.db_table} "  # noqa: S608
            f"WHERE structure_id >= %s GROUP BY structure_id ORDER BY COUNT(*), structure_id",
            [first],
        )
        by_count = cursor.fetchall()
    median_structure, median_count = by_count[len(by_count) // 2]
    largest_structure, largest_count = by_count[-1]

    def member_of(structure_id):
        return Membership.objects.filter(structure_id=structure_id).order_by("pk")[0].user_id

    staff = StaffFactory(is_superuser=True)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    UserFactory()  # sequences of the factories stay usable after the copies
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.db_table in skip - {structure_table} or model._meta.proxy:
                continue
            cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608
            )
            count = cursor.fetchone()[0]
            if count >= 100:
                rows[model._meta.db_table] = count
    return {
        "inserted": inserted,
        "rows": rows,
        "first_structure": first,
        "structures": n_structures,
        "median_structure": median_structure,
        "median_declarations": median_count,
        "largest_structure": largest_structure,
        "largest_declarations": largest_count,
        "median_user": member_of(median_structure),
        "largest_user": member_of(largest_structure),
        "staff_user": staff.pk,
        "search_term": Structure.objects.get(pk=median_structure).numero_cnm,
        "largest_numero": Structure.objects.get(pk=largest_structure).numero_cnm,
        "exports": [],
    }
