"""The directory's id kwargs for the access test and the fuzz suite (tests/fuzz/urlmap.py).

An entry belongs to its structure (``entry.structure``) or, for a person, to ``entry.user``…
which is named ``person``: the owner is found through the structure, else ``user`` — so a
person's entry is reached through structure entries only (STATUS_OBJECTS builds those)."""

PRINCIPALS = {"entry_id": "annuaire.Entry"}
PRINCIPAL_ORDER = ["entry_id"]
PUBLIC = {
    "annuaire:entry": (
        "the directory is public: a published entry's page is open to everyone (a non-published "
        "one is 404 except to the people who manage it)"
    ),
}


def _own_structure(user) -> dict:
    return {"pour": user.memberships.order_by("pk").first().structure_id}


QUERY = {"annuaire:register": _own_structure}  # registering one of the member's structures
