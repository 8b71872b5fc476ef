"""All settings of the site. Production differs from development only by environment variables.

See `.env.example` for every variable. With only ``DJANGO_DEBUG=false``, a strong ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOSTS`` set, ``manage.py check --deploy --fail-level WARNING`` reports nothing.

Conventions (tests/test_settings.py holds the code to them):
- every value that may differ between deployments is read here through the ``config.env`` helpers, which
  stop the process at start-up with the variable's name when a value is malformed;
- Django's own settings come from ``DJANGO_<NAME>``; the project's own from ``<APP>_<NAME>`` (``MATCHING_TOP_K``,
  ``PROPOSALS_STANDSTILL_DAYS``) or a plain name (``SITE_URL``), and a setting's variable has the setting's name;
- every setting the code reads is declared in this module (no ``getattr(settings, "X", default)``), and every
  variable read is listed in ``.env.example``. A new group (a task queue, a cache) gets its own block below.
"""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_choice,
    env_database,
    env_dotted_path,
    env_float,
    env_int,
    env_list,
    env_pattern,
    env_rate,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production-0123456789"  # noqa: S105 - used only with DJANGO_DEBUG=true
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set the DJANGO_SECRET_KEY environment variable (a development key is used only when DJANGO_DEBUG=true)."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif len(SECRET_KEY) < 50 and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long in production.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated host names) when DJANGO_DEBUG=false.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first, in layer order: their translations then take precedence over Django's and
    # third-party ones for shared msgids ("Filter" is 筛选 here, not the admin's 过滤器), and seed_demo runs
    # each app's demo in this order.
    "core",
    "directory",
    "catalog",
    "matching",
    "proposals",
    "fairs",
    "talent",
    "funding",
    "insights",
    "workspace",
    "opendata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses NUL and lone surrogates in the path, query string and form bodies with 400 (core/sanitize.py).
    "core.sanitize.InputSanitizerMiddleware",
    # A database that is down or a statement/lock timeout: 503 with Retry-After (JSON under /api/), not a 500.
    "core.errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Membership facts are cached on the user for one request only.
    "directory.middleware.AffiliationsCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sets the acting user of audit-trail entries for page requests (services also set it explicitly).
    "core.audit.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a locked-out login (django-axes) with 429.
    "axes.middleware.AxesMiddleware",
    # Last: serves anonymous public pages from the cache (core/pagecache.py; docs/performance.md).
    "core.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspace.context_processors.roles",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Fail fast instead of queueing behind a stuck statement or lock (PostgreSQL); milliseconds, 0 = no limit. Keep the
# statement timeout below gunicorn's worker timeout (gunicorn.conf.py); workers running the full recompute or
# `manage.py migrate` may set a larger one in their own environment.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", default=20_000, minimum=0)
DATABASE_LOCK_TIMEOUT_MS = env_int("DATABASE_LOCK_TIMEOUT_MS", default=5_000, minimum=0)
# SQLite (the `make run` default): write-ahead log so readers never wait for the writer, transactions that take
# the write lock at BEGIN (no deadlock-upgrade "database is locked"), and writers wait up to this many seconds.
DATABASE_SQLITE_BUSY_TIMEOUT_S = env_int("DATABASE_SQLITE_BUSY_TIMEOUT_S", default=20, minimum=1)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS} -c lock_timeout={DATABASE_LOCK_TIMEOUT_MS}"
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": DATABASE_SQLITE_BUSY_TIMEOUT_S,
        }
    )

_redis_url = env_url("REDIS_URL", schemes=("redis", "rediss"))
if _redis_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages and API lists are cached server-side for at most this many seconds (0 turns it off);
# every change of public content invalidates them at once (core/pagecache.py).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=60, minimum=0)
# Row counts of the public lists change only with the content (they are keyed by the content version and their SQL,
# which carries the time when a filter depends on the clock), so they may outlive the pages; at least
# PAGE_CACHE_SECONDS, and nothing is cached when that is 0.
PAGE_CACHE_COUNT_SECONDS = env_int("PAGE_CACHE_COUNT_SECONDS", default=3600, minimum=0)
PAGE_CACHE_STAMP = BASE_DIR / "var" / "pagecache.stamp"
PAGE_CACHE_VIEWS = frozenset(
    {
        "home",
        "catalog:scenario-list",
        "catalog:scenario-detail",
        "catalog:solution-list",
        "catalog:solution-detail",
        "talent:course-list",
        "talent:course-detail",
        "talent:session-detail",
        "api:scenario-list",
        "api:scenario-detail",
        "api:solution-list",
        "api:solution-detail",
        "api:course-list",
        "api:course-detail",
        "api:session-list",
        "api:session-detail",
    }
)
# Sessions live in the database (or Redis through the cache) so web processes stay stateless.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if _redis_url else "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "directory.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name or client address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own number formats first (config/formats/zh_Hans groups digits by three with commas).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: the console in development, SMTP otherwise.
EMAIL_BACKEND = env_dotted_path(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="Smart County Exchange <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict unless debugging. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Load balancers probe these over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts and styles only from the site's own static files — no inline
# script, no inline event handler, nothing from another origin. Bootstrap's form controls draw data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): the site uses none of these browser features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Reverse proxies in front of the site that append to X-Forwarded-For. 0 (no proxy): the client address is
# REMOTE_ADDR and X-Forwarded-For is ignored, so a client cannot choose the address its throttles and lockouts
# count against. With N proxies the address N entries from the right of X-Forwarded-For is taken.
NUM_PROXIES = env_int("NUM_PROXIES", default=0, minimum=0)

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name, or from one client
# address, further attempts are refused (429) for AXES_COOLOFF_TIME hours, even with the right password.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_TIME", default=1.0, minimum=0.01)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_USERNAME_CALLABLE = "core.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous request is answered 401 with a WWW-Authenticate header.
        # The site's subclasses make the authenticated user the actor of the request's audit entries.
        "core.authentication.TokenAuthentication",
        "core.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # The site's parsers: JSON with a depth limit, and every parser refusing NUL and lone surrogates (400).
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser", "core.parsers.FormParser", "core.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 20,
    # drf-spectacular's AutoSchema plus the error statuses every operation can answer (core/schema.py).
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "auth-token": env_rate("DJANGO_TOKEN_THROTTLE_RATE", default="10/min"),
        # Password-reset and sign-up forms, per client address and per e-mail address (core/security.py).
        "account-mail": env_rate("DJANGO_ACCOUNT_MAIL_THROTTLE_RATE", default="5/hour"),
    },
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}

# ---------------------------------------------------------------- the project's own settings

# The site's public address, e.g. https://exchange.example.gov.cn: links in notification e-mails are made
# absolute with it. Empty: e-mails carry the site-relative path.
SITE_URL = env_url("SITE_URL", default="")

# Open data (opendata/, docs/open-data.md). The OCDS ocid prefix is "ocds-" + six characters, assigned by the Open
# Contracting Partnership to a publisher (the default is a placeholder: register one before publishing to a
# registry); each scenario's ocid is the prefix + "-sce-" + its id. The publisher named in every file.
OCDS_OCID_PREFIX = env_pattern(
    "OCDS_OCID_PREFIX", "ocds-sce000", r"ocds-[a-z0-9]{6}", 'the "ocds-" prefix and six lowercase letters or digits'
)
# Whether the awarded price (the winning proposal's) is open data once the award is final. DESIGN.md keeps proposal
# prices private; issue 10 publishes contract values after the award notice: false keeps every price out.
OPEN_DATA_AWARD_VALUES = env_bool("OPEN_DATA_AWARD_VALUES", default=True)
OPEN_DATA_PUBLISHER = env_str("OPEN_DATA_PUBLISHER", default="智慧县域场景对接平台 Smart County Exchange") or ""

# Days after an award during which bidders may object before it becomes final.
PROPOSALS_STANDSTILL_DAYS = env_int("PROPOSALS_STANDSTILL_DAYS", default=10, minimum=0)
# Sign-offs an acceptance (验收) committee needs by default; the owner office may ask for more when it names one.
PROPOSALS_ACCEPTANCE_QUORUM = env_int("PROPOSALS_ACCEPTANCE_QUORUM", default=2, minimum=1)

# Catalog exports (?as=csv|json on the scenario and solution lists) of up to this many rows are the answer to the
# request; larger ones are built by a background job and downloaded from /jobs/. Bulk imports (/catalog/import/)
# accept files up to CATALOG_IMPORT_MAX_MB.
CATALOG_EXPORT_INLINE_ROWS = env_int("CATALOG_EXPORT_INLINE_ROWS", default=2_000, minimum=1)
CATALOG_IMPORT_MAX_MB = env_int("CATALOG_IMPORT_MAX_MB", default=20, minimum=1)

# Matching: suggestions kept per scenario and per solution, and the score (0–1) below which a pair is never
# suggested (with few documents a top-k list would otherwise fill up with unrelated items).
MATCHING_TOP_K = env_int("MATCHING_TOP_K", default=10, minimum=1)
MATCHING_MIN_SCORE = env_float("MATCHING_MIN_SCORE", default=0.2, minimum=0.0, maximum=1.0)
# Blocks of scenarios the nightly full recompute is split into, run in parallel by the Celery workers (a chord);
# 1 recomputes in one task.
MATCHING_RECOMPUTE_SHARDS = env_int("MATCHING_RECOMPUTE_SHARDS", default=1, minimum=1)

# ---------------------------------------------------------------- background work (Celery, config/celery.py)

# The broker (and result store) defaults to REDIS_URL; give it its own database number in production so that a
# cache flush never drops queued tasks. Without a broker every task runs at once in the sending process (eager),
# so `make run` and `make test` need no Redis and no worker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default=_redis_url or "") or ""
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Deployments (or test runs) sharing one Redis keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 24 * 3600
# At-least-once: a task is acknowledged when it finished, and re-queued if its worker died; tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", default=300, minimum=1)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Periodic jobs run by `celery -A config beat` (each is idempotent, so a missed or doubled run is harmless).
CELERY_BEAT_SCHEDULE = {
    "close-expired-scenarios": {"task": "catalog.close_expired_scenarios", "schedule": 300.0},
    "deliver-outbox": {"task": "core.deliver_outbox", "schedule": 60.0},
    "daily-digests": {"task": "core.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
    "proposal-reminders": {"task": "proposals.send_reminders", "schedule": 600.0},
    "finalise-awards": {"task": "proposals.finalise_awards", "schedule": 900.0},
    "full-suggestion-recompute": {"task": "matching.full_recompute", "schedule": crontab(hour=3, minute=30)},
    "unmatched-phrases": {"task": "matching.refresh_unmatched_phrases", "schedule": crontab(hour=3, minute=10)},
    "forget-task-records": {"task": "core.forget_old_records", "schedule": crontab(hour=4, minute=15)},
    "refresh-insights": {"task": "insights.refresh", "schedule": crontab(hour=2, minute=40)},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Smart County Exchange API",
    "DESCRIPTION": "智慧县域场景对接平台 — regions, organisations, scenarios, solutions, matching and training.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Distinct names for choice sets that share a field name across apps (kind, level).
    "ENUM_NAME_OVERRIDES": {
        "SkillKindEnum": "talent.models.Skill.Kind",
        "ExchangeKindEnum": "talent.models.Exchange.Kind",
        "ProficiencyLevelEnum": "talent.models.Level",
        "RegionLevelEnum": "directory.models.Region.Level",
        # Every app has a "status" (and some a "language"): name each set after its model.
        "MembershipStatusEnum": "directory.models.Membership.Status",
        "ScenarioStatusEnum": "catalog.models.Scenario.Status",
        # Solutions and courses share draft / published / archived.
        "PublicationStatusEnum": "catalog.models.Solution.Status",
        "SessionStatusEnum": "talent.models.Session.Status",
        "OccurrenceStatusEnum": "talent.models.Occurrence.Status",
        "EnrolmentStatusEnum": "talent.models.Enrolment.Status",
        "AttendanceStatusEnum": "talent.models.Attendance.Status",
        "ExchangeStatusEnum": "talent.models.Exchange.Status",
        "FairParticipantSideEnum": "fairs.models.Participant.Side",
        "SideEnum": "matching.models.SuggestionFeedback.Side",
        "ProposalStatusEnum": "proposals.models.Proposal.Status",
        "ZoneEnum": "directory.models.Region.Zone",
        "CourseLanguageEnum": "talent.models.Course.Language",
        "ContentLanguageEnum": [("zh", "中文"), ("en", "English")],
        "GrantKindEnum": "funding.models.Grant.Kind",
        "GrantStatusEnum": "funding.models.Grant.Status",
        "PanelSeatRoleEnum": "proposals.models.PanelSeat.Role",
        "PanelSeatStatusEnum": "proposals.models.PanelSeat.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "DJANGO_LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
        ),
    },
}

SITE_NAME = _("Smart County Exchange")
