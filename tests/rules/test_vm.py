import pytest

from tests.rules.helpers import hits

CASES = [
    pytest.param(
        "FLY124",
        '[[vm]]\n  size = "shared-1x"\n',
        [(2, "vm[0].size")],
        id="it_flags_an_unknown_vm_size",
    ),
    pytest.param(
        "FLY124",
        '[deploy.release_command_vm]\n  size = "performance-3x"\n',
        [(2, "deploy.release_command_vm.size")],
        id="it_checks_the_release_command_vm_too",
    ),
    pytest.param("FLY124", '[[vm]]\n  size = "performance-16x"\n', [], id="it_accepts_a_preset"),
    pytest.param(
        "FLY125",
        '[[vm]]\n  memory = "1 gig"\n',
        [(2, "vm[0].memory")],
        id="it_flags_unparseable_memory",
    ),
    pytest.param(
        "FLY125", "[[vm]]\n  memory = 0\n", [(2, "vm[0].memory")], id="it_flags_zero_memory"
    ),
    pytest.param("FLY125", '[[vm]]\n  memory = "1gb"\n', [], id="it_accepts_memory_with_units"),
    pytest.param(
        "FLY155",
        '[[vm]]\n  cpu_kind = "shared"\n  cpus = 3\n[[vm]]\n  cpu_kind = "dedicated"\n',
        [(3, "vm[0].cpus"), (5, "vm[1].cpu_kind")],
        id="it_flags_invalid_cpu_kinds_and_counts",
    ),
    pytest.param(
        "FLY155",
        '[[vm]]\n  cpu_kind = "performance"\n  cpus = 16\n',
        [],
        id="it_accepts_16_performance_cpus",
    ),
    pytest.param(
        "FLY156",
        '[[vm]]\n  size = "shared-cpu-1x"\n  memory = "4gb"\n',
        [(3, "vm[0].memory")],
        id="it_flags_memory_above_the_cpu_range",
    ),
    pytest.param(
        "FLY156",
        '[[vm]]\n  size = "performance-1x"\n  memory_mb = 1024\n',
        [(3, "vm[0].memory_mb")],
        id="it_flags_memory_below_the_cpu_range",
    ),
    pytest.param(
        "FLY156", '[[vm]]\n  cpus = 2\n  memory = "2gb"\n', [], id="it_accepts_memory_in_range"
    ),
    pytest.param(
        "FLY157",
        '[[vm]]\n  memory = "300mb"\n',
        [(2, "vm[0].memory")],
        id="it_warns_about_memory_steps",
    ),
    pytest.param("FLY157", '[[vm]]\n  memory = "512mb"\n', [], id="it_accepts_multiples_of_256mb"),
    pytest.param(
        "FLY158",
        "[[vm]]\n  memory = '1gb'\n  memory_mb = 256\n",
        [(3, "vm[0].memory_mb")],
        id="it_warns_when_memory_overrides_memory_mb",
    ),
    pytest.param(
        "FLY158",
        "[[vm]]\n  memory = '1gb'\n  memory_mb = 1024\n",
        [],
        id="it_accepts_agreeing_values",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_vm_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
