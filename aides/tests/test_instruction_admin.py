"""The instruction in the admin: queues (every filter, search), the dossier page in every
status, buttons, bulk take, the instructor's home, exports by the worker; constant queries."""

import csv
import io
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from accounts.tests.factories import StaffFactory
from aides.models import Dossier, DossierExport
from aides.tests import factories as f
from aides.tests import factories_instruction as fi
from aides.workflow import DossierStatus

S = DossierStatus
pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/aides/dossier/"
HOME = "/admin/aides/instruction/"


@pytest.fixture
def staff(db):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=roles.INSTRUCTEUR))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def _numbers(response) -> set[str]:
    return {d.number for d in response.context["cl"].result_list}


def test_changelist_every_filter_and_search(admin_client, staff):
    membership = f.member()
    deposited = f.deposited(membership)
    mine = fi.take(f.deposited(membership, title="Deux"), staff)
    incomplete = fi.take(f.deposited(f.member()))
    fi.request_items(incomplete)
    late = fi.take(f.deposited(f.member()))
    fi.request_items(late)
    fi.make_overdue(late)
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert _numbers(response) >= {deposited.number, mine.number, incomplete.number, late.number}
    cases = {
        "statut=depose": {deposited.number},
        "statut=incomplet": {incomplete.number, late.number},
        "retard=oui": {late.number},
        "instructeur=moi": {mine.number},
        "instructeur=aucun": {deposited.number},
        f"session={deposited.session_id}": {deposited.number},
        "programme=16": {deposited.number, mine.number, incomplete.number, late.number},
        "programme=12": set(),
        "montant=5k-20k": {deposited.number, mine.number, incomplete.number, late.number},
        "montant=lt5k": set(),
        "forme=societe_commerciale": {
            deposited.number,
            mine.number,
            incomplete.number,
            late.number,
        },
        "forme=association": set(),
        f"q={deposited.number}": {deposited.number},
        f"q={deposited.number[:-2]}": {deposited.number},
        f"q={membership.structure.numero_cnm}": {deposited.number, mine.number},
        f"q={membership.structure.name}": {deposited.number, mine.number},
    }
    for query, expected in cases.items():
        response = admin_client.get(f"{CHANGELIST}?{query}")
        assert response.status_code == 200, query
        assert (
            _numbers(response) & {deposited.number, mine.number, incomplete.number, late.number}
            == expected
        ), query


def test_filters_never_read_distinct_values_of_the_dossiers(
    admin_client, django_assert_max_num_queries
):
    f.deposited(f.member())
    response = admin_client.get(CHANGELIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        admin_client.get(CHANGELIST)
    assert not [
        q
        for q in queries.captured_queries
        if "DISTINCT" in q["sql"].upper() and "aides_dossier" in q["sql"]
    ]
    assert response.status_code == 200


def _count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_changelist_and_home_queries_are_constant(admin_client):
    f.deposited(f.member())
    one_list = _count_queries(admin_client, CHANGELIST)
    one_home = _count_queries(admin_client, HOME)
    for _i in range(5):
        dossier = fi.take(f.deposited(f.member()))
        fi.request_items(dossier)
    other_session = f.session("16", label="Autre session", days=50)
    f.deposited(f.member(), the_session=other_session)
    assert _count_queries(admin_client, CHANGELIST) == one_list
    assert _count_queries(admin_client, HOME) == one_home


def test_home_counts_by_programme_and_session_late_first(admin_client):
    session = f.session("16", label="Session A")
    on_time = f.deposited(f.member(), the_session=session)
    late = fi.take(f.deposited(f.member(), the_session=session))
    fi.request_items(late)
    fi.make_overdue(late)
    other = f.session("16", label="Session B", days=80)
    f.deposited(f.member(), the_session=other)
    response = admin_client.get(HOME)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert (
        rows[0].session == on_time.session and rows[0].late == 1 and rows[0].overdue_incomplete == 1
    )
    assert rows[0].counts == {S.DEPOSE: 1, S.INCOMPLET: 1}
    assert rows[1].session == other and rows[1].late == 0
    content = response.content.decode()
    assert f"programme=16&amp;session={other.pk}&amp;statut=depose" in content
    assert "retard=oui" in content
    # the payments part's counts, with their links (never a dead link)
    assert "/admin/aides/bilan/?status__exact=depose" in content
    assert "/admin/aides/versement/?status__exact=prevu" in content
    # linked from the admin index
    assert HOME in admin_client.get("/admin/").content.decode()


@pytest.mark.parametrize("status", sorted(S.values))
def test_change_page_in_every_status(admin_client, status):
    dossier = f.in_status(status)
    response = admin_client.get(reverse("admin:aides_dossier_change", args=[dossier.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-code="employeur"' in content  # the checklist (art. 16 criteria)
    assert "Non affiliée" in content or "Affiliée du" in content
    for button in response.context["workflow_buttons"]:
        if button.enabled and button.has_form:
            assert admin_client.get(button.url).status_code == 200


def test_change_page_shows_other_aids_and_the_stored_computation(admin_client):
    membership = f.member()
    first = f.in_status(S.ATTRIBUE, membership)
    dossier = fi.take(f.deposited(membership, title="Autre"))
    content = admin_client.get(
        reverse("admin:aides_dossier_change", args=[dossier.pk])
    ).content.decode()
    assert first.number in content
    assert "12 400,00" in content.replace("\u202f", " ").replace("\xa0", " ")


def test_buttons_take_request_and_eligible_with_a_refused_amount(
    admin_client, staff, mailoutbox, oncommit
):
    dossier = f.deposited(f.member())
    url = lambda to: reverse("admin:aides_dossier_transition", args=[dossier.pk, to])  # noqa: E731
    with oncommit():
        admin_client.post(url(S.EN_INSTRUCTION))
    dossier.refresh_from_db()
    assert dossier.status == S.EN_INSTRUCTION and dossier.instructor == staff
    # checklist through its object action
    from aides.selectors_instruction import checklist

    grid = reverse("admin:aides_dossier_object_action", args=[dossier.pk, "grille"])
    assert admin_client.get(grid).status_code == 200
    admin_client.post(grid, {f"met_{row.code}": "oui" for row in checklist(dossier)})
    assert dossier.checklist.filter(met=True).count() == len(checklist(dossier))
    response = admin_client.post(
        url(S.ELIGIBLE), {"amount": "12400,01", "comment": "Ok", "session": dossier.session_id}
    )
    assert response.status_code == 200 and "dépasse" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.EN_INSTRUCTION and dossier.montant_propose is None
    admin_client.post(
        url(S.ELIGIBLE), {"amount": "12400,00", "comment": "Ok", "session": dossier.session_id}
    )
    dossier.refresh_from_db()
    assert dossier.status == S.ELIGIBLE and dossier.montant_propose == Decimal("12400.00")


def test_missing_items_button(admin_client):
    from aides.rules_instruction import default_missing_items_deadline
    from cnm_portal.dates import today

    dossier = fi.take(f.deposited(f.member()))
    url = reverse("admin:aides_dossier_transition", args=[dossier.pk, S.INCOMPLET])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"documents": ["devis"], "deadline": today().isoformat()})
    assert response.status_code == 200 and "postérieure" in response.content.decode()
    deadline = default_missing_items_deadline(today())
    admin_client.post(
        url,
        {"documents": ["devis"], "figures": ["nombre_titres"], "deadline": deadline.isoformat()},
    )
    dossier.refresh_from_db()
    assert dossier.status == S.INCOMPLET and dossier.missing_items_deadline == deadline


def test_bulk_take(admin_client):
    a, b = f.deposited(f.member()), f.deposited(f.member())
    taken = fi.take(f.deposited(f.member()))
    response = admin_client.post(
        CHANGELIST,
        {"action": "take_selected", "_selected_action": [a.pk, b.pk, taken.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(Dossier.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {
        S.EN_INSTRUCTION
    }
    assert "1 dossier(s) ignoré(s)" in response.content.decode()


def test_export_csv_and_xlsx_built_by_the_worker(admin_client, staff, oncommit):
    from openpyxl import load_workbook

    d1 = f.deposited(f.member())
    d2 = fi.take(f.deposited(f.member()))
    with oncommit():
        response = admin_client.post(
            reverse("admin:aides_dossier_export_start"), {"format": "csv", "statut": "depose"}
        )
    export = DossierExport.objects.get(format="csv")
    assert response.url == reverse("admin:aides_dossier_export", args=[export.pk])
    assert export.status == "termine" and export.total == 1 and export.done == 1
    page = admin_client.get(response.url).content.decode()
    assert "Télécharger le fichier" in page and "100 %" in page
    download = admin_client.get(reverse("admin:aides_dossier_export_download", args=[export.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Numéro" and [r[0] for r in rows[1:]] == [d1.number]
    assert rows[1][9] == "14400,00"
    # the selection as an admin action, in XLSX
    with oncommit():
        admin_client.post(CHANGELIST, {"action": "export_xlsx", "_selected_action": [d1.pk, d2.pk]})
    export = DossierExport.objects.get(format="xlsx")
    assert export.status == "termine" and export.total == 2
    download = admin_client.get(reverse("admin:aides_dossier_export_download", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = list(sheet.values)
    assert {values[1][0], values[2][0]} == {d1.number, d2.number}
    assert Decimal(str(values[1][9])) == Decimal("14400")
    # someone else's export is not theirs to read
    other = StaffFactory()
    other.groups.add(Group.objects.get(name=roles.INSTRUCTEUR))
    TOTP.activate(other, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    admin_client.force_login(other)
    assert (
        admin_client.get(reverse("admin:aides_dossier_export", args=[export.pk])).status_code == 404
    )


def test_export_page_shows_progress_while_pending(admin_client, staff):
    export = DossierExport.objects.create(requested_by=staff, format="csv", total=4000, done=1000)
    page = admin_client.get(
        reverse("admin:aides_dossier_export", args=[export.pk])
    ).content.decode()
    assert "1000 / 4000" in page and 'http-equiv="refresh"' in page
    assert (
        admin_client.get(
            reverse("admin:aides_dossier_export_download", args=[export.pk])
        ).status_code
        == 404
    )
