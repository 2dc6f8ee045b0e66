"""The forms of the admin's actions get generated bad input (see tests/fuzz/runner.py).

For every registered model with workflow buttons, the change page of an object in every status
(STATUS_OBJECTS) is opened as a superuser and the form of every enabled button is fuzzed; the
admin's custom views (statement import, mise en demeure, reports, per-object service forms) are
found in the resolver and fuzzed when they show a form.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote
from django.urls import reverse

from cnm_portal.admin import WorkflowAdminMixin
from tests.fuzz import dbstate, helpers, urlmap
from tests.fuzz.runner import fuzz_all
from tests.fuzz.targets import discover

pytestmark = pytest.mark.fuzz

WORKFLOW_MODELS = sorted(
    (m for m, ma in admin.site._registry.items() if isinstance(ma, WorkflowAdminMixin)),
    key=lambda m: m._meta.label,
)
STANDARD = (
    "_changelist",
    "_add",
    "_change",
    "_delete",
    "_history",
    "_transition",
    "_object_action",
)
CUSTOM = [
    r
    for r in urlmap.routes_with_kwargs() + [r for r in urlmap.iter_routes() if not r.kwargs]
    if r.is_admin and r.admin_model() is not None and not r.name.endswith(STANDARD)
]


@pytest.mark.parametrize("model", WORKFLOW_MODELS, ids=lambda m: m._meta.label)
def test_admin_buttons_reject_bad_input(model, db, tally):
    superuser = helpers.superuser()
    client, csrf_client = helpers.clients(superuser)
    tables = dbstate.touched_tables({model._meta.app_label})
    seen = set()
    fuzzed = 0
    for status, obj in urlmap.make_instances(model):
        page = client.get(reverse(admin_urlname(model._meta, "change"), args=[quote(obj.pk)]))
        assert page.status_code == 200, f"{model._meta.label} in {status}: {page.status_code}"
        for button in page.context["workflow_buttons"]:
            key = button.url.replace(f"/{quote(obj.pk)}/", "/<pk>/")
            if not (button.enabled and button.has_form) or key in seen:
                continue
            seen.add(key)
            response = client.get(button.url)
            targets = helpers.own_targets(discover(response, button.url), button.url)
            fuzz_all(targets, client=client, csrf_client=csrf_client, tables=tables, tally=tally)
            fuzzed += len(targets)
    if not fuzzed:
        pytest.skip(f"{model._meta.label}: no button with a form in any status")


@pytest.mark.parametrize("route", CUSTOM, ids=str)
def test_admin_custom_view_rejects_bad_input(route, db, tally):
    model = route.admin_model()
    superuser = helpers.superuser()
    client, csrf_client = helpers.clients(superuser)
    tables = dbstate.touched_tables({model._meta.app_label})
    targets = []
    for _status, obj in urlmap.make_instances(model) if route.kwargs else [(None, None)]:
        kwargs = {name: obj.pk for name in route.kwargs if name in ("pk", "object_id", "id")}
        if len(kwargs) != len(route.kwargs):
            pytest.skip(f"{route}: kwargs {route.kwargs} name a child object (a download view)")
        url = reverse(route.name, kwargs=kwargs)
        targets = helpers.own_targets(discover(client.get(url), url), url)
        if targets:
            break
    if not targets:
        pytest.skip(f"{route}: no form in any status")
    fuzz_all(targets, client=client, csrf_client=csrf_client, tables=tables, tally=tally)
