"""Project-wide test set-up: no outbound network, a clean cache, shared fixtures."""

import datetime as dt
import ipaddress
import socket
from unittest import mock

import pytest


class OutboundNetworkBlocked(RuntimeError):
    pass


def _is_local(address) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX path
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guard(real):
    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise OutboundNetworkBlocked(f"Accès réseau sortant interdit en test : {address!r}")
        return real(self, address)

    return guarded


def pytest_configure(config):
    socket.socket.connect = _guard(socket.socket.connect)
    socket.socket.connect_ex = _guard(socket.socket.connect_ex)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


class Clock:
    """Moves "now" (and so ``cnm_portal.dates.today()``) without sleeping."""

    def __init__(self):
        from django.utils import timezone

        self.now = timezone.now()
        self._patch = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)

    def set(self, day: dt.date) -> None:
        from django.utils import timezone

        self.now = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))

    def advance(self, days: int) -> None:
        self.now += dt.timedelta(days=days)

    @property
    def today(self) -> dt.date:
        from django.utils import timezone

        return timezone.localdate(self.now)


@pytest.fixture
def clock():
    c = Clock()
    c._patch.start()
    yield c
    c._patch.stop()
