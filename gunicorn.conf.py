"""gunicorn settings of the web service (read by ``gunicorn`` from the working directory: the
Dockerfile's command and ``bench/scale.py``, whose command-line options override these).

Memory (issue 12, budget ≤ 100 MB per web worker): the application is imported once in the
master (``preload_app``) and the workers are forked from it, so the code and the startup objects
are shared pages; ``gc.freeze()`` before each fork keeps the garbage collector from touching
(and so copying) them. A worker is replaced after ``max_requests`` requests (with jitter, not
all at once), which bounds the growth of a long-lived process.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30


def pre_fork(server, worker):
    gc.freeze()
