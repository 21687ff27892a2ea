"""Time line_diff and semantic_diff on two generated 5,000-line fly.toml files.

Run from the repository root: `python benchmarks/diff.py`. Prints the median of several runs
for each, its ratio to the 100 ms budget, and PASS or FAIL; exits 1 if either fails.
"""

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from configs.diffing import line_diff, semantic_diff

LINES = 5_000
CHANGED_SHARE = 0.10
BUDGET_SECONDS = 0.100
RUNS = 7


def service_block(n: int) -> list[str]:
    return [
        f"# Service {n}: public HTTP for the app's web process",
        "[[services]]",
        f"  internal_port = {8000 + n}",
        '  protocol = "tcp"',
        '  processes = ["app"]',
        '  auto_stop_machines = "stop"',
        "  auto_start_machines = true",
        f"  min_machines_running = {n % 3}",
        "",
        "  [[services.ports]]",
        "    port = 80",
        '    handlers = ["http"]',
        "    force_https = true",
        "",
        "  [[services.ports]]",
        "    port = 443",
        '    handlers = ["tls", "http"]',
        "",
        "  [services.concurrency]",
        '    type = "connections"',
        f"    hard_limit = {25 + n % 50}",
        "    soft_limit = 20",
        "",
        "  [[services.tcp_checks]]",
        '    interval = "15s"',
        '    timeout = "2s"',
        '    grace_period = "1s"',
        "",
    ]


def generate_config(lines: int) -> list[str]:
    config = ['app = "bench-app"', 'primary_region = "ams"', 'kill_signal = "SIGINT"', ""]
    config += ["[env]"] + [f'  SETTING_{n:04} = "value-{n}"' for n in range(300)] + [""]
    n = 0
    while len(config) < lines:
        config += service_block(n)
        n += 1
    return config[:lines]


def change_some_lines(lines: list[str], share: float, seed: int = 5) -> list[str]:
    """Change, delete or add a key after about `share` of the lines, keeping valid TOML."""
    rng = random.Random(seed)
    changed: list[str] = []
    for number, line in enumerate(lines):
        if "=" not in line or rng.random() >= share:
            changed.append(line)
            continue
        action = rng.choice(["change", "change", "change", "delete", "add"])
        key = line.split("=", 1)[0]
        if action == "change":
            changed.append(f'{key}= "changed-{number}"')
        elif action == "add":
            changed += [line, f"  added_key_{number} = {number}"]
    return changed


def median_seconds(function: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    old_lines = generate_config(LINES)
    old = "\n".join(old_lines) + "\n"
    new = "\n".join(change_some_lines(old_lines, CHANGED_SHARE)) + "\n"
    diff = line_diff(old, new)
    print(f"{LINES} lines, {diff.stats.added} added and {diff.stats.removed} removed")
    print(f"{len(semantic_diff(old, new))} semantic changes; median of {RUNS} runs:")
    failed = False
    for name, function in [
        ("line_diff", lambda: line_diff(old, new)),
        ("semantic_diff", lambda: semantic_diff(old, new)),
    ]:
        seconds = median_seconds(function)
        verdict = "PASS" if seconds < BUDGET_SECONDS else "FAIL"
        failed |= verdict == "FAIL"
        ratio = seconds / BUDGET_SECONDS
        print(f"  {name:<14} {seconds * 1000:6.1f} ms  {ratio:.2f} of 100 ms  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
