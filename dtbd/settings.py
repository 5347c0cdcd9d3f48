"""Settings for dtbd, read from the environment.

Every value comes from an environment variable read by a tiny helper that fails
loudly on a malformed value. ``DTBD_MODE`` says which kind of instance this is:

- ``development`` (default): DEBUG on, local hosts only, an insecure key is tolerated;
- ``demo``: like development, and ``dtbd demo`` may create the demo accounts;
- ``production``: DEBUG off; ``DTBD_SECRET_KEY`` and ``DTBD_ALLOWED_HOSTS`` are required.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

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


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise ImproperlyConfigured(f"{name}={raw!r} không hợp lệ: cần một số nguyên dương.")
    return int(raw)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


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
DEBUG = env_bool("DTBD_DEBUG", MODE != "production")

if MODE == "production":
    SECRET_KEY = env_str("DTBD_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DTBD_ALLOWED_HOSTS", "")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("DTBD_ALLOWED_HOSTS phải liệt kê tên miền cụ thể (không dùng *).")
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
    "apps.demo",
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

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = MODE == "production"
CSRF_COOKIE_SECURE = MODE == "production"
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# What one imported file (web or CLI) may hold; apps.core.tabular.Limits checks them before reading.
DTBD_IMPORT_MAX_BYTES = env_int("DTBD_IMPORT_MAX_MB", 20) * 1024 * 1024
DTBD_IMPORT_MAX_UNCOMPRESSED = env_int("DTBD_IMPORT_MAX_UNCOMPRESSED_MB", 200) * 1024 * 1024  # an xlsx, unzipped
DTBD_IMPORT_MAX_SHARED_STRINGS = env_int("DTBD_IMPORT_MAX_SHARED_STRINGS_MB", 50) * 1024 * 1024  # its text part
DTBD_IMPORT_MAX_ROWS = env_int("DTBD_IMPORT_MAX_ROWS", 200_000)

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("DTBD_LOG_LEVEL", "warning", ("debug", "info", "warning", "error")).upper(),
    },
}
