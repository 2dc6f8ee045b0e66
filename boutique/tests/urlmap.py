"""URL kwargs of the shop for tests/test_access.py and the fuzz suite. An order belongs to its
buyer alone (its billing structure grants nothing): the owner is ``order.user``."""


def _title_slug():
    from boutique.tests.factories import make_title

    return {"slug": make_title().slug}


def _first_digital_line(order):
    from tests.fuzz.urlmap import Unfillable

    line = order.lines.filter(kind="numerique").order_by("pk").first()
    if line is None:
        raise Unfillable("no digital line")
    return line.pk


PRINCIPALS = {"order_id": "boutique.Order"}
PRINCIPAL_ORDER = ["order_id"]
CHILDREN = {("order_id", "line_id"): _first_digital_line}
VALUES = {"boutique:title": _title_slug}
PUBLIC = {
    "boutique:title": "the catalogue of the Éditions du CNM is public (a title's page)",
}
ADMIN_CHILDREN = {}
