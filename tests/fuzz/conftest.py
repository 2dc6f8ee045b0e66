"""Fixtures of the fuzz suite. Its summary (endpoints and inputs tried, printed at the end of
the run even under ``-q`` and from the xdist controller, written to
``test-artifacts/fuzz-summary.txt``) is made by the root ``conftest.py`` from ``tally``."""

import pytest


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
