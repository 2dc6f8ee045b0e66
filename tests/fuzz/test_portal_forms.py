"""Every POST form of the portal gets generated bad input (see tests/fuzz/runner.py).

The pages are the resolver's (every portal URL pattern); each is opened as the user who may use
it (the owner of a STATUS_OBJECTS object for pages with an id, a member of a structure, or an
anonymous visitor for signup, login and the public pages) and every form it shows that posts to
itself is fuzzed. A POST-only view (cancel, remove…) gets the requests without CSRF token.
"""

from urllib.parse import urlencode

import pytest

from tests.fuzz import dbstate, helpers, urlmap
from tests.fuzz.runner import fuzz_all
from tests.fuzz.targets import Target, discover

pytestmark = pytest.mark.fuzz

PORTAL = sorted((r for r in urlmap.iter_routes() if not r.is_admin), key=lambda r: r.name)


def _pages(route):
    """(url, user) candidates for the route, the most likely first."""
    if route.takes_id:
        for kwargs, obj in urlmap.portal_candidates(route):
            yield urlmap.url(route, kwargs), urlmap.owner_of(route, obj)
        return
    kwargs = urlmap.fill_no_id(route) if route.kwargs else {}
    url = urlmap.url(route, kwargs)
    if route.name in urlmap.QUERY:  # the form needs a slot, a session, a structure…
        user = helpers.member()
        yield f"{url}?{urlencode(urlmap.QUERY[route.name](user))}", user
    yield url, helpers.member()
    yield url, None


def _app_label(route) -> str:
    return route.callback.__module__.split(".")[0]


@pytest.mark.parametrize("route", PORTAL, ids=str)
def test_portal_form_rejects_bad_input(route, db, tally):
    tables = dbstate.touched_tables({_app_label(route)})
    for url, user in _pages(route):
        client, csrf_client = helpers.clients(user)
        response = client.get(url)
        if response.status_code == 404:
            continue  # this status has no such page: the next one
        if response.status_code == 405:  # POST only: the bad request is the one without token
            targets = [Target(url=url, fields={}, buttons=[])]
        else:
            targets = helpers.own_targets(discover(response, url), url)
        if targets or "html" not in response.get("Content-Type", ""):
            break  # a download has no form in any status
    else:
        targets = []
    if not targets:
        pytest.skip(f"{route}: no form posting to the page")
    fuzz_all(targets, client=client, csrf_client=csrf_client, tables=tables, tally=tally)
