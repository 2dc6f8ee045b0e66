"""Every-status contract of the alerts (see tests/test_admin_every_status.py)."""

from alertes.models import JobAlert
from alertes.tests.factories import make_alert


def _make(status=None):
    """An alert that has already sent one ad (its inline shows a delivery)."""
    from alertes.models import AlertDelivery
    from annonces.tests.factories import make_ad
    from cnm_portal.dates import today

    alert = make_alert(contract_types=["cdi"], keywords="régie")
    AlertDelivery.objects.create(alert=alert, ad=make_ad(), sent_on=today())
    return alert


STATUS_OBJECTS = {JobAlert: (None, _make)}
