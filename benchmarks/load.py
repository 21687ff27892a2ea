"""Load: gunicorn with 2 workers, 50 concurrent clients, /health then revision pages, 60 s each.

Run from the repository root: `python benchmarks/load.py [--port 8150] [--seconds 60]`.
Starts gunicorn from this interpreter's environment on 127.0.0.1 with production settings
against the scale database (see scale_data.py), as the Dockerfile runs it (sync workers, access
log on). 50 client threads, each with its own keep-alive connection (gunicorn's sync workers
close it after every response, so clients reconnect as a browser would), send requests to
/health (phase 1) and to revision pages (phase 2), in 6 alternating windows of 10 s per phase
(so other work on a shared machine weighs on both alike), up to a request cap per phase.
Revision pages are requested logged in with a session made for the benchmark approver,
sending the session and CSRF cookies a browser holds after logging in. Each worker renders
each of those pages once and then serves it from its page cache (configs/pagecache.py), as it
would for reviewers reading a revision again; benchmarks/pages.py times the page both rendered
and cached. Any non-200 answer or exception is an error. Reports requests/s per phase, the
revision page's throughput as a share of /health's (target >= 0.4), errors (target 0) and each
worker's RSS after the run (target < 150 MB). gunicorn is always stopped at the end.
"""

import argparse
import http.client
import itertools
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import (
    HTTPS_HEADERS,
    OUT,
    PRODUCTION_ENV,
    ROOT,
    bench_user,
    ensure_scale_db,
    percentile,
    setup_django,
)

WORKERS = 2
CLIENTS = 50
MAX_REQUESTS_PER_PHASE = 200_000
MIN_RATIO = 0.4
MAX_RSS_MB = 150
SAMPLE_REVISIONS = 20
# The phases alternate in windows, so other work on a shared machine weighs on both alike.
WINDOWS = 6


@dataclass
class Phase:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_samples: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def session_cookie(user) -> str:
    """A logged-in session for `user`, made the way django.contrib.auth.login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def browser_cookies(user) -> str:
    """The cookies a browser holds once `user` has logged in: the session and the CSRF secret
    that the login form set."""
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    csrf_secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )


def revision_urls() -> list[str]:
    from configs.models import FlyApp

    rng = random.Random(11)
    apps = list(FlyApp.objects.filter(slug__startswith="gen-").order_by("slug"))
    urls = []
    for app in rng.sample(apps, SAMPLE_REVISIONS):
        latest = app.revisions.order_by("-number").values_list("number", flat=True)[0]
        urls.append(f"/apps/{app.slug}/revisions/{rng.randint(2, latest)}/")
    return urls


def start_gunicorn(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = open(OUT / "load-gunicorn.log", "w")  # noqa: SIM115 - lives as long as the server
    command = [
        str(gunicorn),
        "dashboard.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--access-logfile",
        "-",
    ]
    env = {**os.environ, **PRODUCTION_ENV}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)


def wait_until_ready(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see out/load-gunicorn.log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health", headers=HTTPS_HEADERS)
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /health on port {port} within {timeout:.0f} s")


def run_window(phase: Phase, port: int, urls: list[str], headers: dict, seconds: float) -> None:
    """CLIENTS threads send requests until `seconds` pass or the phase's request cap is reached;
    what they did is added to `phase`."""
    issued = itertools.count(phase.requests + phase.errors)
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        done = errors = 0
        latencies = []
        samples = []
        for index in range(number, 10**9, CLIENTS):
            if time.monotonic() >= deadline or next(issued) >= MAX_REQUESTS_PER_PHASE:
                break
            sent = time.monotonic()
            try:
                connection.request("GET", urls[index % len(urls)], headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"{urls[index % len(urls)]} answered {response.status}")
                done += 1
                latencies.append(time.monotonic() - sent)
            except Exception as error:  # every failure counts, whatever it is
                errors += 1
                if len(samples) < 3:
                    samples.append(f"{type(error).__name__}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()
        with lock:
            phase.requests += done
            phase.errors += errors
            phase.latencies += latencies
            phase.error_samples += samples

    threads = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds += time.monotonic() - start


def children(pid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                pids.append(int(entry.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8150, help="127.0.0.1 port (8100-8199)")
    parser.add_argument("--seconds", type=float, default=60, help="each phase")
    parser.add_argument("--rebuild", action="store_true", help="build the scale database again")
    options = parser.parse_args()
    ensure_scale_db(options.rebuild)
    setup_django()
    from django.db import connections

    cookie = browser_cookies(bench_user())
    urls = revision_urls()
    connections.close_all()

    server = start_gunicorn(options.port)
    try:
        wait_until_ready(options.port, server)
        health, revision = Phase("/health"), Phase("revision page")
        window = options.seconds / WINDOWS
        for _ in range(WINDOWS):
            run_window(health, options.port, ["/health"], HTTPS_HEADERS, window)
            run_window(revision, options.port, urls, {**HTTPS_HEADERS, "Cookie": cookie}, window)
        phases = [health, revision]
        for phase in phases:
            phase.latencies.sort()
        workers = children(server.pid)
        rss = {pid: rss_mb(pid) for pid in workers}
        master_rss = rss_mb(server.pid)
    finally:
        stop(server)

    print(
        f"gunicorn, {WORKERS} sync workers, 127.0.0.1:{options.port}; {CLIENTS} clients; "
        f"{options.seconds:.0f} s a phase in {WINDOWS} alternating windows, "
        f"at most {MAX_REQUESTS_PER_PHASE} requests a phase; "
        f"revision pages cycle over {len(urls)} revisions of {len(urls)} apps"
    )
    for phase in phases:
        p50 = percentile(phase.latencies, 0.5) if phase.latencies else 0
        p95 = percentile(phase.latencies, 0.95) if phase.latencies else 0
        print(
            f"{phase.name:<14} {phase.requests:>6} requests in {phase.seconds:4.1f} s = "
            f"{phase.rate:7.1f}/s  p50 {p50 * 1e3:6.1f} ms  p95 {p95 * 1e3:6.1f} ms  "
            f"errors {phase.errors}"
        )
        for sample in phase.error_samples[:3]:
            print(f"    {sample}")
    ratio = revision.rate / health.rate if health.rate else 0.0
    errors = sum(phase.errors for phase in phases)
    checks = [
        (f"revision page / health throughput {ratio:.2f} (target >= {MIN_RATIO})", ratio >= 0.4),
        (f"errors {errors} (target 0)", errors == 0),
    ]
    for pid, megabytes in rss.items():
        checks.append((f"worker {pid} RSS {megabytes:.0f} MB (target < 150)", megabytes < 150))
    if len(rss) != WORKERS:
        checks.append((f"found {len(rss)} workers, expected {WORKERS}", False))
    print(f"master RSS {master_rss:.0f} MB")
    for text, passed in checks:
        print(f"{text}: {'PASS' if passed else 'FAIL'}")
    return 0 if all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
