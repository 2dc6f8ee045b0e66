"""Fixtures of the fuzz suite and its summary: endpoints and inputs tried, printed at the end of
the run (even under ``-q``, and from the xdist controller) and written to
``test-artifacts/fuzz-summary.txt``."""

from pathlib import Path

import pytest

_TOTALS = {"endpoints": 0, "inputs": 0}
SUMMARY = Path("test-artifacts") / "fuzz-summary.txt"


@pytest.fixture
def tally(request):
    """``tally(n)``: one endpoint fuzzed with ``n`` inputs (reported to the controller)."""

    def record(inputs: int) -> None:
        request.node.user_properties.append(("fuzz_inputs", inputs))

    return record


@pytest.fixture(autouse=True)
def _small_upload_limit(settings):
    # the oversized files of the strategies go over this limit: same code path, cheaper uploads
    settings.UPLOAD_MAX_BYTES = 200_000


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for key, inputs in report.user_properties:
        if key == "fuzz_inputs":
            _TOTALS["endpoints"] += 1
            _TOTALS["inputs"] += inputs


def pytest_terminal_summary(terminalreporter):
    if not _TOTALS["endpoints"] and not SUMMARY.parent.exists():
        return
    line = f"fuzz: {_TOTALS['endpoints']} endpoints, {_TOTALS['inputs']} inputs tried"
    terminalreporter.write_sep("=", line)
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(line + "\n", encoding="utf-8")
