"""Access: every URL pattern that takes an id is closed to the wrong people.

The patterns are discovered from ``get_resolver()`` (portal and admin), never listed by hand; the
objects come from each app's ``tests/status_objects.py``; ``tests/fuzz/urlmap.py`` maps the kwargs
to objects and fails, naming the pattern, when it cannot fill one (so a new view without a
mapping fails CI).

- Portal: a member of another structure gets 404 (GET, or POST for POST-only views), while a
  member of the object's structure gets the page (so the ids are real and the object complete);
  an anonymous visitor is sent to the login page, except for PUBLIC patterns.
- Admin: staff in a group without the model's permissions get 403 (or the admin login), an
  anonymous visitor the admin login.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts import roles
from tests.fuzz import urlmap

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

PUBLIC = urlmap.PUBLIC  # portal patterns open to anonymous visitors (apps add theirs)
# Admin patterns with kwargs that name no object (nothing to scope).
ADMIN_NOT_OBJECTS = {
    "admin:app_list": "an app's index: lists only the models the staff may see",
    "admin:view_on_site": "redirects to the object's portal page, scoped there",
}

ROUTES = urlmap.routes_with_kwargs()
PORTAL = [r for r in ROUTES if not r.is_admin]
ADMIN = [r for r in ROUTES if r.is_admin and r.name not in ADMIN_NOT_OBJECTS]


def _login_url() -> str:
    return reverse("account_login")


def _request(client, url):
    """GET, or POST for a POST-only view (405 on GET)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _stranger():
    from espace_pro.tests.factories import MembershipFactory

    return MembershipFactory(role="Gérante").user  # a member of another structure only


@pytest.mark.parametrize("route", PORTAL, ids=str)
def test_portal_pattern_is_scoped(route, db, client):
    if not route.takes_id:
        kwargs = urlmap.fill_no_id(route)
        _check_anonymous(route, client, urlmap.url(route, kwargs))
        return
    stranger = _stranger()
    reached = False
    for kwargs, obj in urlmap.portal_candidates(route):  # obj: what the owner may see
        url = urlmap.url(route, kwargs)
        client.force_login(stranger)
        response = _request(client, url)
        assert response.status_code == 404, (
            f"{route}: a member of another structure got HTTP {response.status_code} on {url}"
        )
        client.logout()
        _check_anonymous(route, client, url)
        client.force_login(urlmap.owner_of(route, obj))
        response = _request(client, url)
        assert response.status_code < 500, f"{route}: the owner got HTTP {response.status_code}"
        client.logout()
        if response.status_code != 404:
            reached = True
            break
    assert reached, (
        f"{route}: no object of STATUS_OBJECTS gives its owner the page (404 in every status): "
        "the test cannot prove the scoping; extend tests/fuzz/urlmap.py"
    )


def _check_anonymous(route, client, url):
    response = _request(client, url)
    if route.name in PUBLIC:
        assert response.status_code < 500, f"{route}: HTTP {response.status_code}"
        assert not response.get("Location", "").startswith(_login_url())
        return
    assert response.status_code == 302, f"{route}: anonymous got HTTP {response.status_code}"
    assert response["Location"].startswith(_login_url()), (
        f"{route}: anonymous sent to {response['Location']}"
    )


# --- admin ---------------------------------------------------------------------------------------

ADMIN_CHILDREN = urlmap.ADMIN_CHILDREN  # (model label, kwarg) -> child object


def _move_from(model_admin, obj) -> str | None:
    """A move with a button from the object's status (so the view reaches its permission check)."""
    if model_admin.workflow is None:
        return None
    status = getattr(obj, model_admin.workflow.status_field)
    for to in sorted(model_admin.workflow.statuses):
        if model_admin.workflow_action_for(status, to) is not None:
            return to
    return None


def _object_action_for(model_admin, obj) -> str | None:
    if model_admin.workflow is None:
        return None
    status = getattr(obj, model_admin.workflow.status_field)
    for name, action in model_admin.object_actions.items():
        if status in action.statuses:
            return name
    return None


def _admin_kwargs(route, model, obj) -> dict | None:
    model_admin = admin.site._registry[model]
    kwargs = {}
    for name in route.kwargs:
        if name in ("object_id", "pk", "id"):
            kwargs[name] = str(obj.pk) if name == "object_id" else obj.pk
        elif name in ("to", "name"):
            value = (_move_from if name == "to" else _object_action_for)(model_admin, obj)
            if value is None:
                return None  # no button in this status: try another
            kwargs[name] = value
        elif (model._meta.label, name) in ADMIN_CHILDREN:
            child = ADMIN_CHILDREN[(model._meta.label, name)](obj)
            if child is None:
                return None  # this status lacks it: try another
            kwargs[name] = child.pk
        else:
            raise urlmap.Unfillable(
                f"{route}: admin kwarg {name!r} unknown (add ({model._meta.label!r}, {name!r}) "
                "to ADMIN_CHILDREN in tests/fuzz/urlmap.py or <app>/tests/urlmap.py)"
            )
    return kwargs


def _has_object_actions(model) -> bool:
    return bool(admin.site._registry[model].object_actions)


def _staff_without_rights(model):
    """Staff with TOTP, in a staff group without any permission on ``model`` (or in none)."""
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.tests.factories import StaffFactory

    staff = StaffFactory()
    TOTP.activate(staff, TOTP_SECRET)
    own = Permission.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )
    group = (
        Group.objects.filter(name__in=roles.STAFF_GROUPS)
        .exclude(permissions__in=own)
        .order_by("name")
        .first()
    )
    if group is not None:
        staff.groups.add(group)
    return staff


def _admin_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("route", ADMIN, ids=str)
def test_admin_pattern_needs_the_right_group(route, db, client):
    model = route.admin_model()
    if model is None:
        pytest.fail(f"{route}: admin pattern of no registered model: add it to ADMIN_NOT_OBJECTS")
    kwargs = None
    for _status, obj in urlmap.make_instances(model):
        kwargs = _admin_kwargs(route, model, obj)
        if kwargs is not None:
            break
    if kwargs is None and route.name.endswith("_object_action") and not _has_object_actions(model):
        pytest.skip(f"{route}: {model._meta.label} declares no object action (the URL 404s)")
    assert kwargs is not None, f"{route}: no STATUS_OBJECTS instance has the child objects"
    url = reverse(route.name, kwargs=kwargs)

    response = _request(client, url)
    assert _admin_login_redirect(response), f"{route}: anonymous got HTTP {response.status_code}"

    client.force_login(_staff_without_rights(model))
    response = _request(client, url)
    assert response.status_code == 403 or _admin_login_redirect(response), (
        f"{route}: staff without the model's group got HTTP {response.status_code} on {url}"
    )


def test_every_pattern_with_an_id_is_checked():
    """The discovery finds the apps' views (a broken walk would make the test vacuous)."""
    names = {r.name for r in ROUTES}
    assert {"espace_pro:request_detail", "taxe:declaration", "admin:taxe_declaration_change"} <= (
        names
    )
    assert len(PORTAL) >= 20 and len(ADMIN) >= 50
