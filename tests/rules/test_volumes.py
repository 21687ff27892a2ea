import pytest

from tests.rules.helpers import hits

CASES = [
    pytest.param(
        "FLY119",
        '[[mounts]]\n  source = "d"\n  initial_size = "500MB"\n'
        '[[mounts]]\n  initial_size = "big"\n',
        [(3, "mounts[0].initial_size"), (5, "mounts[1].initial_size")],
        id="it_flags_volume_sizes_under_1gb_or_unparseable",
    ),
    pytest.param("FLY119", '[mounts]\n  initial_size = "1GB"\n', [], id="it_accepts_1gb"),
    pytest.param(
        "FLY120",
        "[[mounts]]\n  snapshot_retention = 90\n",
        [(2, "mounts[0].snapshot_retention")],
        id="it_flags_retention_over_60_days",
    ),
    pytest.param("FLY120", "[[mounts]]\n  snapshot_retention = 60\n", [], id="it_accepts_60_days"),
    pytest.param(
        "FLY121",
        '[[mounts]]\n  auto_extend_size_threshold = 40\n  auto_extend_size_increment = "200GB"\n'
        '  auto_extend_size_limit = "10GB"\n',
        [(2, "mounts[0].auto_extend_size_threshold"), (3, "mounts[0].auto_extend_size_increment")],
        id="it_flags_auto_extend_out_of_range",
    ),
    pytest.param(
        "FLY121",
        "[[mounts]]\n  auto_extend_size_threshold = 80\n",
        [(2, "mounts[0].auto_extend_size_threshold")],
        id="it_flags_an_incomplete_auto_extend",
    ),
    pytest.param(
        "FLY121",
        '[[mounts]]\n  auto_extend_size_threshold = 80\n  auto_extend_size_increment = "1GB"\n'
        '  auto_extend_size_limit = "10GB"\n',
        [],
        id="it_accepts_complete_auto_extend",
    ),
    pytest.param(
        "FLY183",
        '[[mounts]]\n  source = "d"\n  destination = "/"\n',
        [(3, "mounts[0].destination")],
        id="it_flags_a_mount_at_root",
    ),
    pytest.param(
        "FLY183", '[[mounts]]\n  destination = "/data"\n', [], id="it_accepts_a_mount_directory"
    ),
    pytest.param(
        "FLY188",
        '[[mounts]]\n  source = "a"\n[[mounts]]\n  source = "b"\n',
        [(3, "mounts[1]")],
        id="it_flags_two_volumes_for_one_group",
    ),
    pytest.param(
        "FLY188",
        '[processes]\n  a = "x"\n  b = "y"\n'
        '[[mounts]]\n  processes = ["a"]\n[[mounts]]\n  processes = ["b"]\n',
        [],
        id="it_accepts_one_volume_per_group",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_volume_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
