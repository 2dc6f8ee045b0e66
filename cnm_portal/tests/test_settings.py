"""Settings come from the environment: production refuses to start without its secrets and
passes Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cnm_portal import env as env_module

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL"))
    }
    environ.update(extra_env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "monespace.cnm.fr",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "EMAIL_URL": "smtp://localhost:25",
        "VIREMENTS_DEBTOR_IBAN": "FR7630001000640000004012348",
        "VIREMENTS_DEBTOR_BIC": "BDFEFRPPCCT",
    }


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["VIREMENTS_DEBTOR_IBAN", "VIREMENTS_DEBTOR_BIC"])
def test_production_without_the_cnm_bank_account_refuses_to_start(tmp_path, name):
    environment = production_env(tmp_path)
    del environment[name]
    result = run_manage("check", **environment)
    assert result.returncode != 0
    assert name in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    environment = production_env(tmp_path)
    del environment["DJANGO_SECRET_KEY"]
    result = run_manage("check", **environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_demo_data_is_refused_in_production(tmp_path):
    result = run_manage("demo_data", **production_env(tmp_path))
    assert result.returncode != 0


@pytest.mark.parametrize("name", ["development", "test", "production"])
def test_known_environments(monkeypatch, name):
    monkeypatch.setenv("DJANGO_ENV", name)
    assert env_module.get_environment() == name


def test_unknown_environment_raises(monkeypatch):
    monkeypatch.setenv("DJANGO_ENV", "prod")
    with pytest.raises(ImproperlyConfigured):
        env_module.get_environment()


def test_embedded_default_is_sqlite_eager_console(monkeypatch):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cnm_portal.settings';"
            "django.setup(); from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
        | {"DJANGO_ENV": "development"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]
