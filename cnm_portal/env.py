"""Typed access to the environment: the only place that reads ``os.environ`` for settings."""

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

ENVIRONMENTS = ("development", "test", "production")


def get_environment() -> str:
    """Return DJANGO_ENV; an unknown name is a configuration error, never a silent default."""
    name = env.str("DJANGO_ENV", default="development")
    if name not in ENVIRONMENTS:
        raise ImproperlyConfigured(f"DJANGO_ENV={name!r} is not one of {', '.join(ENVIRONMENTS)}.")
    return name


def development_secret_key() -> str:
    """A per-checkout random key kept in ``.secret_key`` (git-ignored): no secret in the code."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()
