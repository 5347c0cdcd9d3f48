"""Requests per second of a production server on loopback: the login page and a people list page.

    python bench/serve.py --server gunicorn|granian --port 8101 --workers 5 --seconds 15 --clients 8

gunicorn is a dependency; granian is not (install it for the comparison only:
``VIRTUAL_ENV=.venv .tools/bin/uv pip install granian``). Run ``manage.py collectstatic`` first: demo
mode serves the hashed static files.

Starts the server over the database in DATABASE_URL (DTBD_MODE=demo, so a signed-in demo officer
exists), signs one session in as ``can_bo_so_y_te``, then runs CLIENTS threads, each a keep-alive-less
loop of GETs, for SECONDS per page. Prints requests/s, median and p95 latency and errors per page.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

PAGES = {"login": "/dang-nhap/", "people list": "/nhan-su/?page=3", "people search": "/nhan-su/?q=nguy%E1%BB%85n"}


def server_command(server: str, port: int, workers: int) -> list[str]:
    if server == "gunicorn":
        return [sys.executable, "-m", "gunicorn", "dtbd.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--access-logfile", "/dev/null"]
    return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--no-ws", "dtbd.wsgi:application"]


def sign_in(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/dang-nhap/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = urllib.parse.urlencode({"username": "can_bo_so_y_te", "password": "demo-dtbd",
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/dang-nhap/", data=data, headers={"Referer": f"{base}/dang-nhap/"}))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def load(url: str, cookie: str, seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=30) as r:
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            latencies.append(time.perf_counter() - start)
            errors[0] += not ok

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    begun = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - begun
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors[0],
            "median_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", choices=("gunicorn", "granian"), default="gunicorn")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    env = {**os.environ, "DTBD_MODE": os.environ.get("DTBD_MODE", "demo")}
    server = subprocess.Popen(server_command(args.server, args.port, args.workers), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/dang-nhap/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        cookie = sign_in(base)
        load(f"{base}/dang-nhap/", cookie, 2, args.clients)  # warm every worker
        print(f"{args.server}, {args.workers} workers, {args.clients} clients, {args.seconds:g} s per page,"
              f" load average {os.getloadavg()[0]:.1f}")
        for name, path in PAGES.items():
            r = load(base + path, cookie, args.seconds, args.clients)
            print(f"  {name:14} {r['rps']:7.1f} req/s  median {r['median_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms"
                  f"  {r['requests']} requests, {r['errors']} errors")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
