import pytest

from tests.rules.helpers import hits

CHECKED = """
[http_service]
  internal_port = 8080
  [[http_service.checks]]
    path = "/health"
"""
CASES = [
    pytest.param(
        "FLY103",
        '[deploy]\n  strategy = "blue-green"\n',
        [(2, "deploy.strategy")],
        id="it_flags_an_unknown_strategy",
    ),
    pytest.param(
        "FLY103",
        '[[restart]]\n  policy = "no"\n',
        [(2, "restart[0].policy")],
        id="it_flags_the_api_only_restart_policy_no",
    ),
    pytest.param(
        "FLY103",
        '[build]\n  compression = "xz"\n',
        [(2, "build.compression")],
        id="it_flags_an_unknown_compression",
    ),
    pytest.param(
        "FLY103",
        '[http_service]\n  auto_stop_machines = "pause"\n',
        [(2, "http_service.auto_stop_machines")],
        id="it_flags_an_unknown_autostop_value",
    ),
    pytest.param(
        "FLY103",
        '[[vm]]\n  persist_rootfs = "sometimes"\n',
        [(2, "vm[0].persist_rootfs")],
        id="it_flags_persist_rootfs",
    ),
    pytest.param(
        "FLY103",
        '[deploy]\n  strategy = "rolling"\n[http_service]\n  auto_stop_machines = "suspend"\n',
        [],
        id="it_accepts_values_flyctl_knows",
    ),
    pytest.param(
        "FLY104",
        """
        console_command = "rails c"
        [deploy]
          release_command = "sh -c 'migrate"
        [processes]
          web = 'echo "hi'
        """,
        [(3, "deploy.release_command"), (5, "processes.web")],
        id="it_flags_commands_with_unbalanced_quotes",
    ),
    pytest.param(
        "FLY104",
        "[deploy]\n  release_command = \"sh -c 'a b'\"\n",
        [],
        id="it_accepts_quoted_commands",
    ),
    pytest.param(
        "FLY105",
        'kill_timeout = "5 seconds"\n[[http_service.checks]]\n  interval = "10sec"\n',
        [(1, "kill_timeout"), (3, "http_service.checks[0].interval")],
        id="it_flags_durations_go_cannot_parse",
    ),
    pytest.param("FLY105", 'kill_timeout = "1m30s"\n', [], id="it_accepts_go_durations"),
    pytest.param(
        "FLY106",
        '[build]\n  image = "ghcr.io/a/b:1"\n  dockerfile = "Dockerfile"\n',
        [(1, "build")],
        id="it_warns_about_several_build_strategies",
    ),
    pytest.param(
        "FLY106",
        '[build]\n  builder = "paketo"\n  buildpacks = ["x"]\n',
        [],
        id="it_counts_builder_and_buildpacks_once",
    ),
    pytest.param(
        "FLY107",
        '[deploy]\n  strategy = "canary"\n[[mounts]]\n  source = "d"\n  destination = "/d"\n',
        [(2, "deploy.strategy")],
        id="it_flags_canary_with_mounts",
    ),
    pytest.param(
        "FLY107", '[deploy]\n  strategy = "canary"\n', [], id="it_accepts_canary_without_mounts"
    ),
    pytest.param(
        "FLY108",
        '[deploy]\n  strategy = "bluegreen"\n[mounts]\n  source = "d"\n  destination = "/d"\n',
        [(2, "deploy.strategy")],
        id="it_flags_bluegreen_with_mounts",
    ),
    pytest.param(
        "FLY108",
        '[deploy]\n  strategy = "rolling"\n[mounts]\n  source = "d"\n',
        [],
        id="it_accepts_rolling_with_mounts",
    ),
    pytest.param(
        "FLY109",
        '[deploy]\n  strategy = "bluegreen"\n[http_service]\n  internal_port = 8080\n',
        [(2, "deploy.strategy")],
        id="it_flags_bluegreen_without_checks",
    ),
    pytest.param(
        "FLY109",
        '[deploy]\n  strategy = "bluegreen"\n' + CHECKED,
        [],
        id="it_accepts_bluegreen_with_checks",
    ),
    pytest.param(
        "FLY110",
        '[checks.alive]\n  port = 8080\n[checks.ready]\n  type = "grpc"\n',
        [(1, "checks.alive"), (4, "checks.ready.type")],
        id="it_flags_top_level_checks_without_a_valid_type",
    ),
    pytest.param("FLY110", '[checks.alive]\n  type = "tcp"\n', [], id="it_accepts_tcp_checks"),
    pytest.param(
        "FLY111",
        '[checks.alive]\n  type = "tcp"\n  interval = "1s"\n',
        [(3, "checks.alive.interval")],
        id="it_flags_a_top_level_interval_under_2s",
    ),
    pytest.param(
        "FLY111",
        '[checks.alive]\n  type = "tcp"\n  interval = 2000\n',
        [],
        id="it_reads_integer_intervals_as_ms",
    ),
    pytest.param(
        "FLY112",
        '[checks.alive]\n  type = "tcp"\n  timeout = "2m"\n',
        [(3, "checks.alive.timeout")],
        id="it_flags_a_top_level_timeout_over_60s",
    ),
    pytest.param(
        "FLY112",
        '[checks.alive]\n  type = "tcp"\n  timeout = "60s"\n',
        [],
        id="it_accepts_a_60s_timeout",
    ),
    pytest.param(
        "FLY113",
        '[[services]]\n  [[services.tcp_checks]]\n    interval = "5m"\n    timeout = "500ms"\n',
        [(3, "services[0].tcp_checks[0].interval"), (4, "services[0].tcp_checks[0].timeout")],
        id="it_warns_about_clamped_service_check_durations",
    ),
    pytest.param(
        "FLY113",
        '[[http_service.checks]]\n  interval = "15s"\n  grace_period = "0s"\n',
        [],
        id="it_accepts_durations_within_a_second_and_a_minute",
    ),
]


@pytest.mark.parametrize(("rule", "fly_toml", "expected"), CASES)
def test_flyctl_rule(rule, fly_toml, expected):
    assert hits(rule, fly_toml) == expected
