"""Settings for dtbd, read from the environment.

Every value comes from an environment variable read by a tiny helper that fails
loudly on a malformed value. ``DTBD_MODE`` says which kind of instance this is:

- ``development`` (default): DEBUG on, local hosts only, an insecure key is tolerated;
- ``demo``: DEBUG off (``DTBD_DEBUG=1`` may turn it on), local hosts, and ``dtbd demo`` may create
  the demo accounts;
- ``production``: DEBUG always off; ``DTBD_SECRET_KEY`` (at least 50 characters, varied) and
  ``DTBD_ALLOWED_HOSTS`` are required; secure cookies, HSTS and an HTTPS redirect are on.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

MODES = ("development", "demo", "production")


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Thiếu biến môi trường bắt buộc {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} không hợp lệ: dùng 1/0, true/false, yes/no.")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} không hợp lệ: chọn một trong {', '.join(choices)}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} không hợp lệ: cần một số nguyên.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} không hợp lệ: cần một số nguyên từ {minimum} trở lên.")
    return value


def strong_secret_key(name: str, value: str) -> str:
    """Refuse a key Django's deploy check would call weak (security.W009): under 50 characters,
    fewer than 5 distinct characters, or Django's generated insecure prefix."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"{name} quá yếu: cần ít nhất 50 ký tự, nhiều ký tự khác nhau (ví dụ tạo bằng "
            "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`)."
        )
    return value


def env_origins(name: str) -> list[str]:
    origins = env_list(name, "")
    for origin in origins:
        parsed = urlparse(origin)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.path not in ("", "/"):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} không hợp lệ: mỗi nguồn có dạng https://ten.mien (cách nhau bằng dấu phẩy)."
            )
    return [origin.rstrip("/") for origin in origins]


def database_from_url(url: str) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pw@host:port/db`` into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if path.startswith("/") and url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            path = path[1:]
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: thiếu đường dẫn tệp SQLite.")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if os.path.isabs(path) else str(BASE_DIR / path),
            # The counting queries read a few hundred MB at a province's size: a memory-mapped file
            # and a 64 MB page cache halve their time (bench/RESULTS.md, targets section).
            "OPTIONS": {
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
                                 " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    if parsed.scheme in ("postgres", "postgresql"):
        if not parsed.path.strip("/"):
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: thiếu tên cơ sở dữ liệu.")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            # JIT compilation costs 1–4 s on the target and standards queries and saves nothing
            # at a province's size (bench/RESULTS.md, standards section). work_mem 64 MB: a target's
            # "person IN (people trained)" test inside COUNT … FILTER stays a hashed subplan only
            # while the set fits; with the server's 4 MB five targets never finish at 2,000,000
            # people (bench/RESULTS.md, targets at 2,040,000 people).
            "OPTIONS": {"options": "-c jit=off -c work_mem=64MB"},
            # Parallel test runs on one server need distinct test databases.
            "TEST": {"NAME": os.environ.get("DTBD_TEST_DATABASE") or None},
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL={url!r} không hợp lệ: chỉ hỗ trợ sqlite:///đường/dẫn và postgres://…"
    )


MODE = env_choice("DTBD_MODE", "development", MODES)
DEMO_MODE = MODE == "demo"
PRODUCTION = MODE == "production"
# DEBUG prints settings and tracebacks to whoever meets an error: development only, unless a demo
# is explicitly debugged; production refuses it outright rather than ignoring the request.
DEBUG = env_bool("DTBD_DEBUG", MODE == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DTBD_DEBUG=1 không được dùng ở chế độ production (DTBD_MODE=production).")

if PRODUCTION:
    ALLOWED_HOSTS = env_list("DTBD_ALLOWED_HOSTS", "")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("DTBD_ALLOWED_HOSTS phải liệt kê tên miền cụ thể (không dùng *).")
    SECRET_KEY = strong_secret_key("DTBD_SECRET_KEY", env_str("DTBD_SECRET_KEY"))
else:
    SECRET_KEY = env_str("DTBD_SECRET_KEY", "dtbd-insecure-development-key-do-not-use-in-production")
    ALLOWED_HOSTS = env_list("DTBD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "apps.core",
    "apps.accounts",
    "apps.organization",
    "apps.people",
    "apps.training",
    "apps.plans",
    "apps.standards",
    "apps.dashboard",
    "apps.privacy",
    "apps.demo",
    "apps.backup",
    "apps.documents",
    "apps.notifications",
    "apps.jobs",
    "apps.roadmap",
    "apps.annual",
    "apps.evaluation",
    "apps.portal",
    "apps.reports",
    "apps.catalogues",
    "apps.results",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.accounts.access.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.middleware.ServerTimingMiddleware",
]

ROOT_URLCONF = "dtbd.urls"
WSGI_APPLICATION = "dtbd.wsgi.application"

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
                "apps.accounts.context_processors.role",
                "apps.notifications.context_processors.bell",
            ],
            "builtins": ["apps.core.templatetags.vn"],
        },
    }
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///var/dtbd.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "people:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

# --- Static files, error pages and security headers (feat/server) -------------------------------
# WhiteNoise serves /static/ from the production server itself: compressed (gzip, brotli when
# installed) and with hashed names cached for a year. Demo and production use the manifest
# (`dtbd serve` runs collectstatic first); development and the test suite read the files straight
# from static/ so they need no collectstatic.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DTBD_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files (roadmap products) and files made by background jobs; never served as static files:
# views hand them out after checking who asks.
MEDIA_ROOT = Path(env_str("DTBD_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/tep/"
STATIC_MANIFEST = env_bool("DTBD_STATIC_MANIFEST", MODE != "development")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Without the manifest WhiteNoise reads static/ through the finders; an uncollected STATIC_ROOT is normal.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                  "django.middleware.csp.ContentSecurityPolicyMiddleware")

# No inline script or style anywhere: every script and stylesheet is a file under static/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind a TLS reverse proxy: DTBD_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto (the proxy must
# set it on every request), so request.is_secure() holds and secure cookies and CSRF work.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DTBD_PROXY_SSL_HEADER", False) else None
CSRF_TRUSTED_ORIGINS = env_origins("DTBD_CSRF_TRUSTED_ORIGINS")
SECURE_SSL_REDIRECT = env_bool("DTBD_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("DTBD_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DTBD_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DTBD_HSTS_PRELOAD", PRODUCTION)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), never from the cookie
SESSION_COOKIE_SECURE = env_bool("DTBD_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# --- end feat/server ------------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# What one imported file (web or CLI) may hold; apps.core.tabular.Limits checks them before reading.
DTBD_IMPORT_MAX_BYTES = env_int("DTBD_IMPORT_MAX_MB", 20, minimum=1) * 1024 * 1024
DTBD_IMPORT_MAX_UNCOMPRESSED = env_int("DTBD_IMPORT_MAX_UNCOMPRESSED_MB", 200, minimum=1) * 1024 * 1024  # an xlsx, unzipped
DTBD_IMPORT_MAX_SHARED_STRINGS = env_int("DTBD_IMPORT_MAX_SHARED_STRINGS_MB", 50, minimum=1) * 1024 * 1024  # its text part
DTBD_IMPORT_MAX_ROWS = env_int("DTBD_IMPORT_MAX_ROWS", 200_000, minimum=1)
DTBD_EXPORT_BACKGROUND_ROWS = env_int("DTBD_EXPORT_BACKGROUND_ROWS", 5000, minimum=0)  # longer web exports: a background job
# an approximate target goal ("khoảng 6.500 học viên", goal.about) is met within this share of it
# unless the plan states its own goal.tolerance (docs/target-language.md)
DTBD_TARGET_TOLERANCE = env_int("DTBD_TARGET_TOLERANCE_PERCENT", 10)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("DTBD_LOG_LEVEL", "warning", ("debug", "info", "warning", "error")).upper(),
    },
}


# --- Runtime: shared cache, database connection pool, background tasks --------------------------
# Nothing that must agree between server processes lives in one process: the cache is Redis when
# REDIS_URL is set, else a table of the database (created by apps/core's migrations).


def _env_count(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}={raw!r} không hợp lệ: cần một số nguyên không âm.")
    return int(raw)


REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if urlparse(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} không hợp lệ: dùng redis://máy:cổng/số_db.")
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "dtbd"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dtbd_cache"}}


def _pooled(database: dict) -> dict:
    """PostgreSQL through psycopg's connection pool, one pool per server process. Its size: at
    most DTBD_DB_POOL_MAX connections (default: the process's threads, DTBD_THREADS, plus one), so
    PostgreSQL sees at most workers × that; a request waits up to DTBD_DB_POOL_TIMEOUT seconds for
    a free one. Every connection is checked before it is handed out, so connections the server
    dropped (a restart, pg_terminate_backend) are replaced instead of failing a request.
    DTBD_DB_POOL_MAX=0 turns pooling off: then one persistent connection per thread, health-checked
    at each request's start."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        return database
    maximum = _env_count("DTBD_DB_POOL_MAX", _env_count("DTBD_THREADS", 1) + 1)
    if maximum == 0:
        return {**database, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    minimum = min(_env_count("DTBD_DB_POOL_MIN", 1), maximum)
    from psycopg_pool import ConnectionPool

    pool = {"min_size": minimum, "max_size": maximum, "timeout": _env_count("DTBD_DB_POOL_TIMEOUT", 10),
            "check": ConnectionPool.check_connection}
    return {**database, "CONN_MAX_AGE": 0, "OPTIONS": {**database.get("OPTIONS", {}), "pool": pool}}


DATABASES["default"] = _pooled(DATABASES["default"])

# Background tasks are rows of the database, run by `dtbd worker` (django-tasks-db's db_worker).
INSTALLED_APPS += ["django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Database sessions whose failed load reports the database error, not an AttributeError
# (apps/core/sessions.py).
SESSION_ENGINE = "apps.core.sessions"

# --- Mail (apps/notifications) ------------------------------------------------------------------
# Demo and development print mails on the console; production sends through SMTP (DTBD_EMAIL_HOST…).
# The test suite uses Django's in-memory outbox whatever is set here.
_MAIL_BACKEND = env_str("DTBD_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
                        else "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": {} if "smtp" not in _MAIL_BACKEND else {
    "host": env_str("DTBD_EMAIL_HOST", "localhost"), "port": env_int("DTBD_EMAIL_PORT", 25),
    "username": env_str("DTBD_EMAIL_USER", ""), "password": env_str("DTBD_EMAIL_PASSWORD", ""),
    "use_tls": env_bool("DTBD_EMAIL_TLS", False)}}}
DEFAULT_FROM_EMAIL = env_str("DTBD_EMAIL_FROM", "dtbd <khong-tra-loi@localhost>")
# The address links in e-mails and the calendar feed start with (e.g. https://dtbd.soctrang.gov.vn).
DTBD_SITE_URL = env_str("DTBD_SITE_URL", "http://127.0.0.1:8000")

# --- feat/roadmap: the roadmap's tasks ----------------------------------------------------------
# Products are stored through the default storage under MEDIA_ROOT and read only through their
# task's scoped download view (apps/roadmap).
ROADMAP_MAX_PRODUCT_BYTES = env_int("DTBD_ROADMAP_MAX_PRODUCT_MB", 20, minimum=1) * 1024 * 1024
# "02 lần/năm": the due dates (month, day) of each time in the year; other counts split the year evenly.
ROADMAP_TIMES_PER_YEAR = {2: ((6, 30), (12, 31))}
