"""Settings of the processes the fault suite starts (Celery workers, gunicorn, the driver).

The normal settings (DJANGO_ENV=development, DEBUG off, PostgreSQL and Redis from the
environment, files on disk) with what the suite must observe or shorten:
- e-mails recorded one JSON line each in FAULTS_MAIL_FILE (instead of SMTP), to count them;
- the outbox relay grace and retry back-off in seconds instead of minutes (same code paths);
- a short broker visibility timeout, so that a task of a killed worker is delivered again
  within the suite (production keeps the default hour, the relay being the safety net);
- rate limits off and a fast password hasher: the stream of signups is not what is tested.
"""

import os

from cnm_portal.settings import *  # noqa: F403
from cnm_portal.settings import CELERY_BROKER_TRANSPORT_OPTIONS, LOGGING

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.faults.mail.RecordingBackend"
FAULTS_MAIL_FILE = os.environ["FAULTS_MAIL_FILE"]
MEDIA_ROOT = os.environ["FAULTS_MEDIA_ROOT"]
OUTBOX_RELAY_GRACE_SECONDS = 1
OUTBOX_RETRY_BASE_SECONDS = 0.25
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": 8}
ACCOUNT_RATE_LIMITS = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
