"""Pauses the fault suite puts inside real work, so that a fault lands *in the middle* of it.

The suite writes ``<FAULTS_MARK_DIR>/slow.json`` (``{"pdf": 1.5, "liquidation": 3}``); each
wrapped step, when named there, drops a marker file ``<step>.<pid>.<n>`` (the suite waits for it
before injecting the fault) and sleeps that long, then does the real work. Without the file the
wrappers only cost a stat. Installed in each Celery pool process and in the driver.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import sys
import time
from pathlib import Path

_counter = itertools.count()


def _pause(step: str) -> None:
    folder = os.environ.get("FAULTS_MARK_DIR")
    if not folder:
        return
    try:
        plan = json.loads((Path(folder) / "slow.json").read_text())
    except (OSError, ValueError):
        return
    seconds = plan.get(step)
    if not seconds:
        return
    (Path(folder) / f"{step}.{os.getpid()}.{next(_counter)}").touch()
    time.sleep(float(seconds))


def pausing(step: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _pause(step)
        return func(*args, **kwargs)

    wrapper.__faults_wrapped__ = True
    return wrapper


def _replace_everywhere(original, replacement) -> None:
    """Rebind every module global that names ``original`` (``from x import f`` copies)."""
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not namespace:
            continue
        for name, value in list(namespace.items()):
            if value is original:
                setattr(module, name, replacement)


def install() -> None:
    from cnm_portal import pdf
    from taxe.services import liquidation, payments

    targets = [
        ("pdf", pdf.render_pdf),
        ("liquidation", liquidation._insert_notices),
        ("bank_line", payments.payment_record),
    ]
    for step, func in targets:
        if not getattr(func, "__faults_wrapped__", False):
            _replace_everywhere(func, pausing(step, func))
