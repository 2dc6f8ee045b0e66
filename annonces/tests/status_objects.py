"""Every-status contract of the ads (see tests/test_admin_every_status.py)."""

from annonces.models import JobAd
from annonces.tests.factories import make_ad
from annonces.workflow import ad_flow

STATUS_OBJECTS = {JobAd: (ad_flow, lambda status: make_ad(status))}
