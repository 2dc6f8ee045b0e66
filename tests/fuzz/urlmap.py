"""Every URL pattern of the project, discovered from the resolver, and how to fill its kwargs.

Shared by ``tests/test_access.py`` and the fuzz suite. Nothing here lists views: the patterns come
from ``get_resolver()``, the admin model from ``admin.site``, the objects from each app's
``tests/status_objects.py`` (the every-status contract). What is written by hand is a small table
from *kwarg names* to models and to child objects; a pattern whose kwargs the table cannot fill
raises :class:`Unfillable`, naming the pattern, so a new view without a mapping fails CI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter


class Unfillable(AssertionError):
    """A URL pattern whose kwargs the tables below cannot fill."""


@dataclass(frozen=True)
class Route:
    route: str  # the joined pattern, e.g. "taxe/structures/<int:structure_id>/"
    name: str  # "namespace:name"
    kwargs: tuple[str, ...]
    int_kwargs: frozenset[str]
    callback: object = field(compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def takes_id(self) -> bool:
        return any(_is_id(name, self) for name in self.kwargs)

    def admin_model(self):
        match = re.match(r"admin/(\w+)/(\w+)/", self.route)
        if not match:
            return None
        try:
            model = apps.get_model(match[1], match[2])
        except LookupError:
            return None
        return model if model in admin.site._registry else None

    def __str__(self) -> str:
        return f"{self.name} ({self.route})"


def _is_id(name: str, route: Route) -> bool:
    return name in route.int_kwargs or name in {"pk", "object_id", "id"} or name.endswith("_id")


def _kwarg_names(pattern) -> tuple[list[str], set[str]]:
    converters = getattr(pattern, "converters", {}) or {}
    names = list(converters) if converters else list(pattern.regex.groupindex)
    ints = {name for name, conv in converters.items() if isinstance(conv, IntConverter)}
    return names, ints


def iter_routes(resolver=None, prefix="", namespace="", kwargs=(), ints=frozenset()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names, int_names = _kwarg_names(entry.pattern)
        joined = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from iter_routes(
                entry, joined, ns, (*kwargs, *names), frozenset(ints | int_names)
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(
                route=joined,
                name=namespace + entry.name,
                kwargs=(*kwargs, *names),
                int_kwargs=frozenset(ints | int_names),
                callback=entry.callback,
            )


def routes_with_kwargs() -> list[Route]:
    return sorted((r for r in iter_routes() if r.kwargs), key=lambda r: r.name)


# --- objects -------------------------------------------------------------------------------------


def status_objects() -> dict:
    from tests.test_admin_every_status import load_status_objects

    return load_status_objects()[0]


def make_instances(model):
    """Instances of ``model`` through its STATUS_OBJECTS entry, one per status (lazily)."""
    entry = status_objects().get(model)
    if entry is None:
        raise Unfillable(f"{model._meta.label} has no STATUS_OBJECTS entry")
    workflow, make = entry
    if workflow is None:
        yield None, make(None)
        return
    for status in sorted(workflow.statuses):
        yield status, make(status)


# The portal's id kwargs: which model the id names. A kwarg absent from this table and from
# CHILDREN makes the pattern Unfillable.
PRINCIPALS = {
    "request_id": "espace_pro.AccessRequest",
    "structure_id": "espace_pro.Structure",
    "affiliation_id": "affiliation.Affiliation",
    "declaration_id": "taxe.Declaration",
    "share_id": "taxe.CoproductionShare",
    "rectification_id": "taxe.Rectification",
    "notice_id": "taxe.Notice",
    "account_id": "virements.BankAccount",
    "dossier_id": "aides.Dossier",
    "decision_id": "aides.Decision",
    "drawing_id": "compte_entrepreneur.Drawing",
    "generation_id": "compte_entrepreneur.Generation",
    "session_id": "aides.CommissionSession",
}
# Preferred principal when a pattern has several kwargs of PRINCIPALS: the most specific.
PRINCIPAL_ORDER = [
    "decision_id",
    "share_id",
    "rectification_id",
    "notice_id",
    "declaration_id",
    "drawing_id",
    "generation_id",
    "account_id",
    "dossier_id",
    "affiliation_id",
    "request_id",
    "structure_id",
    "session_id",
]


def _first(queryset, what):
    obj = queryset.order_by("pk").first()
    if obj is None:
        raise Unfillable(f"no {what}")
    return obj.pk


def _decision_of(dossier):
    return _first(dossier.decisions.all(), "decision of the dossier")


# Kwargs filled from the principal object: (principal kwarg, kwarg) -> fn(principal) -> value.
CHILDREN = {
    ("request_id", "document_id"): lambda r: _first(r.documents.all(), "request document"),
    ("affiliation_id", "document_id"): lambda a: _first(a.documents.all(), "affiliation piece"),
    ("dossier_id", "document_id"): lambda d: _first(d.documents.all(), "dossier document"),
    ("structure_id", "membership_id"): lambda s: _first(s.memberships.all(), "membership"),
    ("structure_id", "invitation_id"): lambda s: _first(s.invitations.all(), "invitation"),
    ("dossier_id", "session_id"): lambda d: d.session_id,
    ("dossier_id", "decision_id"): _decision_of,
    ("dossier_id", "step"): lambda d: _first_step(),
    ("notice_id", "kind"): lambda n: "avis",
}


def _first_step():
    from aides.views import STEP_NAMES

    return STEP_NAMES[0]


# Attributes that lead from an object to its structure (see structure_of).
STRUCTURE_ATTRS = ["structure", "dossier", "declaration", "compte", "affiliation", "drawing"]


def structure_of(obj):
    """The structure an object belongs to (the one whose members may see it)."""
    from espace_pro.models import Structure

    if isinstance(obj, Structure):
        return obj
    for attr in STRUCTURE_ATTRS:
        value = getattr(obj, attr, None)
        if value is not None:
            return structure_of(value)
    return None


def owner_of(route: Route, obj):
    """A user entitled to the page of ``obj``: the requester, a commission member, or a member
    of the object's structure."""
    from accounts.tests.factories import UserFactory
    from espace_pro.tests.factories import MembershipFactory

    if route.name.startswith("aides:commission_"):
        from django.contrib.auth.models import Group

        from accounts import roles
        from aides.models import CommissionSession

        member = UserFactory()
        member.groups.add(Group.objects.get(name=roles.COMMISSION))
        session = obj if isinstance(obj, CommissionSession) else obj.session
        session.members.add(member)
        return member
    structure = structure_of(obj)
    if structure is None:
        user = getattr(obj, "user", None)
        if user is None:
            raise Unfillable(f"{route}: no structure nor user owns {obj!r}")
        return user
    return MembershipFactory(structure=structure, role="Gérante").user


# Values of the kwargs that are not ids, for patterns that take no id.
VALUES = {
    "espace_pro:request_search": {"kind": "siret"},
    "espace_pro:request_morale": {"kind": "siret", "identifier": "90100001800019"},
    "espace_pro:invitation_accept": {"token": "jeton-inconnu"},
    "account_confirm_email": {"key": "cle-inconnue"},
    "account_reset_password_from_key": {"uidb36": "zz", "key": "cle-inconnue"},
}


def _slug():
    from aides import programmes

    return programmes.all()[0].slug


SLUG_ROUTES = {"aides_public:programme", "aides_public:simulator", "aides_public:api_simulate"}


def portal_principals(route: Route) -> list[str]:
    """The kwargs that may name the principal object, the most specific first."""
    id_kwargs = [k for k in route.kwargs if k in PRINCIPALS]
    if not id_kwargs:
        raise Unfillable(f"{route}: no kwarg names a known model (add it to PRINCIPALS)")
    return sorted(id_kwargs, key=PRINCIPAL_ORDER.index)


def fill_from(route: Route, principal_kwarg: str, obj) -> dict:
    """The kwargs of ``route`` for the principal object ``obj``."""
    kwargs = {}
    for name in route.kwargs:
        if name == principal_kwarg:
            kwargs[name] = obj.pk
        elif (principal_kwarg, name) in CHILDREN:
            kwargs[name] = CHILDREN[(principal_kwarg, name)](obj)
        elif name == "structure_id":
            structure = structure_of(obj)
            if structure is None:
                raise Unfillable(f"{route}: {obj!r} has no structure")
            kwargs[name] = structure.pk
        elif name == "dossier_id" and getattr(obj, "dossier_id", None):
            kwargs[name] = obj.dossier_id
        else:
            raise Unfillable(
                f"{route}: kwarg {name!r} cannot be filled from {principal_kwarg} "
                f"(add ({principal_kwarg!r}, {name!r}) to tests/fuzz/urlmap.CHILDREN)"
            )
    return kwargs


def fill_no_id(route: Route) -> dict:
    if route.name in SLUG_ROUTES:
        return {"slug": _slug()}
    if route.name in VALUES:
        values = VALUES[route.name]
        return dict(values() if callable(values) else values)
    raise Unfillable(
        f"{route}: no values for {route.kwargs} (add them to tests/fuzz/urlmap.VALUES)"
    )


def _share_of(declaration):
    share = declaration.shares.exclude(structure_id=declaration.structure_id).first()
    if share is None:
        raise Unfillable("no coproduction share")
    return {"structure_id": share.structure_id, "share_id": share.pk}, share


# Patterns reached through another model than their kwargs say (the object only exists as a part
# of another one): url name -> (model label, fn(obj) -> (kwargs, object whose owner may see it)).
def _bilan_document(bilan):
    document = bilan.documents.order_by("pk").first()
    if document is None:
        raise Unfillable("no bilan document")
    return {"dossier_id": bilan.dossier_id, "document_id": document.pk}, bilan.dossier


def _remboursement_letter(remboursement):
    if not remboursement.letter:
        raise Unfillable("no reimbursement letter")
    return (
        {"dossier_id": remboursement.dossier_id, "remboursement_id": remboursement.pk},
        remboursement.dossier,
    )


VIA = {
    "aides:bilan_document": ("aides.Bilan", _bilan_document),
    "aides:remboursement_letter": ("aides.Remboursement", _remboursement_letter),
    "taxe:share_sign": ("taxe.Declaration", _share_of),
    "taxe:share_refuse": ("taxe.Declaration", _share_of),
    "compte_entrepreneur:drawing_create": (
        "compte_entrepreneur.Compte",
        lambda compte: ({"structure_id": compte.structure_id}, compte),
    ),
}


def portal_candidates(route: Route):
    """(kwargs, obj) for objects of the principal model in each status, lazily; the owner of
    ``obj`` (:func:`owner_of`) may see the page."""
    known = status_objects()
    if route.name in VIA:
        label, fill = VIA[route.name]
        for _status, obj in make_instances(apps.get_model(label)):
            try:
                yield fill(obj)
            except Unfillable:
                continue
        return
    for principal in portal_principals(route):
        model = apps.get_model(PRINCIPALS[principal])
        if model not in known:
            continue  # e.g. a Decision is reached through its dossier
        for _status, obj in make_instances(model):
            try:
                kwargs = fill_from(route, principal, obj)
            except Unfillable:
                continue  # this status lacks the child (no decision yet…): try the next one
            yield kwargs, obj


def url(route: Route, kwargs: dict) -> str:
    return reverse(route.name, kwargs=kwargs)


# --- the apps' own tables --------------------------------------------------------------------------
# Portal patterns open to anonymous visitors by design, with the reason (tests/test_access.py).
PUBLIC = {
    "aides_public:programme": "the aid catalogue is public (a programme's page)",
    "aides_public:simulator": "the aid simulator is public",
    "aides_public:api_simulate": "the simulator's JSON API is public",
    "account_confirm_email": "the e-mail confirmation link works before any login (key = secret)",
    "account_reset_password_from_key": "password reset link: the key is the secret, no login",
}
# Admin kwargs naming a child object: (model label, kwarg) -> fn(obj) -> child or None.
ADMIN_CHILDREN = {
    ("espace_pro.AccessRequest", "doc"): lambda o: o.documents.order_by("pk").first(),
    ("affiliation.Affiliation", "doc"): lambda o: o.documents.order_by("pk").first(),
    ("aides.Dossier", "document_id"): lambda o: o.documents.order_by("pk").first(),
    ("aides.Bilan", "document_id"): lambda o: o.documents.order_by("pk").first(),
    ("compte_entrepreneur.Drawing", "document_id"): lambda o: o.documents.order_by("pk").first(),
    ("espace_pro.Structure", "code"): lambda o: o.activation_codes.order_by("pk").first(),
}


# Pages whose form needs query parameters (a slot, a session, the structure chosen): url name ->
# fn(user) -> the parameters for the user who opens the page (the fuzz suite's member).
QUERY: dict = {}


def _merge_app_tables() -> None:
    """An app may add to these tables in its own ``<app>/tests/urlmap.py``, with any of the
    module-level names PRINCIPALS, PRINCIPAL_ORDER (its kwargs, placed first: an app's own ids
    are the most specific), CHILDREN, VALUES (a dict or a callable returning one), VIA, PUBLIC,
    ADMIN_CHILDREN, STRUCTURE_ATTRS, QUERY."""
    import importlib

    for config in apps.get_app_configs():
        name = f"{config.name}.tests.urlmap"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name in (name, f"{config.name}.tests"):
                continue
            raise
        for table in (
            "PRINCIPALS",
            "CHILDREN",
            "VALUES",
            "VIA",
            "PUBLIC",
            "ADMIN_CHILDREN",
            "QUERY",
        ):
            globals()[table].update(getattr(module, table, {}))
        PRINCIPAL_ORDER[:0] = getattr(module, "PRINCIPAL_ORDER", [])
        STRUCTURE_ATTRS.extend(getattr(module, "STRUCTURE_ATTRS", []))


_merge_app_tables()
