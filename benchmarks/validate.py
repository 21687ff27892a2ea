"""Full validation versus a bare tomllib.loads, over the real-world corpus, in one run.

Run from the repository root: python benchmarks/validate.py
Targets: median validate() time within 10x of tomllib.loads and under 2 ms per file.
"""

import csv
import os
import statistics
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from configs.rules import validate

MAX_RATIO = 10.0
MAX_MEDIAN_SECONDS = 0.002
REPEATS = 200


def shared_dir() -> Path:
    configured = os.environ.get("PREFLIGHT_SHARED_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[1] / ".." / "shared"


def corpus(shared: Path) -> list[tuple[str, str | None]]:
    """(fly.toml text, paired .dockerignore text or None) for every parseable corpus file."""
    ignore_files = {}
    with open(shared / "corpus/dockerignore/MANIFEST.tsv", encoding="utf-8") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            text = (shared / "corpus/dockerignore" / row["file"]).read_text(encoding="utf-8")
            ignore_files[(row["repo"], row["related_fly_config"])] = text
    pairs = []
    with open(shared / "corpus/flytoml/MANIFEST.tsv", encoding="utf-8") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            text = (shared / "corpus/flytoml" / row["file"]).read_text(encoding="utf-8")
            try:
                tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                continue  # nothing to compare against when tomllib fails early
            pairs.append((text, ignore_files.get((row["repo"], row["path"]))))
    return pairs


def per_call(function, repeats: int = REPEATS) -> float:
    """Median seconds of one call over `repeats` timed calls."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    pairs = corpus(shared_dir())
    validate_times, parse_times = [], []
    for fly_toml, dockerignore in pairs:
        validate(fly_toml, dockerignore)  # warm caches (compiled regexes) before timing
        validate_times.append(per_call(lambda f=fly_toml, d=dockerignore: validate(f, d)))
        parse_times.append(per_call(lambda f=fly_toml: tomllib.loads(f)))
    validate_median = statistics.median(validate_times)
    parse_median = statistics.median(parse_times)
    ratio = validate_median / parse_median
    ratio_ok, time_ok = ratio <= MAX_RATIO, validate_median < MAX_MEDIAN_SECONDS
    print(f"corpus files:              {len(pairs)}")
    print(f"median validate():         {validate_median * 1e3:.3f} ms")
    print(f"median tomllib.loads():    {parse_median * 1e3:.3f} ms")
    print(f"slowest validate():        {max(validate_times) * 1e3:.3f} ms")
    print(
        f"ratio validate/tomllib:    {ratio:.2f}x (target <= {MAX_RATIO:g}x) "
        f"{'PASS' if ratio_ok else 'FAIL'}"
    )
    print(f"median under 2 ms:         {'PASS' if time_ok else 'FAIL'}")
    return 0 if ratio_ok and time_ok else 1


if __name__ == "__main__":
    sys.exit(main())
