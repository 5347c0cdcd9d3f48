"""Production hardening: settings refused from the environment, error pages that reveal nothing,
security headers, sign-in behind a TLS reverse proxy, a clean ``check --deploy``, static files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

from dtbd import urls as project_urls

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "q7Vb-2mXz9_RkT4wPn8sLc1HyJd6FgAe3UoZiKx5NtQrMvWbYp0aSeDf"
PRODUCTION_ENV = {
    "PATH": "/usr/bin:/bin",
    "DTBD_MODE": "production",
    "DTBD_SECRET_KEY": STRONG_KEY,
    "DTBD_ALLOWED_HOSTS": "dtbd.soctrang.gov.vn",
    "DTBD_PROXY_SSL_HEADER": "1",
    "DTBD_CSRF_TRUSTED_ORIGINS": "https://dtbd.soctrang.gov.vn",
    "DATABASE_URL": "sqlite:///var/test-production-check.sqlite3",
}
PROBE = ("import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'dtbd.settings'; django.setup();"
         "from django.conf import settings as s; print(json.dumps({n: getattr(s, n) for n in %r}, default=str))")


def _settings_in(env: dict, *names: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE % (names,)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def _values(env: dict, *names: str) -> dict:
    result = _settings_in(env, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- settings read from the environment ---------------------------------------------------------

def test_production_refuses_a_short_secret_key_naming_the_variable():
    result = _settings_in({**PRODUCTION_ENV, "DTBD_SECRET_KEY": "ngan-qua-" * 4}, "DEBUG")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DTBD_SECRET_KEY quá yếu" in result.stderr


def test_production_refuses_a_long_key_of_low_variety():
    result = _settings_in({**PRODUCTION_ENV, "DTBD_SECRET_KEY": "abab" * 20}, "DEBUG")
    assert result.returncode != 0
    assert "DTBD_SECRET_KEY quá yếu" in result.stderr


def test_dtbd_debug_cannot_turn_debug_on_in_production():
    result = _settings_in({**PRODUCTION_ENV, "DTBD_DEBUG": "1"}, "DEBUG")
    assert result.returncode != 0
    assert "DTBD_DEBUG=1 không được dùng ở chế độ production" in result.stderr


def test_demo_runs_with_debug_off_and_development_with_debug_on():
    base = {"PATH": "/usr/bin:/bin"}
    assert _values({**base, "DTBD_MODE": "demo"}, "DEBUG") == {"DEBUG": False}
    assert _values({**base, "DTBD_MODE": "development"}, "DEBUG") == {"DEBUG": True}


def test_production_settings_are_hardened():
    values = _values(PRODUCTION_ENV, "DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                     "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
                     "SESSION_COOKIE_SAMESITE", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS",
                     "SECURE_SSL_REDIRECT", "X_FRAME_OPTIONS")
    assert values == {
        "DEBUG": False, "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax", "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "CSRF_TRUSTED_ORIGINS": ["https://dtbd.soctrang.gov.vn"], "SECURE_SSL_REDIRECT": True,
        "X_FRAME_OPTIONS": "DENY",
    }


@pytest.mark.parametrize(("name", "value", "message"), [
    ("DTBD_HSTS_SECONDS", "mot-nam", "DTBD_HSTS_SECONDS='mot-nam' không hợp lệ: cần một số nguyên"),
    ("DTBD_HSTS_SECONDS", "-1", "cần một số nguyên từ 0 trở lên"),
    ("DTBD_CSRF_TRUSTED_ORIGINS", "dtbd.soctrang.gov.vn", "DTBD_CSRF_TRUSTED_ORIGINS: 'dtbd.soctrang.gov.vn' không hợp lệ"),
    ("DTBD_PROXY_SSL_HEADER", "co", "DTBD_PROXY_SSL_HEADER='co' không hợp lệ"),
])
def test_a_bad_value_is_refused_with_a_message_naming_the_variable(name, value, message):
    result = _settings_in({**PRODUCTION_ENV, name: value}, "DEBUG")
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            env=PRODUCTION_ENV, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_dtbd_manage_passes_arguments_through_to_django():
    dtbd = Path(sys.executable).with_name("dtbd")
    result = subprocess.run([str(dtbd), "manage", "check", "--deploy"], env=PRODUCTION_ENV, cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


# --- error pages (the test client runs with DEBUG off) ------------------------------------------

def _boom(request):
    raise RuntimeError("secret-detail-from-the-database /srv/dtbd/settings.py")


urlpatterns = [path("thu-loi/", _boom), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@pytest.mark.urls("apps.core.tests.test_production")
def test_an_exception_gives_the_vietnamese_500_page_without_a_traceback(client_as, settings):
    assert settings.DEBUG is False
    client = client_as("so_noi_vu")
    client.raise_request_exception = False
    response = client.get("/thu-loi/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in body
    for leak in ("Traceback", "RuntimeError", "secret-detail", "/srv/dtbd", "settings.py", "SECRET_KEY"):
        assert leak not in body


def test_the_500_page_renders_without_a_request_session_or_database():
    """No ``db`` fixture: pytest-django makes any query here an error."""
    from apps.core.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


def test_an_unknown_page_gives_the_vietnamese_404(client_as):
    response = client_as("can_bo_so_y_te").get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy" in body
    assert "Page not found" not in body and "urlpatterns" not in body


def test_a_bad_request_gives_the_vietnamese_400(db):
    response = Client().get("/dang-nhap/", HTTP_HOST="ke-la.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert "DisallowedHost" not in response.content.decode()


def test_a_missing_csrf_token_gives_the_vietnamese_403(db):
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
    assert "CSRF" not in response.content.decode()


# --- security headers ---------------------------------------------------------------------------

def test_pages_carry_a_csp_without_inline_script_and_the_security_headers(db):
    response = Client().get("/dang-nhap/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_template_holds_inline_script_style_or_event_handlers():
    import re

    offenders = []
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("apps/*/templates/**/*.html")]:
        if template.name.endswith("_pdf.html"):  # printed by WeasyPrint, never sent to a browser
            continue
        text = template.read_text()
        if (re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "<style" in text or " style=" in text
                or re.search(r"\son[a-z]+=", text) or "hx-on" in text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_hsts_is_sent_over_https_behind_the_proxy(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = Client().get("/dang-nhap/", HTTP_X_FORWARDED_PROTO="https")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in Client().get("/dang-nhap/").headers


# --- sign-in behind a TLS reverse proxy -----------------------------------------------------------

def _proxied_login(personas, *, forwarded_proto: str | None):
    from conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    extra = {"HTTP_HOST": "dtbd.soctrang.gov.vn"}
    if forwarded_proto:
        extra["HTTP_X_FORWARDED_PROTO"] = forwarded_proto
    client.get("/dang-nhap/", **extra)
    token = client.cookies["csrftoken"].value
    return client.post("/dang-nhap/", {"username": "can_bo_so_y_te", "password": PASSWORD,
                                       "csrfmiddlewaretoken": token},
                       HTTP_ORIGIN="https://dtbd.soctrang.gov.vn", **extra)


@pytest.fixture
def behind_tls_proxy(settings):
    settings.ALLOWED_HOSTS = ["dtbd.soctrang.gov.vn"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = ["https://dtbd.soctrang.gov.vn"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


def test_sign_in_behind_a_tls_proxy_redirects_instead_of_403(personas, behind_tls_proxy):
    response = _proxied_login(personas, forwarded_proto="https")
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]


def test_sign_in_behind_a_proxy_without_those_settings_is_refused_by_csrf(personas, settings):
    """The reported bug: the proxy speaks http to dtbd while the browser's Origin says https."""
    settings.ALLOWED_HOSTS = ["dtbd.soctrang.gov.vn"]
    assert _proxied_login(personas, forwarded_proto="https").status_code == 403


# --- static files ---------------------------------------------------------------------------------

def test_demo_mode_serves_hashed_compressed_static_files_after_collectstatic(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DTBD_MODE": "demo", "DTBD_STATIC_ROOT": str(tmp_path),
           "DATABASE_URL": "sqlite:///var/test-production-static.sqlite3"}
    collect = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env,
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert collect.returncode == 0, collect.stderr
    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'dtbd.settings'; django.setup();"
        "from django.templatetags.static import static; from django.test import Client;"
        "url = static('dtbd.css'); r = Client().get(url, HTTP_ACCEPT_ENCODING='gzip');"
        "h = Client().get(static('vendor/htmx.min.js'));"
        "print(url, r.status_code, r.headers.get('Content-Encoding'), r.headers.get('Cache-Control'), h.status_code, sep='|')"
    )
    result = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    url, status, encoding, cache, htmx_status = result.stdout.strip().split("|")
    assert url.startswith("/static/dtbd.") and url.endswith(".css") and url != "/static/dtbd.css"
    assert (status, encoding, htmx_status) == ("200", "gzip", "200")
    assert "immutable" in cache


def test_serve_runs_gunicorn_with_workers_access_logs_and_a_graceful_timeout():
    from apps.core.cli import gunicorn_argv

    argv = gunicorn_argv(addr="127.0.0.1:8101", workers=3, threads=2, timeout=60)
    assert argv[1:4] == ["-m", "gunicorn", "dtbd.wsgi:application"]
    options = dict(zip(argv[4::2], argv[5::2], strict=False))
    assert options["--bind"] == "127.0.0.1:8101"
    assert (options["--workers"], options["--threads"]) == ("3", "2")
    assert options["--access-logfile"] == "-"
    assert options["--graceful-timeout"] == "30"
    assert gunicorn_argv(addr="8102", workers=1, threads=1, timeout=1)[5] == "127.0.0.1:8102"


@pytest.mark.slow
def test_serve_answers_and_stops_gracefully_on_sigterm(tmp_path):
    import signal
    import time
    import urllib.request

    env = {**os.environ, "DTBD_MODE": "demo", "DTBD_STATIC_ROOT": str(tmp_path),
           "DATABASE_URL": "sqlite:///var/test-production-serve.sqlite3"}
    dtbd = Path(sys.executable).with_name("dtbd")
    server = subprocess.Popen([str(dtbd), "serve", "127.0.0.1:8103", "--workers", "1"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen("http://127.0.0.1:8103/static/vendor/htmx.min.js", timeout=2) as r:
                    status = r.status
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("dtbd serve did not answer")
        assert status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=40)[0]
    assert server.returncode == 0, output
    assert "GET /static/vendor/htmx.min.js" in output  # the access log, on stdout
    assert "Shutting down" in output or "Handling signal: term" in output


def test_serve_refuses_a_malformed_address_with_a_message(capsys):
    from dtbd import cli

    assert cli.main(["serve", "127.0.0.1:http"]) == 1
    assert "Địa chỉ “127.0.0.1:http” không hợp lệ" in capsys.readouterr().err


def test_the_reloading_development_server_is_dtbd_dev(capsys):
    from dtbd import cli

    with pytest.raises(SystemExit):
        cli.main(["dev", "--help"])
    assert "--no-reload" in capsys.readouterr().out
