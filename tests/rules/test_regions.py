import pytest

from tests.rules.helpers import hits

CASES = [
    pytest.param(
        "FLY152",
        'primary_region = "{REGION}"\n',
        [(1, "primary_region")],
        id="it_flags_a_malformed_region",
    ),
    pytest.param(
        "FLY152",
        'primary_region = "IAD"\n',
        [(1, "primary_region")],
        id="it_flags_an_uppercase_region",
    ),
    pytest.param("FLY152", 'primary_region = "iad"\n', [], id="it_accepts_a_region_code"),
    pytest.param(
        "FLY153",
        'app = "a"\nprimary_region = "sea"\n',
        [(2, "primary_region")],
        id="it_flags_a_deprecated_region",
    ),
    pytest.param("FLY153", 'primary_region = "sjc"\n', [], id="it_accepts_a_current_region"),
    pytest.param(
        "FLY154",
        'primary_region = "lon"\n',
        [(1, "primary_region")],
        id="it_flags_an_unknown_region",
    ),
    pytest.param(
        "FLY154", 'primary_region = "sea"\n', [], id="it_leaves_deprecated_regions_to_fly153"
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_region_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
