"""The tax pages of a structure render at every stage of its declarations, notices,
rectifications and mises en demeure (the objects of ``status_objects``, with their files)."""

import pytest
from django.urls import reverse

from taxe.tests.status_objects import STATUS_OBJECTS
from taxe.workflow import DeclarationStatus, MiseEnDemeureStatus, NoticeStatus, RectificationStatus

pytestmark = pytest.mark.django_db

CASES = [
    (model, status)
    for model, (workflow, _make) in STATUS_OBJECTS.items()
    if workflow is not None
    for status in sorted(workflow.statuses)
]


def _structure(obj):
    if hasattr(obj, "structure"):
        return obj.structure
    return obj.declaration.structure


@pytest.mark.parametrize(("model", "status"), CASES, ids=[f"{m.__name__}-{s}" for m, s in CASES])
def test_tax_pages_render_at_every_stage(client, model, status):
    _workflow, make = STATUS_OBJECTS[model]
    obj = make(status)
    structure = _structure(obj)
    client.force_login(structure.memberships.first().user)
    overview = client.get(reverse("taxe:overview", args=[structure.pk]))
    assert overview.status_code == 200
    if model.__name__ == "Declaration":
        page = client.get(reverse("taxe:declaration", args=[structure.pk, obj.pk]))
        assert page.status_code == 200
    notice = obj if model.__name__ == "Notice" else getattr(obj, "notice", None)
    if notice is not None:
        notice.refresh_from_db()
        for kind, field in (
            ("avis", notice.pdf),
            ("rappel", notice.reminder_pdf),
            ("titre", notice.titre_pdf),
        ):
            if field:
                url = reverse("taxe:notice_document", args=[structure.pk, notice.pk, kind])
                assert client.get(url).status_code == 200, kind


def test_every_status_has_a_case():
    statuses = {(m.__name__, s) for m, s in CASES}
    for enum, name in (
        (DeclarationStatus, "Declaration"),
        (NoticeStatus, "Notice"),
        (RectificationStatus, "Rectification"),
        (MiseEnDemeureStatus, "MiseEnDemeure"),
    ):
        assert {(name, value) for value in enum.values} <= statuses
