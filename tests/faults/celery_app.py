"""The project's Celery app, with the suite's pauses installed in each pool process and a
"ready" marker file per worker (``ready-<hostname>``)."""

import os
from pathlib import Path

from celery.signals import worker_process_init, worker_ready

from cnm_portal.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _install_pauses(**kwargs) -> None:
    import django

    django.setup()
    from tests.faults import hooks

    hooks.install()


@worker_ready.connect
def _ready(sender=None, **kwargs) -> None:
    folder = os.environ.get("FAULTS_MARK_DIR")
    if folder:
        (Path(folder) / f"ready-{sender.hostname}").touch()
