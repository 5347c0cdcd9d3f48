"""Benchmark: 200 signed-in sessions on loopback against the production server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtbd_bench .venv/bin/python bench/load.py \
        [--sessions 200] [--seconds 120] [--workers 4] [--port 8190] [--think 1.0:4.0]

Runs on a database holding the demo province (``dtbd demo``, 60,000 people). Creates, once, bench
accounts (agency officers of the largest agencies, learners of distinct people), starts
``dtbd serve`` in production mode (DEBUG off, connection pool, the cache in ``REDIS_URL`` when set)
behind an emulated TLS proxy (``X-Forwarded-Proto: https``), signs every session in through the
real login form, then lets them browse until ``--seconds`` have passed:

- 60% agency officers: the people list, a search, a person page of their own agency;
- 20% Sở Nội vụ: the seed plan's dashboard and a target's drill-down;
- 20% learners: their own record.

Each session waits a random think time between requests (``--think`` seconds, uniform). Before
the timed run every dashboard page is requested once (a dashboard is computed once and then read
from the shared cache; its cold computation is timed in bench/dashboard.py). Reports per page the
count, errors, median, p95 and max latency seen by the client, the request rate, and the server's
CPU time and peak memory (all its processes, from /proc). Goal: 0 errors, p95 under 300 ms for
every page. Every request goes to 127.0.0.1 only and the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.list_search import _database_label, _machine  # noqa: E402

PASSWORD = "bench-load-x"
PLAN = "soc-trang-2021-2025"
GOAL_MS = 300.0
HOST = "127.0.0.1"


# --- setup (Django, in this process) -----------------------------------------------------------


def _setup() -> str:
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a database holding the demo province (dtbd demo).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


@dataclass
class Session:
    kind: str  # officer, home_affairs, learner
    username: str
    pages: list[tuple[str, list[str]]]  # (page label, paths of that kind): a label, then a path
    cookies: dict[str, str] = field(default_factory=dict)


def _accounts(sessions: int, seed: int) -> list[Session]:
    """Bench accounts and the pages each may open. Officers: one account per large agency."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from apps.accounts.services import user_create
    from apps.accounts.system import SYSTEM
    from apps.organization.models import Unit
    from apps.organization.selectors import children_map, subtree_ids
    from apps.people.models import Person
    from apps.plans.models import Plan

    rng = random.Random(seed)
    User = get_user_model()
    plan = Plan.objects.get(code=PLAN)
    targets = list(plan.targets.order_by("order").values_list("code", flat=True))
    tree = children_map()
    roots = tree.get(None, [])
    agencies = [child for root in roots for child in tree.get(root, [])]
    sizes = dict(Person.objects.filter(status="working").values_list("unit_id").annotate(n=Count("id")))
    ranked = sorted(agencies, key=lambda a: -sum(sizes.get(u, 0) for u in subtree_ids(a, tree=tree)))[:20]

    def ensure(username: str, **kwargs) -> None:
        if not User.objects.filter(username=username).exists():
            user_create(actor=SYSTEM, username=username, password=PASSWORD, full_name=username, **kwargs)

    n_officers, n_admins = round(sessions * 0.6), round(sessions * 0.2)
    n_learners = sessions - n_officers - n_admins
    result: list[Session] = []
    officer_pages: dict[int, list[tuple[str, list[str]]]] = {}
    for index, agency_id in enumerate(ranked):
        agency = Unit.objects.get(pk=agency_id)
        ensure(f"bench_cb_{index:02d}", role="agency_officer", unit=agency)
        codes = list(Person.objects.filter(unit_id__in=subtree_ids(agency_id, tree=tree), status="working")
                     .order_by("?").values_list("code", "full_name")[:30])
        family = codes[0][1].split()[0] if codes else "Nguyễn"
        officer_pages[index] = [("people list", ["/nhan-su/"]),
                                ("people search", ["/nhan-su/?" + urlencode({"q": family})]),
                                ("person page", [f"/nhan-su/{quote(code)}/" for code, _ in codes])]
    for i in range(n_officers):
        index = i % len(ranked)
        result.append(Session("officer", f"bench_cb_{index:02d}", officer_pages[index]))
    ensure("bench_snv", role="home_affairs")
    admin_pages = [("plan dashboard", [f"/ke-hoach/{PLAN}/chi-tieu/"]),
                   ("drill-down", [f"/ke-hoach/{PLAN}/chi-tieu/{code}/" for code in targets])]
    result += [Session("home_affairs", "bench_snv", admin_pages) for _ in range(n_admins)]
    people = iter(Person.objects.filter(status="working").order_by("?")[:n_learners])
    for i in range(n_learners):
        username = f"bench_hv_{i:03d}"
        ensure(username, role="learner", person=next(people))
        code = User.objects.get(username=username).profile.person.code  # the account's own, from an earlier run too
        result.append(Session("learner", username, [("learner own page", [f"/nhan-su/{quote(code)}/"])]))
    rng.shuffle(result)
    return result


# --- a small HTTP/1.1 client on asyncio streams ------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


async def _http(port: int, method: str, path: str, session: Session, form: dict | None = None,
                timeout: float = 60.0) -> Answer:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    try:
        body = urlencode(form).encode() if form is not None else b""
        headers = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close",
                   "X-Forwarded-Proto: https", "User-Agent: dtbd-bench-load"]
        if session.cookies:
            headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in session.cookies.items()))
        if form is not None:
            headers += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}",
                        f"Origin: https://{HOST}:{port}", f"Referer: https://{HOST}:{port}{path}"]
        writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    parsed = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:] if ":" in line]
    if any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in parsed):
        payload = _dechunk(payload)
    for key, value in parsed:
        if key.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            session.cookies[name] = rest.split(";", 1)[0]
    return Answer(status, parsed, payload)  # type: ignore[arg-type]


def _dechunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        end = data.index(b"\r\n", pos)
        size = int(data[pos:end].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[end + 2:end + 2 + size]
        pos = end + 2 + size + 2


async def _login(port: int, session: Session) -> None:
    page = await _http(port, "GET", "/dang-nhap/", session)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not token:
        raise RuntimeError(f"login page answered {page.status}")
    answer = await _http(port, "POST", "/dang-nhap/", session,
                         {"username": session.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()})
    if answer.status != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"{session.username}: sign-in answered {answer.status}")


# --- the run -----------------------------------------------------------------------------------


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)


async def _browse(port: int, session: Session, stop_at: float, think: tuple[float, float], stats: Stats,
                  rng: random.Random) -> None:
    while True:
        await asyncio.sleep(rng.uniform(*think))
        if time.monotonic() >= stop_at:
            return
        label, paths = rng.choice(session.pages)
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            answer = await _http(port, "GET", path, session)
            ok = answer.status == 200
        except (TimeoutError, OSError, ValueError, IndexError) as exc:
            ok, answer = False, None
            if len(stats.samples) < 10:
                stats.samples.append(f"{label} {path}: {exc!r}")
        stats.times[label].append((time.perf_counter() - started) * 1000)
        if not ok:
            stats.errors[label] += 1
            if answer is not None and len(stats.samples) < 10:
                stats.samples.append(f"{label} {path}: HTTP {answer.status}")


def _tree_usage(pid: int) -> tuple[float, int]:
    """CPU seconds and resident memory (bytes) of ``pid`` and its children, from /proc."""
    pids, cpu, rss = [pid], 0.0, 0
    tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.append(int(proc.name))
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / tick
        rss += int(fields[21]) * page
    return cpu, rss


async def _watch(pid: int, stop: asyncio.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], _tree_usage(pid)[1])
        await asyncio.sleep(1)


async def _run(port: int, sessions: list[Session], seconds: float, think: tuple[float, float], pid: int,
               seed: int) -> tuple[Stats, float, float, int]:
    rng = random.Random(seed)
    # sign in, 20 at a time (as a morning's logins would, not in one burst)
    for start in range(0, len(sessions), 20):
        await asyncio.gather(*(_login(port, s) for s in sessions[start:start + 20]))
    warm = sessions[[s.kind for s in sessions].index("home_affairs")]
    for _, paths in warm.pages:
        for path in paths:
            await _http(port, "GET", path, warm, timeout=300)
    stats, stop, peak = Stats(), asyncio.Event(), [0]
    watcher = asyncio.create_task(_watch(pid, stop, peak))
    cpu_before, _ = _tree_usage(pid)
    began = time.monotonic()
    await asyncio.gather(*(_browse(port, s, began + seconds, think, stats, random.Random(rng.random()))
                           for s in sessions))
    elapsed = time.monotonic() - began
    stop.set()
    await watcher
    cpu_after, _ = _tree_usage(pid)
    return stats, elapsed, cpu_after - cpu_before, peak[0]


def _serve(port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, DTBD_MODE="production", DTBD_SECRET_KEY="bench-" + "k9" * 30,
               DTBD_ALLOWED_HOSTS=HOST, DTBD_PROXY_SSL_HEADER="1", DTBD_LOG_LEVEL="warning",
               DTBD_CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{port}")
    command = [str(ROOT / ".venv/bin/dtbd"), "serve", f"{HOST}:{port}"] + (["--workers", str(workers)] if workers else [])
    server = subprocess.Popen(command,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    for _ in range(120):
        try:
            import socket

            socket.create_connection((HOST, port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"dtbd serve stopped: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
            time.sleep(0.5)
    server.kill()
    sys.exit("dtbd serve did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--think", default="1.0:4.0", help="think time between requests, MIN:MAX seconds")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(":"))
    vendor = _setup()
    database = _database_label(vendor)
    sessions = _accounts(args.sessions, args.seed)
    from django.db import connections

    connections.close_all()
    server = _serve(args.port, args.workers)
    try:
        stats, elapsed, cpu, peak = asyncio.run(_run(args.port, sessions, args.seconds, think, server.pid, args.seed))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    total = sum(len(v) for v in stats.times.values())
    errors = sum(stats.errors.values())
    print(f"## Load: {args.sessions} signed-in sessions, {database}, {time.strftime('%d/%m/%Y')}\n")
    print(f"- command: `DATABASE_URL=… .venv/bin/python bench/load.py --sessions {args.sessions} --seconds "
          f"{args.seconds:g} --workers {args.workers} --think {args.think}`")
    print(f"- server: `dtbd serve --workers {args.workers}` in production mode; cache: "
          f"{'Redis' if os.environ.get('REDIS_URL') else 'database'}; sessions: "
          + ", ".join(f"{sum(s.kind == k for s in sessions)} {k}" for k in ("officer", "home_affairs", "learner")))
    print(f"- machine: {_machine()}; client and server on the same 2 cores")
    print(f"- {total} requests in {elapsed:.0f} s ({total / elapsed:.1f} requests/s), {errors} errors; "
          f"server CPU {cpu:.0f} s ({cpu / elapsed * 100:.0f}% of one core), peak memory {peak / 2**20:.0f} MiB; "
          f"goal: 0 errors, p95 < {GOAL_MS:.0f} ms on every page\n")
    print("| page | requests | errors | median ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for label in sorted(stats.times):
        times = sorted(stats.times[label])
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"| {label} | {len(times)} | {stats.errors[label]} | {statistics.median(times):.0f} | {p95:.0f} | "
              f"{times[-1]:.0f} |")
    if stats.samples:
        print("\nfirst errors: " + "; ".join(stats.samples))


if __name__ == "__main__":
    main()
