"""p95 latency of the editor's live validation (POST /apps/<slug>/validate) for a 200-line fly.toml.

Run from the repository root: `python benchmarks/live_validation.py [--requests N]`.
In this process, with production settings and Django's test Client against the scale database
(see scale_data.py), an editor posts a 200-line fly.toml and a .dockerignore the way the
editor's htmx request does, to an app with a policy. PASS when p95 is under 25 ms; exit 1 if not.
"""

import argparse
import statistics
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_data import HTTPS_HEADERS, ROOT, bench_user, ensure_scale_db, percentile, setup_django

BUDGET_SECONDS = 0.025
LINES = 200
WARMUP = 20


def fly_toml_of(lines: int) -> str:
    """The demo app's config grown to exactly `lines` lines: more services, checks, env vars."""
    text = (ROOT / "configs" / "demo" / "tynebase" / "3.fly.toml").read_text()
    blocks = ["", "[[statics]]", '  guest_path = "/app/public"', '  url_prefix = "/static/"']
    n = 0
    while text.count("\n") + len(blocks) + 14 <= lines - 10:
        blocks += [
            "",
            "[[services]]",
            '  processes = ["worker"]',
            '  protocol = "tcp"',
            f"  internal_port = {9000 + n}",
            "",
            "  [[services.ports]]",
            f"    port = {10000 + n}",
            '    handlers = ["tls"]',
            "",
            "  [[services.tcp_checks]]",
            '    interval = "15s"',
            '    timeout = "2s"',
            '    grace_period = "5s"',
        ]
        n += 1
    text = text.rstrip("\n") + "\n" + "\n".join(blocks) + "\n"
    env = [f'  SETTING_{index:02} = "value-{index}"' for index in range(lines - text.count("\n"))]
    return text.replace("[env]\n", "[env]\n" + "".join(line + "\n" for line in env), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="timed requests")
    parser.add_argument("--rebuild", action="store_true", help="build the scale database again")
    options = parser.parse_args()
    ensure_scale_db(options.rebuild)
    setup_django()
    from django.test import Client
    from django.urls import reverse

    from configs.models import FlyApp
    from configs.validation import run_rules

    fly_toml = fly_toml_of(LINES)
    tomllib.loads(fly_toml)
    assert fly_toml.count("\n") == LINES, fly_toml.count("\n")
    dockerignore = (ROOT / "configs" / "demo" / "tynebase" / "dockerignore").read_text()
    app = FlyApp.objects.filter(slug__startswith="gen-").exclude(required_primary_region="")[0]
    client = Client()
    client.force_login(bench_user())
    url = reverse("validate-live", args=[app.slug])
    data = {"fly_toml": fly_toml, "dockerignore": dockerignore}
    headers = {**HTTPS_HEADERS, "HX-Request": "true", "HX-Target": "findings"}
    for _ in range(WARMUP):
        client.post(url, data, headers=headers)
    timings = []
    for _ in range(options.requests):
        start = time.perf_counter()
        response = client.post(url, data, headers=headers)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings.sort()
    findings = len(run_rules(app, fly_toml, dockerignore))
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    verdict = "PASS" if p95 < BUDGET_SECONDS else "FAIL"
    print(
        f"POST {url}: {LINES}-line fly.toml, {findings} findings, app policy of {app.slug}; "
        f"{options.requests} requests after {WARMUP} warm-up ones"
    )
    print(f"p50 {p50 * 1e3:.1f} ms  p95 {p95 * 1e3:.1f} ms  max {timings[-1] * 1e3:.1f} ms")
    print(f"p95 is {p95 / BUDGET_SECONDS:.2f} of the 25 ms budget: {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
