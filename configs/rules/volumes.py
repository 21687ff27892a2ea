"""[[mounts]]: sizes, snapshot retention, auto-extend, destinations, one volume per group."""

from configs.rules.context import is_int, show, string_list
from configs.rules.findings import ERROR
from configs.rules.lineindex import join_key
from configs.rules.registry import Problem, rule
from configs.rules.units import GB, size_bytes

AUTO_EXTEND_KEYS = (
    "auto_extend_size_threshold",
    "auto_extend_size_increment",
    "auto_extend_size_limit",
)


def _gigabytes(value) -> float | None:
    size = size_bytes(value, GB, binary=False)
    return None if size is None else size / GB


@rule(
    "FLY119",
    ERROR,
    "Volume initial_size invalid or under 1GB",
    tags=("flyctl",),
    why="flyctl refuses an initial_size it cannot parse or that is below 1 GB (V18, V19); "
    "sizes are decimal and a bare number means GB.",
    fix='Write initial_size as "1GB" or more.',
    example='[[mounts]]\n  source = "data"\n  destination = "/data"\n  initial_size = "500MB"',
)
def mount_initial_size(ctx):
    """[[mounts]] initial_size that does not parse or is smaller than 1 GB."""
    problems = []
    for path, mount in ctx.mounts:
        value = mount.get("initial_size")
        if value is None or not isinstance(value, str | int) or isinstance(value, bool):
            continue
        key_path = join_key(path, "initial_size")
        size = _gigabytes(value)
        if size is None:
            problems.append(Problem(f"{key_path} = {show(value)} is not a size", key_path))
        elif size < 1:
            problems.append(Problem(f"{key_path} = {show(value)} is smaller than 1GB", key_path))
    return problems


@rule(
    "FLY120",
    ERROR,
    "Snapshot retention outside 1-60 days",
    tags=("flyctl",),
    why="flyctl rejects snapshot_retention outside 1 to 60 days inclusive (V20).",
    fix="Set snapshot_retention between 1 and 60.",
    example='[[mounts]]\n  source = "data"\n  destination = "/data"\n  snapshot_retention = 90',
)
def mount_snapshot_retention(ctx):
    """[[mounts]] snapshot_retention below 1 or above 60."""
    problems = []
    for path, mount in ctx.mounts:
        value = mount.get("snapshot_retention")
        if is_int(value) and not 1 <= value <= 60:
            key_path = join_key(path, "snapshot_retention")
            problems.append(
                Problem(f"{key_path} = {show(value)} is not between 1 and 60", key_path)
            )
    return problems


def _auto_extend_problems(path: str, mount: dict) -> list[str]:
    threshold = mount.get("auto_extend_size_threshold", 0)
    increment = mount.get("auto_extend_size_increment")
    limit = mount.get("auto_extend_size_limit")
    if not any(key in mount for key in AUTO_EXTEND_KEYS):
        return []
    messages = []
    if increment is None and limit is None:
        messages.append("auto_extend_size_threshold, _increment and _limit must all be set or none")
    if is_int(threshold) and not 50 <= threshold <= 99:
        messages.append(f"auto_extend_size_threshold = {show(threshold)} is not between 50 and 99")
    for key, value, most in (("increment", increment, 100), ("limit", limit, 500)):
        if value is None:
            continue
        size = _gigabytes(value)
        if size is None:
            messages.append(f"auto_extend_size_{key} = {show(value)} is not a size")
        elif not 1 <= size <= most:
            messages.append(
                f"auto_extend_size_{key} = {show(value)} is not between 1GB and {most}GB"
            )
    return messages


@rule(
    "FLY121",
    ERROR,
    "Volume auto-extend settings invalid",
    tags=("flyctl",),
    why="flyctl requires threshold, increment and limit together, the threshold within "
    "50-99%, the increment within 1-100GB and the limit within 1-500GB (V21-V26).",
    fix="Set all three auto_extend_size_* keys within their ranges, or none of them.",
    example='[[mounts]]\n  source = "data"\n  destination = "/data"\n'
    "  auto_extend_size_threshold = 80",
)
def mount_auto_extend(ctx):
    """[[mounts]] auto_extend_size_threshold / _increment / _limit that are incomplete or
    out of range."""
    problems = []
    for path, mount in ctx.mounts:
        for message in _auto_extend_problems(path, mount):
            key = next((k for k in AUTO_EXTEND_KEYS if message.startswith(k)), AUTO_EXTEND_KEYS[0])
            key_path = join_key(path, key) if key in mount else path
            problems.append(Problem(f"{path}: {message}", key_path))
    return problems


@rule(
    "FLY183",
    ERROR,
    "Volume mounted at /",
    tags=("flyctl-misses",),
    why="The docs say a volume cannot be mounted at the root of the filesystem; flyctl does "
    "not check it and the Machine fails to start.",
    fix='Mount the volume at a directory such as "/data".',
    example='[[mounts]]\n  source = "data"\n  destination = "/"',
)
def mount_at_root(ctx):
    """A [[mounts]] destination of "/"."""
    return [
        Problem(f'{path}.destination is "/"', join_key(path, "destination"))
        for path, mount in ctx.mounts
        if mount.get("destination") == "/"
    ]


@rule(
    "FLY188",
    ERROR,
    "More than one volume for a process group",
    tags=("flyctl",),
    why="A Machine attaches one volume: deploy uses the first [[mounts]] for a group and "
    "`fly deploy --process-groups` rejects the config (V17).",
    fix="Keep one [[mounts]] per process group (use processes = [...] to split them).",
    example='[[mounts]]\n  source = "a"\n  destination = "/a"\n'
    '[[mounts]]\n  source = "b"\n  destination = "/b"',
)
def several_mounts_per_group(ctx):
    """Two [[mounts]] entries that apply to the same process group."""
    first_for_group: dict[str, str] = {}
    problems = []
    for path, mount in ctx.mounts:
        groups = string_list(mount.get("processes")) or ctx.process_names
        for group in groups:
            if group in first_for_group:
                problems.append(
                    Problem(
                        f"{path} is a second volume for group {group!r} "
                        f"({first_for_group[group]} is first)",
                        path,
                    )
                )
            else:
                first_for_group[group] = path
    return problems
