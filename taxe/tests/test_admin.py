"""The tax admin's buttons come from the workflow tables: disabled with the guard's reason,
re-checked on POST, no URL for a move the table does not have."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from taxe import services
from taxe.models import Notice, Rectification
from taxe.tests.status_objects import liquidated
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import NoticeStatus as N

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, instructor):
    from allauth.mfa.totp.internal.auth import TOTP

    instructor.is_superuser = True
    instructor.save()
    TOTP.activate(instructor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(instructor)
    return client


def change_page(client, obj):
    url = reverse(f"admin:taxe_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return {b.label: b for b in response.context["workflow_buttons"]}


def test_liquidated_declaration_page_offers_the_rectification(staff_client):
    declaration = liquidated()
    buttons = change_page(staff_client, declaration)
    assert list(buttons) == ["Notifier une rectification"]
    url = buttons["Notifier une rectification"].url
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"corrected_base": "6000,00", "motive": "Bar omis"})
    rectification = Rectification.objects.get()
    assert response.url == reverse("admin:taxe_rectification_change", args=[rectification.pk])
    assert rectification.extra_tax == Decimal("35.00")


def test_a_move_not_in_the_table_has_no_url(staff_client):
    declaration = liquidated()
    url = reverse("admin:taxe_declaration_transition", args=[declaration.pk, D.BROUILLON])
    assert staff_client.post(url).status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == D.LIQUIDEE


def test_titre_button_disabled_until_30_days_after_the_receipt(staff_client, clock):
    clock.set(dt.date(2026, 1, 10))
    notice = liquidated(on=dt.date(2026, 1, 10)).notice
    clock.set(dt.date(2026, 3, 5))
    services.notice_send_reminder(notice=notice, actor=None)
    services.notice_record_reminder_receipt(
        notice=notice, received_on=dt.date(2026, 3, 5), actor=None
    )
    clock.set(dt.date(2026, 4, 3))  # 29 days after the receipt
    buttons = change_page(staff_client, notice)
    titre = buttons["Émettre le titre exécutoire"]
    assert not titre.enabled and "4 avril 2026" in " ".join(titre.reasons)
    response = staff_client.post(titre.url, follow=True)  # forced POST: re-checked, refused
    assert "4 avril 2026" in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == N.RELANCE
    clock.set(dt.date(2026, 4, 4))
    assert change_page(staff_client, notice)["Émettre le titre exécutoire"].enabled
    staff_client.post(titre.url)
    notice.refresh_from_db()
    assert notice.status == N.TITRE


def test_payment_form_shows_the_service_errors_next_to_the_fields(staff_client):
    notice = liquidated().notice
    url = reverse("admin:taxe_notice_object_action", args=[notice.pk, "paiement"])
    response = staff_client.post(
        url, {"amount": "0", "paid_on": dt.date.today().isoformat(), "reference": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "Le montant d'un paiement doit être positif."
    ]
    assert Notice.objects.get(pk=notice.pk).paid == Decimal("0.00")
