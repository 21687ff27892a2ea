"""Go durations and docker/go-units sizes, as flyctl parses them."""

import re

from configs.rules.context import is_int

_GO_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")
_GO_DURATION = re.compile(r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+")
_UNIT_SECONDS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_HUMAN_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s?([kKmMgGtTpP])?[iI]?[bB]?\s*")
_SIZE_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4, "p": 5}

MILLISECONDS = 1e-3
SECONDS = 1.0
NANOSECONDS = 1e-9
GB = 1000**3
MIB = 1024**2


def go_duration_seconds(text: str) -> float | None:
    """Seconds in a Go duration string ("1m30s"), or None when Go's time.ParseDuration fails."""
    if text in ("0", "+0", "-0"):
        return 0.0
    if not _GO_DURATION.fullmatch(text):
        return None
    sign = -1.0 if text.startswith("-") else 1.0
    return sign * sum(float(n) * _UNIT_SECONDS[u] for n, u in _GO_DURATION_PART.findall(text))


def duration_seconds(value, integer_unit: float) -> float | None:
    """A duration value in seconds: strings use Go syntax, integers are in `integer_unit`."""
    if isinstance(value, str):
        return go_duration_seconds(value)
    if is_int(value):
        return value * integer_unit
    return None


def size_bytes(value, bare_unit: int, binary: bool) -> int | None:
    """Bytes in a size such as "10GB" or "512mb" (flyctl's helpers.ParseSize); a bare number
    is in `bare_unit`. Volume sizes are decimal, memory sizes binary."""
    if is_int(value):
        return value * bare_unit
    if not isinstance(value, str):
        return None
    if value.strip().isdigit():
        return int(value) * bare_unit
    match = _HUMAN_SIZE.fullmatch(value)
    if match is None:
        return None
    number, prefix = match.groups()
    base = 1024 if binary else 1000
    return int(float(number) * base ** _SIZE_POWERS[(prefix or "").lower()])


def format_seconds(seconds: float) -> str:
    if seconds >= 1 and seconds == int(seconds):
        return f"{int(seconds)}s"
    return f"{seconds:g}s"
