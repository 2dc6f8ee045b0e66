"""Every admin page of every registered model renders, for an object in every status.

Contract (docs/architecture.md, "Tests"): each project app may ship
``<app>/tests/status_objects.py`` with ``STATUS_OBJECTS = {Model: (workflow_or_None, make)}``.
``make(status)`` returns a saved, complete instance in that status (its files, lines and related
objects); for a model without workflow ``make(None)`` returns one instance. Models of third-party
apps registered in our admin (groups, e-mail addresses…) are in ``tests/status_objects.py``.

For each model registered in ``admin.site`` this test opens the changelist, the changelist with
every choice of every ``list_filter``, a search, the add page when allowed, the change page of
an object in every status of its workflow, and the form page of every enabled workflow button
(``cnm_portal.admin.WorkflowAdminMixin``); no answer may be a server error. A registered model
that no ``STATUS_OBJECTS`` covers fails, naming it.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote
from django.test import RequestFactory
from django.urls import reverse

from cnm_portal.admin import WorkflowAdminMixin

# Apps whose ``tests/status_objects.py`` is being written. A listed app is skipped only while
# it has no such module: as soon as the module exists its models are checked. The lead empties
# this set before the end of issue 8.
PENDING_APPS: set[str] = set()  # every app now ships its module

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _project_apps():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            yield config


def load_status_objects() -> tuple[dict, set[str]]:
    """All ``STATUS_OBJECTS`` merged, and the labels of the apps that ship a module."""
    found: dict = {}
    with_module: set[str] = set()
    names = [(config.label, f"{config.name}.tests.status_objects") for config in _project_apps()]
    names.append(("", "tests.status_objects"))
    for label, name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is None or not name.startswith(error.name):
                raise  # the module exists but imports something missing
            continue
        if label:
            with_module.add(label)
        for model, entry in module.STATUS_OBJECTS.items():
            assert model not in found, f"{model._meta.label} in two STATUS_OBJECTS modules"
            found[model] = entry
    return found, with_module


REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def superuser(db):
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import StaffFactory

    user = StaffFactory(is_superuser=True)
    TOTP.activate(user, TOTP_SECRET)  # the staff MFA middleware lets a TOTP user in
    return user


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def _ok(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: HTTP {response.status_code}"


def _filter_urls(model_admin, changelist_url: str, user) -> list[str]:
    request = RequestFactory().get(changelist_url)
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    urls = []
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            urls.append(changelist_url + choice["query_string"])
    return urls


def _instances(model, entry) -> list[tuple[str | None, object]]:
    workflow, make = entry
    if workflow is None:
        return [(None, make(None))]
    made = [(status, make(status)) for status in sorted(workflow.statuses)]
    for status, obj in made:  # a later make() must not have moved an earlier object
        obj.refresh_from_db()
        actual = getattr(obj, workflow.status_field)
        assert actual == status, f"{model._meta.label}: make({status!r}) gave {actual!r}"
    return made


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_pages_render_in_every_status(model, superuser_client, superuser):
    status_objects, with_module = load_status_objects()
    label = model._meta.app_label
    if model not in status_objects:
        if label in PENDING_APPS and label not in with_module:
            pytest.skip(f"PENDING_APPS: {label} has no tests/status_objects.py yet")
        pytest.fail(
            f"{model._meta.label} is registered in the admin but no STATUS_OBJECTS covers it: "
            f"add it to {label}/tests/status_objects.py (or tests/status_objects.py)"
        )
    model_admin = admin.site._registry[model]
    instances = _instances(model, status_objects[model])

    changelist = reverse(admin_urlname(model._meta, "changelist"))
    response = superuser_client.get(changelist)
    assert response.status_code == 200, f"changelist: HTTP {response.status_code}"
    for url in _filter_urls(model_admin, changelist, superuser):
        _ok(superuser_client.get(url), f"filter {url}")
    if model_admin.search_fields:
        _ok(superuser_client.get(changelist, {"q": "Zénith 1"}), "search")
    request = RequestFactory().get(changelist)
    request.user = superuser
    if model_admin.has_add_permission(request):
        _ok(superuser_client.get(reverse(admin_urlname(model._meta, "add"))), "add page")

    for status, obj in instances:
        url = reverse(admin_urlname(model._meta, "change"), args=[quote(obj.pk)])
        response = superuser_client.get(url)
        assert response.status_code == 200, f"change page in {status!r}: {response.status_code}"
        if isinstance(model_admin, WorkflowAdminMixin):
            for button in response.context["workflow_buttons"]:
                if button.enabled and button.has_form:
                    _ok(superuser_client.get(button.url), f"{button.label} in {status!r}")


def test_pending_apps_are_project_apps():
    labels = {config.label for config in _project_apps()}
    assert labels >= PENDING_APPS, PENDING_APPS - labels
