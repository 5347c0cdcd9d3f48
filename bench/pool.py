"""Connections PostgreSQL sees under concurrent requests, and whether every request is answered.

Signs in as ``so_noi_vu`` (demo password), sends N GETs of /nhan-su/ with PAR at a time, and
samples pg_stat_activity for database DB every 50 ms. Against a running `dtbd serve` on a demo
database:

    .venv/bin/python bench/pool.py http://127.0.0.1:8112 200 100 runtime_demo
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import http.cookiejar
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import psycopg


def sign_in(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/dang-nhap/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": "so_noi_vu", "password": "demo-dtbd"}
    opener.open(urllib.request.Request(base + "/dang-nhap/", data=urllib.parse.urlencode(form).encode(),
                                       headers={"Referer": base + "/dang-nhap/"}))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main(base: str, n: int, parallel: int, db: str) -> None:
    cookie = sign_in(base)
    peak, stop = [0], threading.Event()

    def watch() -> None:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            while not stop.is_set():
                row = c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (db,)).fetchone()
                peak[0] = max(peak[0], row[0])
                time.sleep(0.05)

    def get(_):
        started = time.perf_counter()
        try:
            request = urllib.request.Request(base + "/nhan-su/", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                code = response.status
        except urllib.error.HTTPError as error:
            code = error.code
        except OSError as error:
            code = type(error).__name__
        return code, time.perf_counter() - started

    threading.Thread(target=watch, daemon=True).start()
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(parallel) as pool:
        results = list(pool.map(get, range(n)))
    wall = time.perf_counter() - t0
    stop.set()
    latencies = sorted(d for _, d in results)
    print("codes", dict(collections.Counter(c for c, _ in results)),
          f"wall {wall:.1f}s  {n / wall:.1f} req/s  p50 {latencies[len(latencies) // 2] * 1000:.0f} ms"
          f"  p95 {latencies[int(len(latencies) * .95)] * 1000:.0f} ms  peak PG connections {peak[0]}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
