"""[[vm]] and [deploy.release_command_vm]: presets, CPU kinds and counts, memory."""

import difflib

from configs.rules.context import is_int, show, tables
from configs.rules.findings import ERROR, WARNING
from configs.rules.lineindex import join_key
from configs.rules.registry import Problem, rule
from configs.rules.units import MIB, size_bytes

# fly-go MachinePresets: name -> (cpu_kind, cpus, default memory MB).
PRESETS = {
    **{f"shared-cpu-{n}x": ("shared", n, 256 * n) for n in (1, 2, 4, 6, 8)},
    **{f"performance-{n}x": ("performance", n, 2048 * n) for n in (1, 2, 4, 6, 8, 10, 12, 14, 16)},
    **{gpu: ("performance", 8, 32768) for gpu in ("a100-40gb", "a100-80gb", "l40s", "a10")},
}
VALID_CPUS = {
    "shared": (1, 2, 4, 6, 8),
    "performance": (1, 2, 4, 6, 8, 10, 12, 14, 16, 32, 64, 128),
}
# Memory per CPU (MB) and the step memory must be a multiple of (flyctl internal/machine/update.go).
MEMORY_PER_CPU = {"shared": (256, 2048), "performance": (2048, 8192)}
MEMORY_STEP = {"shared": 256, "performance": 1024}


def vm_tables(ctx) -> list[tuple[str, dict]]:
    release_vm = ctx.section("deploy").get("release_command_vm")
    return ctx.vms + tables(release_vm, "deploy.release_command_vm")


def _preset(vm: dict) -> tuple | None:
    """The preset named by `size` (shared-cpu-1x when the key is absent)."""
    size = vm.get("size", "shared-cpu-1x")
    return PRESETS.get(size) if isinstance(size, str) else None


def _memory_mb(vm: dict) -> tuple[int | None, str]:
    """Effective memory in MB and the key that sets it (`memory` beats `memory_mb`, which
    beats the preset's default)."""
    memory = vm.get("memory")
    if memory is not None:
        size = size_bytes(memory, MIB, binary=True)
        return (None if size is None else size // MIB), "memory"
    if is_int(vm.get("memory_mb")):
        return vm["memory_mb"], "memory_mb"
    preset = _preset(vm)
    return (preset[2] if preset else None), "size"


def _cpu(vm: dict) -> tuple[str | None, int | None]:
    preset = _preset(vm) or (None, None, None)
    kind = vm.get("cpu_kind", preset[0])
    cpus = vm.get("cpus", preset[1])
    return (kind if isinstance(kind, str) else None), (cpus if is_int(cpus) else None)


@rule(
    "FLY124",
    ERROR,
    "Unknown VM size",
    tags=("flyctl",),
    why="A size that is not a Fly preset makes deploys fail (`... is an invalid machine size`).",
    fix='Use a preset such as "shared-cpu-1x" or "performance-2x" (fly platform vm-sizes).',
    example='[[vm]]\n  size = "shared-1x"',
)
def unknown_vm_size(ctx):
    """[[vm]] or release_command_vm `size` that is not one of fly-go's presets."""
    problems = []
    for path, vm in vm_tables(ctx):
        size = vm.get("size")
        if isinstance(size, str) and size not in PRESETS:
            close = difflib.get_close_matches(size, list(PRESETS), n=1)
            hint = f'Did you mean "{close[0]}"?' if close else ""
            key_path = join_key(path, "size")
            problems.append(Problem(f"{key_path} = {show(size)} is not a VM size", key_path, hint))
    return problems


@rule(
    "FLY125",
    ERROR,
    "VM memory unparseable or zero",
    tags=("flyctl",),
    why="flyctl fails converting [[vm]] to a Machine config when memory does not parse or is 0 "
    "(C3); bare numbers are MB and units are binary (1gb = 1024 MB).",
    fix='Write memory as "512mb", "1gb" or a number of MB.',
    example='[[vm]]\n  memory = "1 gig"',
)
def vm_memory_unparseable(ctx):
    """[[vm]] memory that is not a size, or is zero."""
    problems = []
    for path, vm in vm_tables(ctx):
        if "memory" not in vm or not isinstance(vm["memory"], str | int):
            continue
        memory, _ = _memory_mb(vm)
        key_path = join_key(path, "memory")
        if memory is None:
            problems.append(Problem(f"{key_path} = {show(vm['memory'])} is not a size", key_path))
        elif memory <= 0:
            problems.append(Problem(f"{key_path} must be more than 0", key_path))
    return problems


@rule(
    "FLY155",
    ERROR,
    "Invalid CPU kind or CPU count",
    tags=("flyctl-misses", "vm"),
    why="Machines come with shared CPUs in counts of 1, 2, 4, 6 or 8 and performance CPUs in "
    "counts of 1-16 (even above 1), 32, 64 or 128; flyctl only finds out when creating Machines.",
    fix='Use cpu_kind "shared" or "performance" with a CPU count that kind offers.',
    example='[[vm]]\n  cpu_kind = "shared"\n  cpus = 3',
)
def invalid_cpus(ctx):
    """[[vm]] cpu_kind other than shared/performance, or a cpus count that kind lacks."""
    problems = []
    for path, vm in vm_tables(ctx):
        kind, cpus = _cpu(vm)
        if kind is not None and kind not in VALID_CPUS:
            key_path = join_key(path, "cpu_kind")
            problems.append(
                Problem(f'{key_path} = {show(kind)} is not "shared" or "performance"', key_path)
            )
        elif kind is not None and cpus is not None and cpus not in VALID_CPUS[kind]:
            key_path = join_key(path, "cpus")
            counts = ", ".join(map(str, VALID_CPUS[kind]))
            problems.append(
                Problem(f"{key_path} = {cpus} is not offered for {kind} CPUs ({counts})", key_path)
            )
    return problems


def _sized_vms(ctx):
    """VMs whose CPU kind and count are valid, with their effective memory."""
    for path, vm in vm_tables(ctx):
        kind, cpus = _cpu(vm)
        memory, source = _memory_mb(vm)
        if kind in VALID_CPUS and cpus in VALID_CPUS[kind] and memory and memory > 0:
            yield path, kind, cpus, memory, join_key(path, source)


@rule(
    "FLY156",
    ERROR,
    "VM memory out of range for its CPUs",
    tags=("flyctl-misses", "vm"),
    why="Each CPU allows 256-2048 MB (shared) or 2048-8192 MB (performance); the Machines API "
    "rejects other amounts when the Machine is created, after the image is built.",
    fix="Pick memory within the range for the CPU count, or change the CPU count.",
    example='[[vm]]\n  size = "shared-cpu-1x"\n  memory = "4gb"',
)
def memory_out_of_range(ctx):
    """Effective [[vm]] memory below or above what its CPU kind and count allow."""
    problems = []
    for path, kind, cpus, memory, key_path in _sized_vms(ctx):
        low, high = (cpus * per_cpu for per_cpu in MEMORY_PER_CPU[kind])
        if not low <= memory <= high:
            problems.append(
                Problem(
                    f"{path}: {memory} MB is outside {low}-{high} MB for {cpus} {kind} CPU(s)",
                    key_path,
                )
            )
    return problems


@rule(
    "FLY157",
    WARNING,
    "VM memory not a multiple of the allowed step",
    tags=("flyctl-misses", "vm"),
    why="Machine memory comes in steps of 256 MB (shared) or 1024 MB (performance); other "
    "amounts are refused when Machines are created or updated.",
    fix="Round memory to a multiple of the step for the CPU kind.",
    example='[[vm]]\n  memory = "300mb"',
)
def memory_step(ctx):
    """Effective [[vm]] memory that is not a multiple of 256 MB (shared) or 1024 MB
    (performance)."""
    problems = []
    for path, kind, _, memory, key_path in _sized_vms(ctx):
        step = MEMORY_STEP[kind]
        if memory % step:
            rounded = max(step, round(memory / step) * step)
            problems.append(
                Problem(
                    f"{path}: {memory} MB is not a multiple of {step} MB",
                    key_path,
                    hint=f"Use {rounded} MB.",
                )
            )
    return problems


@rule(
    "FLY158",
    WARNING,
    "Both memory and memory_mb set",
    tags=("flyctl-misses", "vm"),
    why="flyctl lets `memory` override `memory_mb` without a word, so one of the two values "
    "in the file is a lie.",
    fix="Keep only one of memory and memory_mb.",
    example="[[vm]]\n  memory = '1gb'\n  memory_mb = 256",
)
def memory_conflict(ctx):
    """A [[vm]] with both `memory` and `memory_mb`, disagreeing."""
    problems = []
    for path, vm in vm_tables(ctx):
        if "memory" not in vm or not is_int(vm.get("memory_mb")):
            continue
        memory, _ = _memory_mb(vm)
        if memory != vm["memory_mb"]:
            problems.append(
                Problem(
                    f"{path}: memory = {show(vm['memory'])} "
                    f"overrides memory_mb = {vm['memory_mb']}",
                    join_key(path, "memory_mb"),
                )
            )
    return problems
