import pytest

from configs.rules import Policy
from tests.rules.helpers import CLEAN_FLY_TOML, hits

TWO_PROCESSES = """\
# fly secrets set DATABASE_URL=...
app = "shop"
primary_region = "lhr"
[processes]
  api = "node dist/server.js"
  worker = "node dist/worker.js"
[http_service]
  internal_port = 8080
  processes = ["api", "worker"]
  [[http_service.checks]]
    path = "/health"
"""


@pytest.mark.parametrize(
    ("rule", "policy", "expected"),
    [
        pytest.param(
            "POL401", Policy(expected_app="shop-prod"), [(2, "app")], id="it_flags_another_app_name"
        ),
        pytest.param("POL401", Policy(expected_app="shop"), [], id="it_accepts_the_expected_app"),
        pytest.param(
            "POL402",
            Policy(required_primary_region="iad"),
            [(3, "primary_region")],
            id="it_flags_another_primary_region",
        ),
        pytest.param(
            "POL402", Policy(required_primary_region="lhr"), [], id="it_accepts_the_required_region"
        ),
        pytest.param(
            "POL403",
            Policy(allowed_regions=("ams", "fra")),
            [(3, "primary_region")],
            id="it_flags_a_region_outside_the_allowed_ones",
        ),
        pytest.param(
            "POL403", Policy(allowed_regions=("lhr", "ams")), [], id="it_accepts_an_allowed_region"
        ),
        pytest.param(
            "POL404",
            Policy(required_processes=("api", "cron")),
            [(4, "processes")],
            id="it_flags_a_missing_required_process",
        ),
        pytest.param(
            "POL404",
            Policy(required_processes=("api", "worker")),
            [],
            id="it_accepts_required_processes",
        ),
        pytest.param(
            "POL405",
            Policy(unexposed_processes=("worker",)),
            [(9, "http_service.processes")],
            id="it_flags_an_exposed_worker",
        ),
        pytest.param(
            "POL405", Policy(unexposed_processes=("cron",)), [], id="it_accepts_unexposed_processes"
        ),
        pytest.param(
            "POL406",
            Policy(required_internal_port=3000),
            [(8, "http_service.internal_port")],
            id="it_flags_a_service_on_another_port",
        ),
        pytest.param(
            "POL406", Policy(required_internal_port=8080), [], id="it_accepts_the_required_port"
        ),
        pytest.param(
            "POL407",
            Policy(health_check_path="/healthz"),
            [(7, "http_service")],
            id="it_flags_a_missing_health_check_path",
        ),
        pytest.param(
            "POL407", Policy(health_check_path="/health"), [], id="it_accepts_the_health_check_path"
        ),
        pytest.param(
            "POL408",
            Policy(required_secrets=("DATABASE_URL", "STRIPE_KEY")),
            [(1, "")],
            id="it_flags_an_undocumented_required_secret",
        ),
        pytest.param(
            "POL408",
            Policy(required_secrets=("DATABASE_URL",)),
            [],
            id="it_accepts_documented_secrets",
        ),
    ],
)
def test_policy_rule(rule, policy, expected):
    assert hits(rule, TWO_PROCESSES, policy=policy) == expected


def test_an_empty_policy_checks_nothing():
    assert [line for line in hits("POL401", CLEAN_FLY_TOML)] == []
