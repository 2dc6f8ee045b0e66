"""Settings for the test suite: the normal settings with DJANGO_ENV=test.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so the same suite runs on the
embedded SQLite default and, in CI, on PostgreSQL and Redis.
"""

import os

os.environ["DJANGO_ENV"] = "test"

from cnm_portal.settings import *

# Tasks run in-process so tests are deterministic; tests that exercise the real broker
# publish explicitly (see cnm_portal/tests/test_outbox_broker.py).
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
LOGGING["root"]["level"] = "WARNING"
