import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from espace_pro.tests.conftest import PDF, instructor, oncommit, pdf_file  # noqa: F401


class Clock:
    """Moves "now" (and so ``cnm_portal.dates.today()``) without sleeping."""

    def __init__(self):
        self.now = timezone.now()
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)

    def set(self, day: dt.date) -> None:
        self.now = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))

    def advance(self, days: int) -> None:
        self.now += dt.timedelta(days=days)

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)


@pytest.fixture
def clock():
    c = Clock()
    c._patch.start()
    yield c
    c._patch.stop()


@pytest.fixture
def pdf_bytes():
    return PDF
