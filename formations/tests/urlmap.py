"""The catalogue's URL kwargs for the access test and the fuzz suite (tests/fuzz/urlmap.py).

An inscription is its person's own: it has no ``structure`` attribute (the field is
``for_structure``), so the owner is ``inscription.user``. A module's page is public and named
by its slug."""


def _module_slug():
    from formations.tests.status_objects import make_module

    return {"slug": make_module().slug}


PRINCIPALS = {"inscription_id": "formations.Inscription"}
PRINCIPAL_ORDER = ["inscription_id"]
VALUES = {"formations:module": _module_slug}
PUBLIC = {
    "formations:module": "the training catalogue is public (a module's page and its sessions)",
}


def _open_session(user) -> dict:
    from formations.tests.factories import make_session

    return {"session": make_session().pk}


QUERY = {"formations:register": _open_session}  # the registration form of an open session
