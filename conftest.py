"""Project-wide test set-up: no outbound network, a clean cache, shared fixtures."""

import datetime as dt
import ipaddress
import json
import socket
from pathlib import Path
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


# --- end-of-run summaries: fuzz counts (tests/fuzz) and the fault table (tests/faults) --------
# Here and not in those folders' conftest files: under xdist the controller collects nothing,
# so only the root conftest's hooks run there, fed by the workers' reports (user_properties).
ARTIFACTS = Path("test-artifacts")
_summary = {"fuzz": False, "endpoints": 0, "inputs": 0, "faults": False, "rows": [], "skip": ""}


def pytest_runtest_logreport(report):
    if "fuzz" in report.keywords:
        _summary["fuzz"] = True
    if "faults" in report.keywords:
        _summary["faults"] = True
        if report.skipped and isinstance(report.longrepr, tuple):
            _summary["skip"] = report.longrepr[2].removeprefix("Skipped: ")
    if report.when != "call":
        return
    for key, value in report.user_properties:
        if key == "fuzz_inputs":
            _summary["endpoints"] += 1
            _summary["inputs"] += value
        elif key == "fault_row":
            _summary["rows"].append(json.loads(value))


def fault_table(rows: list[dict]) -> list[str]:
    header = ("fault", "work in flight", "recovered in", "lost", "doubled")
    cells = [
        (r["fault"], r["work"], f"{r['recovered']:.1f} s", str(r["lost"]), str(r["doubled"]))
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]
    return [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, tuple("-" * w for w in widths), *cells]
    ]


def pytest_terminal_summary(terminalreporter, config):
    if hasattr(config, "workerinput"):  # an xdist worker: the controller prints
        return
    if _summary["fuzz"]:
        line = f"fuzz: {_summary['endpoints']} endpoints, {_summary['inputs']} inputs tried"
        terminalreporter.write_sep("=", line)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "fuzz-summary.txt").write_text(line + "\n", encoding="utf-8")
    if _summary["faults"]:
        if _summary["rows"]:
            lines = fault_table(_summary["rows"])
        else:
            lines = [f"faults: not run ({_summary['skip'] or 'no fault test passed'})"]
        terminalreporter.write_sep("=", f"faults: {len(_summary['rows'])} faults injected")
        for line in lines:
            terminalreporter.write_line(line)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "faults-summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
