"""Settings for Mon Espace, read from the environment (see README and .env.example).

With no variable set this is the embedded default: SQLite, Celery tasks run eagerly
in-process, e-mails printed on the console, files in ./media.
"""

from celery.schedules import crontab

from cnm_portal.env import BASE_DIR, development_secret_key, env, get_environment

ENVIRONMENT = get_environment()
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

DEBUG = env.bool("DJANGO_DEBUG", default=ENVIRONMENT == "development")
if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
elif TESTING:
    SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or development_secret_key()

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "cnm_portal",
    "accounts",
    "formtools",
    "espace_pro",
    "virements",
    "affiliation",
    "aides",
    "taxe",
    "compte_entrepreneur",
    "annonces",
    "alertes",
    "formations",
    "rdv",
    "annuaire",
    "boutique",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cnm_portal.middleware.StaffMfaRequiredMiddleware",
]

ROOT_URLCONF = "cnm_portal.urls"
WSGI_APPLICATION = "cnm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # an unreachable or restarting server fails a request in 5 s instead of hanging it
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# allauth's rate limits live in the default cache: in production it is the database cache
# (created by `manage.py createcachetable`), which keeps working when Redis is down.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="dbcache://django_cache" if PRODUCTION else "locmemcache://"
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# --- allauth -------------------------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup.SignupExtraForm"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "add_email": "accounts.forms.AddEmailForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CNM] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mon Espace CNM"

# --- internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- static and uploaded files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles") if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded documents are private: they are never served under MEDIA_URL, only through views
# that check access. The limit is the one announced next to every upload field.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

DSFR_USE_INTEGRITY_CHECKSUMS = False

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mon Espace CNM <monespace@cnm.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = "monespace@cnm.fr"
CONTACT_PHONE = "01 83 75 26 79"

# --- registries (SIRENE / RNA) ---------------------------------------------------------------
# "offline": the directory shipped in espace_pro/data (default, tests); "http": the public
# "API Recherche d'entreprises".
REGISTRY_BACKEND = env.str("REGISTRY_BACKEND", default="offline")
REGISTRY_HTTP_URL = env.str(
    "REGISTRY_HTTP_URL", default="https://recherche-entreprises.api.gouv.fr"
)

# --- payments leaving the CNM (virements) ------------------------------------------------
# The debtor of every SEPA credit-transfer file. Production sets the CNM's real account; the
# embedded default is a demo account (valid checksum, Banque de France bank code), which a bank
# would reject.
VIREMENTS_DEBTOR_NAME = env.str("VIREMENTS_DEBTOR_NAME", default="Centre national de la musique")
if PRODUCTION:  # the CNM's own account: never the demo one in production
    VIREMENTS_DEBTOR_IBAN = env.str("VIREMENTS_DEBTOR_IBAN")
    VIREMENTS_DEBTOR_BIC = env.str("VIREMENTS_DEBTOR_BIC")
else:
    VIREMENTS_DEBTOR_IBAN = env.str("VIREMENTS_DEBTOR_IBAN", default="FR7630001000640000004012348")
    VIREMENTS_DEBTOR_BIC = env.str("VIREMENTS_DEBTOR_BIC", default="BDFEFRPPCCT")

# The seller's identifiers printed on the shop's invoices (the CNM's SIRET and intra-community
# VAT number); empty, the invoice shows the CNM's name and address only.
BOUTIQUE_SELLER_SIRET = env.str("BOUTIQUE_SELLER_SIRET", default="")
BOUTIQUE_SELLER_VAT_NUMBER = env.str("BOUTIQUE_SELLER_VAT_NUMBER", default="")

# --- Celery --------------------------------------------------------------------------------
_broker = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not _broker)
CELERY_BROKER_URL = _broker or "memory://"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A request never waits on an unreachable broker: short timeouts, no publish retries. What
# could not be published stays in the outbox and the relay sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
    "max_retries": 0,
}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {
        "task": "cnm_portal.tasks.relay_outbox",
        "schedule": 60.0,
    },
    "affiliation-cancel-overdue": {
        "task": "affiliation.tasks.cancel_overdue_requests",
        "schedule": crontab(hour=6, minute=5),
    },
    "affiliation-reminders": {
        "task": "affiliation.tasks.send_expiry_reminders",
        "schedule": crontab(hour=6, minute=15),
    },
    "affiliation-expire": {
        "task": "affiliation.tasks.expire_affiliations",
        "schedule": crontab(hour=0, minute=10),
    },
    "taxe-liquidation": {
        "task": "taxe.tasks.liquidate",
        "schedule": crontab(hour=2, minute=30),
    },
    "taxe-deadline-reminders": {
        "task": "taxe.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "taxe-threshold-year-end": {
        "task": "taxe.tasks.settle_threshold_year_end",
        "schedule": crontab(hour=3, minute=0, day_of_month=17, month_of_year=4),
    },
    "espace-pro-identity-documents": {
        "task": "espace_pro.tasks.expire_identity_documents",
        "schedule": crontab(hour=4, minute=20),
    },
    "aides-lapse-incomplete": {
        "task": "aides.tasks.lapse_incomplete_dossiers",
        "schedule": crontab(hour=0, minute=30),
    },
    "compte-entrepreneur-daily": {
        # planned transfers, cancellation of expired rights, warnings 90 days before
        "task": "compte_entrepreneur.tasks.daily",
        "schedule": crontab(hour=0, minute=45),
    },
    "aides-bilan-reminders": {
        "task": "aides.tasks.send_bilan_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "aides-order-versements": {
        "task": "aides.tasks.order_ready_versements",
        "schedule": crontab(minute=40),
    },
    "aides-schedules-not-kept": {
        "task": "aides.tasks.mark_schedules_not_kept",
        "schedule": crontab(hour=6, minute=45),
    },
    "annonces-close-expired": {
        "task": "annonces.tasks.close_expired_ads",
        "schedule": crontab(hour=0, minute=5),
    },
    "alertes-daily": {
        "task": "alertes.tasks.send_daily_alerts",
        "schedule": crontab(hour=7, minute=10),
    },
    "formations-daily": {
        # session reminders, waiting list moves after expired offers
        "task": "formations.tasks.daily",
        "schedule": crontab(hour=7, minute=20),
    },
    "rdv-reminders": {
        "task": "rdv.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "outbox-purge": {
        "task": "cnm_portal.tasks.purge_outbox",
        "schedule": crontab(hour=3, minute=17),
    },
}

# --- security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
    },
}
