"""Every-status contract of the directory (see tests/test_admin_every_status.py)."""

from annuaire.models import Entry
from annuaire.tests.factories import entry_in
from annuaire.workflow import entry_flow

STATUS_OBJECTS = {Entry: (entry_flow, entry_in)}
