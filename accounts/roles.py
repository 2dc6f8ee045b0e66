"""Staff roles are Django groups. Each app declares what its groups may do with
:func:`grant`; the permissions are synchronised after every ``migrate``."""

from collections import defaultdict

INSTRUCTEUR = "Instructeurs"
COMMISSION = "Membres de commission"
PRESIDENCE = "Présidence"
COMPTABILITE = "Comptabilité"
SERVICE_TAXE = "Service taxe"
# annonces, formations, rendez-vous, annuaire, boutique
SERVICES = "Services aux professionnels"

STAFF_GROUPS = (INSTRUCTEUR, COMMISSION, PRESIDENCE, COMPTABILITE, SERVICE_TAXE, SERVICES)

_grants: dict[str, set[str]] = defaultdict(set)


def grant(group: str, *permissions: str) -> None:
    """Declare that ``group`` has ``permissions`` ("app_label.codename")."""
    if group not in STAFF_GROUPS:
        raise ValueError(f"unknown staff group {group!r}")
    _grants[group].update(permissions)


def sync_group_permissions(**kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for name in STAFF_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in sorted(_grants[name]):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)


for _group in STAFF_GROUPS:
    grant(_group, "cnm_portal.view_auditentry")
grant(INSTRUCTEUR, "accounts.view_user", "cnm_portal.view_outboxmessage")
