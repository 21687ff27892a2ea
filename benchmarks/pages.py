"""Server-side latency of the pages a reviewer reads, with 200 apps x 500 revisions on SQLite.

Run from the repository root: `python benchmarks/pages.py [--rebuild] [--requests N]`.
Builds the scale database once (see scale_data.py), then, in this process with production
settings and Django's test Client (the whole middleware stack and template rendering, no
network), times N requests per page after a warm-up: the app list (200 apps), an app's history
(first and last page), a revision page and a compare page, each over a fixed sample of apps and
revisions. The revision page is timed twice: rendered (its whole-page cache emptied before each
request; the fragments of its unchanging parts stay cached) and shown again (from the cache).
Prints p50/p95 and the queries per page; PASS when p95 is under 50 ms, exit 1 if not.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import HTTPS_HEADERS, bench_user, ensure_scale_db, percentile, setup_django

BUDGET_SECONDS = 0.050
WARMUP = 10
SAMPLE_APPS = 20  # the history, revision and compare pages cycle through these apps
COMPARE_DISTANCE = 25  # compare a revision with the one this many revisions earlier


def page_urls(rng: random.Random) -> dict[str, list[str]]:
    from django.urls import reverse

    from configs.models import FlyApp
    from configs.views.apps import HISTORY_PAGE_SIZE

    apps = list(FlyApp.objects.filter(slug__startswith="gen-").order_by("slug"))
    sample = rng.sample(apps, SAMPLE_APPS)
    latest = {}
    for app in sample:
        latest[app.pk] = app.revisions.order_by("-number").values_list("number", flat=True)[0]
    urls: dict[str, list[str]] = {"app list": [reverse("app-list")]}
    urls["history, first page"] = [reverse("app-detail", args=[app.slug]) for app in sample]
    urls["history, last page"] = [
        f"{reverse('app-detail', args=[app.slug])}?page={-(-latest[app.pk] // HISTORY_PAGE_SIZE)}"
        for app in sample
    ]
    numbers = [(app, rng.randint(COMPARE_DISTANCE + 1, latest[app.pk])) for app in sample]
    revisions = [reverse("revision-detail", args=[app.slug, n]) for app, n in numbers]
    urls["revision, not cached"] = revisions
    urls["revision, shown again"] = revisions
    urls["compare"] = [
        reverse("compare", args=[app.slug, n - COMPARE_DISTANCE, n]) for app, n in numbers
    ]
    return urls


def measure(client, urls: list[str], requests: int, cached: bool) -> list[float]:
    from django.core.cache import caches

    headers = {"headers": HTTPS_HEADERS}
    for index in range(max(WARMUP, len(urls))):
        client.get(urls[index % len(urls)], **headers)
    timings = []
    for index in range(requests):
        url = urls[index % len(urls)]
        if not cached:
            caches["pages"].clear()
        start = time.perf_counter()
        response = client.get(url, **headers)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return sorted(timings)


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=HTTPS_HEADERS)
    return len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build the scale database again")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    options = parser.parse_args()
    ensure_scale_db(options.rebuild)
    setup_django()
    from django.core.cache import caches
    from django.test import Client

    from configs.models import FlyApp, Revision

    user = bench_user()
    client = Client()
    client.force_login(user)
    urls = page_urls(random.Random(7))
    print(
        f"{FlyApp.objects.count()} apps, {Revision.objects.count()} revisions; "
        f"user {user.username} (approver of every app); {options.requests} requests per page "
        f"after {max(WARMUP, SAMPLE_APPS)} warm-up ones, each page over {SAMPLE_APPS} apps"
    )
    print(f"{'page':<22} {'p50':>8} {'p95':>8} {'max':>8} {'queries':>8}  p95 vs 50 ms")
    failed = False
    for name, page_urls_ in urls.items():
        cached = name != "revision, not cached"
        timings = measure(client, page_urls_, options.requests, cached)
        p50, p95 = statistics.median(timings), percentile(timings, 0.95)
        if not cached:
            caches["pages"].clear()
        queries = count_queries(client, page_urls_[0])
        verdict = "PASS" if p95 < BUDGET_SECONDS else "FAIL"
        failed |= verdict == "FAIL"
        print(
            f"{name:<22} {p50 * 1e3:6.1f}ms {p95 * 1e3:6.1f}ms {timings[-1] * 1e3:6.1f}ms "
            f"{queries:>8}  {p95 / BUDGET_SECONDS:.2f} {verdict}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
