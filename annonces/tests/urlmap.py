"""The ads' kwargs for tests/test_access.py and the fuzz suite (tests/fuzz/urlmap.py).

An ad is its author's own: it has no ``structure`` attribute (the field is ``for_structure``),
so the owner is ``ad.user``. The public page takes a reference « <id>-<title> », not an id
kwarg: it is open to everyone (for a published ad) and filled from VALUES."""


def _published_ref():
    from annonces.tests.factories import make_ad

    return {"ref": make_ad().ref}


PRINCIPALS = {"ad_id": "annonces.JobAd"}
PRINCIPAL_ORDER = ["ad_id"]
VALUES = {"annonces:detail": _published_ref}
PUBLIC = {
    "annonces:index": "the published job ads are public (list)",
    "annonces:detail": "the published job ads are public (an ad's page)",
}
